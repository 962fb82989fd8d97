import { createPipeline } from "./eval/pipeline.js";
import { firstMessageText } from "./eval/score.js";

const p = await createPipeline();
for (const q of process.argv.slice(2)) {
  const t = firstMessageText(await p.reply(q));
  console.log("## " + q + "\n" + t.split("\n").slice(0, 9).join("\n"));
}
