import { createPipeline } from "./eval/pipeline.js";

const p = await createPipeline();
const r = p.edition.vocabulary.planReadings ?? {};
console.log(Object.keys(r).length);
for (const k of [
  "シミンカツドウホケン",
  "ボウサイクンレン",
  "ケイカンシャシンテン",
  "ガイブヒョウカ",
  "ケイカンジョウレイ",
  "ホケン",
])
  console.log(k, r[k]);
