import { getTokenizer } from "../src/nlp/index.js";

const t = await getTokenizer();
for (const q of process.argv.slice(2))
  console.log(
    t
      .tokenize(q)
      .map((x) => `${x.surface}/${x.pos}/${x.posDetail}`)
      .join(" "),
  );
