// Short names for projects (具体的な事業): the distinctive words of each title, for buttons and lists.
import { isHiragana } from "./normalize.js";
import type { Word } from "./words.js";

/** LINE shows at most 20 characters on a quick-reply button. */
export const SHORT_NAME_LENGTH = 20;
const JOINER = "・";
/** Words that name no project in particular. */
const PLAN_WORDS = new Set(["事業", "実施", "市", "白井市", "こと", "ため", "など", "もの", "よう"]);
const BRACKETS = /[()（）「」『』［］[\]]/u;
const LEADING_NUMBER = /^[①-⑳\d０-９]+[.．、)）]?\s*/;

export interface TitleWords {
  id: string;
  title: string;
  /** The title's words, as the edition's word extractor split them. */
  words: readonly Word[];
}

function candidatesOf(words: readonly Word[]): Word[] {
  const out: Word[] = [];
  for (const word of words) {
    const { surface } = word;
    if (word.pos !== "noun" || PLAN_WORDS.has(surface) || surface.length < 2) continue;
    // Kana-only words (もと, きっかけ) and bracketed asides say little on their own.
    if (isHiragana(surface) || BRACKETS.test(surface)) continue;
    if (word.surface.length <= SHORT_NAME_LENGTH) out.push(word);
    else out.push(...candidatesOf(word.parts));
  }
  return out;
}

/** The word with the title's own letter case (surfaces are lower-cased): PR活動, not pr活動. */
function asWritten(title: string, surface: string): string {
  const written = title.normalize("NFKC");
  const at = written.toLowerCase().indexOf(surface);
  return at >= 0 ? written.slice(at, at + surface.length) : surface;
}

/**
 * Each title ≤ 20 characters as it is; a longer one becomes its rarest nouns (rare among all the
 * edition's titles), in title order, joined with 「・」 within 20 characters. Linear in the titles' length.
 */
export function shortNamesOf(titles: readonly TitleWords[]): Map<string, string> {
  const titleCount = new Map<string, number>();
  const candidates = titles.map((t) => {
    const words = candidatesOf(t.words);
    for (const surface of new Set(words.map((w) => w.surface)))
      titleCount.set(surface, (titleCount.get(surface) ?? 0) + 1);
    return words;
  });
  const names = new Map<string, string>();
  titles.forEach((t, i) => {
    const title = t.title.trim().replace(LEADING_NUMBER, "");
    if (title.length <= SHORT_NAME_LENGTH) {
      names.set(t.id, title);
      return;
    }
    const unique = [...new Map((candidates[i] ?? []).map((w) => [w.surface, w])).values()];
    const byRarity = [...unique].sort(
      (a, b) =>
        (titleCount.get(a.surface) ?? 0) - (titleCount.get(b.surface) ?? 0) ||
        b.surface.length - a.surface.length ||
        a.start - b.start,
    );
    const chosen: Word[] = [];
    let length = 0;
    for (const word of byRarity) {
      const added = word.surface.length + (chosen.length > 0 ? JOINER.length : 0);
      if (length + added > SHORT_NAME_LENGTH) continue;
      // A word inside one already chosen adds nothing.
      if (chosen.some((c) => c.surface.includes(word.surface) || word.surface.includes(c.surface))) continue;
      chosen.push(word);
      length += added;
      if (chosen.length === 3) break;
    }
    const name = chosen
      .sort((a, b) => a.start - b.start)
      .map((w) => asWritten(title, w.surface))
      .join(JOINER);
    // A title without nouns (rare): its opening words.
    names.set(t.id, name || title.slice(0, SHORT_NAME_LENGTH).replace(/[、。・,\s]+$/u, ""));
  });
  return names;
}
