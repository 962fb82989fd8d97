// What stops a staff member's honest mistake from reaching citizens: a truncated list, an old file,
// the same file twice. Each guard is a verdict with its reason in Japanese and English.
import type { DictionaryTexts } from "../index/index.js";
import {
  compareEditionDates,
  editionDateOf,
  type Plan,
  type PlanDiff,
  planStatistics,
} from "../plan/index.js";
import { sha256Of } from "./edition-info.js";

export type GuardCode = "removes-projects" | "older-edition" | "identical";

export interface GuardVerdict {
  code: GuardCode;
  ja: string;
  en: string;
}

export interface GuardOptions {
  /** Refuse when more than this share of the live projects disappears (default 0.1). */
  maxRemovedShare?: number;
}

export const DEFAULT_MAX_REMOVED_SHARE = 0.1;

/** The plan without source line numbers: two files with the same content give the same print. */
export function planFingerprint(plan: Plan, dictionaries: DictionaryTexts | undefined): string {
  const body = JSON.stringify(plan, (key, value: unknown) => (key === "line" ? undefined : value));
  const words = dictionaries
    ? JSON.stringify(Object.entries(dictionaries).sort(([a], [b]) => a.localeCompare(b)))
    : "";
  return sha256Of(`${body}\u0000${words}`);
}

export interface GuardInput {
  candidate: { plan: Plan; dictionaries: DictionaryTexts };
  live: { plan: Plan; dictionaries?: DictionaryTexts } | null;
  diff: PlanDiff;
}

/** The guards the candidate trips against the live edition; [] when it may be published as is. */
export function checkGuards(input: GuardInput, options: GuardOptions = {}): GuardVerdict[] {
  const { candidate, live, diff } = input;
  if (!live) return [];
  const verdicts: GuardVerdict[] = [];
  if (
    planFingerprint(candidate.plan, candidate.dictionaries) === planFingerprint(live.plan, live.dictionaries)
  ) {
    verdicts.push({
      code: "identical",
      ja: "稼働中の版と同じ内容です。公開しても何も変わりません（戻す先の版もそのまま残します）。",
      en: "identical to the live edition: publishing it would change nothing (the rollback point is kept).",
    });
    return verdicts;
  }
  const liveProjects = planStatistics(live.plan).projects;
  const removed = diff.removedProjects.length;
  const share = options.maxRemovedShare ?? DEFAULT_MAX_REMOVED_SHARE;
  if (liveProjects > 0 && removed / liveProjects > share) {
    const percent = Math.round((removed / liveProjects) * 100);
    verdicts.push({
      code: "removes-projects",
      ja: `稼働中の ${liveProjects} 事業のうち ${removed} 事業（${percent}%）がなくなります。ファイルが途中で切れていないか確認してください。`,
      en: `${removed} of the ${liveProjects} live projects (${percent}%) would disappear: check that the file is complete.`,
    });
  }
  const from = editionDateOf(live.plan.edition);
  const to = editionDateOf(candidate.plan.edition);
  if (from && to && compareEditionDates(to, from) < 0) {
    verdicts.push({
      code: "older-edition",
      ja: `稼働中の版（${live.plan.edition}）より古い版（${candidate.plan.edition}）です。`,
      en: `older (${candidate.plan.edition}) than the live edition (${live.plan.edition}).`,
    });
  }
  return verdicts;
}
