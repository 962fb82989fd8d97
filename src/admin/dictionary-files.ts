// The staff dictionaries as the console edits them: validated as the CLI validates them, published
// with the live plan as a new edition (so the bot answers with them at once, and a rollback undoes
// them), then written to DATA_DIR/dictionaries/ for the editions published after (never index-data/,
// which is the image's and only seeds them).
import type { DictionaryOutcome } from "../editions/index.js";
import { readStaffDictionaries, writeStaffDictionaries } from "../editions/index.js";
import {
  checkDictionaries,
  DEPARTMENT_ALIASES_FILE,
  type DictionaryIssue,
  type DictionaryTexts,
  SYNONYMS_FILE,
} from "../index/index.js";

export const DICTIONARY_FIELDS = {
  synonyms: SYNONYMS_FILE,
  departmentAliases: DEPARTMENT_ALIASES_FILE,
} as const;

export type DictionarySave =
  | { ok: true; changed: string[]; edition: string | null }
  | { ok: false; issues: DictionaryIssue[] }
  | { ok: false; issues: []; problem: string };

export interface DictionaryFiles {
  read(): Promise<DictionaryTexts>;
  save(texts: DictionaryTexts, actor: string): Promise<DictionarySave>;
}

export const MAX_DICTIONARY_BYTES = 512 * 1024;

/** Line endings as the files keep them. */
const normalize = (text: string | undefined) => (text ?? "").replace(/\r\n?/g, "\n");

export function createDictionaryFiles(deps: {
  dataDir: string;
  indexDataDir: string;
  /** Publishes the live plan with these dictionaries (EditionService.publishDictionaries fits). */
  publish: (texts: DictionaryTexts, options: { actor: string }) => Promise<DictionaryOutcome>;
  /** Makes the server serve what was just published. */
  reload: () => Promise<unknown>;
}): DictionaryFiles {
  const read = () => readStaffDictionaries(deps);

  return {
    read,
    async save(texts, actor) {
      const next: DictionaryTexts = Object.fromEntries(
        Object.values(DICTIONARY_FIELDS).map((file) => [file, normalize(texts[file])]),
      );
      const issues = checkDictionaries(next);
      if (issues.length > 0) return { ok: false, issues };
      const current = await read();
      const changed = Object.values(DICTIONARY_FIELDS).filter(
        (file) => normalize(current[file]) !== next[file],
      );
      if (changed.length === 0) return { ok: true, changed, edition: null };
      const outcome = await deps.publish(next, { actor });
      switch (outcome.status) {
        case "invalid":
          return { ok: false, issues: outcome.issues };
        case "locked":
          return {
            ok: false,
            issues: [],
            problem: "別の取り込みが実行中です。しばらくしてからもう一度保存してください。",
          };
        case "none":
          return { ok: false, issues: [], problem: "稼働中の版がないため反映できません。" };
        case "published":
          await writeStaffDictionaries(
            deps.dataDir,
            Object.fromEntries(changed.map((file) => [file, next[file] ?? ""])),
          );
          await deps.reload();
          return { ok: true, changed, edition: outcome.id };
      }
    },
  };
}
