import { createPipeline } from "./eval/pipeline.js";

const p = await createPipeline();
const a = (await import("../src/nlp/index.js")).createQuestionAnalyzer({
  tokenizer: await (await import("../src/nlp/index.js")).getTokenizer(),
  vocabulary: p.edition.vocabulary,
});
for (const q of process.argv.slice(2)) {
  const r = a.analyze(q);
  console.log(
    q,
    r.intent,
    JSON.stringify(r.terms.map((t) => [t.surface, t.forms.slice(0, 6), t.weight])),
    JSON.stringify(r.filter),
    r.yearMentions,
  );
}
