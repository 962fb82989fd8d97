import { createWordExtractor, getTokenizer } from "../src/nlp/index.js";

const e = createWordExtractor(await getTokenizer(), {});
for (const q of process.argv.slice(2))
  console.log(
    JSON.stringify(
      e.extract(q).words.map((w) => [w.surface, w.reading, w.parts.map((p) => p.surface + ":" + p.reading)]),
    ),
  );
