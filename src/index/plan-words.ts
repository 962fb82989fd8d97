// One pass of word extraction over a plan's texts, shared by documents and the reading lexicon.
import { createWordExtractor, type JapaneseTokenizer, type Vocabulary, type Word } from "../nlp/index.js";
import type { Measure, Pillar, Plan, Project, Section } from "../plan/index.js";

export interface ProjectWords {
  pillar: Pillar;
  section: Section;
  measure: Measure;
  project: Project;
  pillarTitle: Word[];
  sectionTitle: Word[];
  measureTitle: Word[];
  measureDescription: Word[];
  title: Word[];
  actions: Word[][];
}

export function extractPlanWords(
  plan: Plan,
  tokenizer: JapaneseTokenizer,
  vocabulary?: Pick<Vocabulary, "synonyms">,
): ProjectWords[] {
  const extractor = createWordExtractor(tokenizer, { userWords: vocabulary?.synonyms.flat() ?? [] });
  // Titles and descriptions repeat for every project under them: extract each text once.
  const seen = new Map<string, Word[]>();
  const wordsOf = (text: string | null): Word[] => {
    if (!text) return [];
    let words = seen.get(text);
    if (!words) {
      words = extractor.extract(text).words;
      seen.set(text, words);
    }
    return words;
  };
  const result: ProjectWords[] = [];
  for (const pillar of plan.pillars)
    for (const section of pillar.sections)
      for (const measure of section.measures)
        for (const project of measure.projects) {
          result.push({
            pillar,
            section,
            measure,
            project,
            pillarTitle: wordsOf(pillar.subtitle ? `${pillar.title} ${pillar.subtitle}` : pillar.title),
            sectionTitle: wordsOf(section.title),
            measureTitle: wordsOf(measure.title),
            measureDescription: wordsOf(measure.description),
            title: wordsOf(project.title),
            actions: project.actions.map((action) => wordsOf(action.text)),
          });
        }
  return result;
}

/** Reading → written words, over every word and compound part of the plan. */
export function planReadingsOf(projects: readonly ProjectWords[]): Record<string, string[]> {
  const readings = new Map<string, Set<string>>();
  const add = (word: Word) => {
    const key = word.reading ?? word.surface;
    const set = readings.get(key) ?? new Set<string>();
    set.add(word.surface);
    readings.set(key, set);
    for (const part of word.parts) add(part);
  };
  const visited = new Set<Word[]>();
  for (const p of projects) {
    for (const words of [
      p.pillarTitle,
      p.sectionTitle,
      p.measureTitle,
      p.measureDescription,
      p.title,
      ...p.actions,
    ]) {
      if (visited.has(words)) continue;
      visited.add(words);
      for (const word of words) add(word);
    }
  }
  return Object.fromEntries([...readings].map(([reading, words]) => [reading, [...words]]));
}
