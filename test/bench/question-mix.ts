// Question mixes for the webhook benchmarks: a few questions repeating, or questions that never repeat.
import { readFileSync } from "node:fs";

/** A few questions asked again and again (as after a newsletter): the answer cache helps. */
export const REPEATING_QUESTIONS = [
  "防災訓練は実施された？",
  "景観写真展は開催されましたか？",
  "市民活動保険はいつから始まった？",
  "未実施の事業はいくつありますか",
  "都市計画課が担当している事業は？",
  "ボランテアの休暇",
  "こんにちは",
  "市民活動団体への補助はどうなっていますか",
];

/** Every evaluation question, each in several wordings citizens use: thousands of distinct texts. */
export function neverRepeating(count: number): string[] {
  const asked = ["questions.jsonl", "questions-extra.jsonl", "questions-paraphrased.jsonl"].flatMap((file) =>
    readFileSync(new URL(`../eval/${file}`, import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { question: string }).question),
  );
  const openings = ["", "すみません、", "質問です。", "教えてください。", "あの、", "白井市の計画で、"];
  const closings = ["", "？", "教えて", "知りたいです", "お願いします"];
  const texts = new Set<string>();
  for (const closing of closings)
    for (const opening of openings)
      for (const question of asked) texts.add(`${opening}${question}${closing}`);
  const distinct = [...texts];
  // Past the distinct texts, a round number keeps each one new.
  return Array.from({ length: count }, (_, i) => {
    const round = Math.floor(i / distinct.length);
    return `${distinct[i % distinct.length]}${round > 0 ? `（${round}）` : ""}`;
  });
}
