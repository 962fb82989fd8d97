// npm run eval:synonyms — what the Sudachi base layer adds: questions passing only with it (recall
// gained), and first messages it changes in every set (where a false match would show).
import { createAnswerer } from "../../src/answer/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { renderAnswer } from "../../src/line/render/index.js";
import { getTokenizer } from "../../src/nlp/index.js";
import { loadQuestions, QUESTION_FILES, seedEdition } from "./pipeline.js";
import { firstMessageText, scoreAnswer } from "./score.js";

const tokenizer = await getTokenizer();
const withLayer = await seedEdition();
const withoutLayer: IndexedEdition = {
  ...withLayer,
  vocabulary: { ...withLayer.vocabulary, baseSynonyms: {} },
};
const answererOf = (edition: IndexedEdition) =>
  createAnswerer({ live: { current: () => edition }, tokenizer, cacheSize: 0 });
const [on, off] = [answererOf(withLayer), answererOf(withoutLayer)];

console.log(
  `Sudachi layer: ${Object.keys(withLayer.vocabulary.baseSynonyms ?? {}).length} words lead to plan words`,
);
let gained = 0;
let lost = 0;
let changed = 0;
for (const file of QUESTION_FILES) {
  for (const question of loadQuestions(file)) {
    const a = renderAnswer(await on.answer(question.question));
    const b = renderAnswer(await off.answer(question.question));
    const passOn = scoreAnswer(question, a).passed;
    const passOff = scoreAnswer(question, b).passed;
    if (firstMessageText(a) !== firstMessageText(b)) {
      changed++;
      console.log(
        `changed ${file} ${question.id} ${question.question}: ${passOff ? "pass" : "fail"} → ${passOn ? "pass" : "fail"}`,
      );
    }
    if (passOn && !passOff) gained++;
    if (!passOn && passOff) lost++;
  }
}
console.log(`recall gained ${gained}, answers lost ${lost}, first messages changed ${changed}`);
