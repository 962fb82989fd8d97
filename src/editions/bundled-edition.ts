// Edition files as staff publish them: what a file is (its EditionInfo) and the edition bundled in
// index-data/, served until the first reindex writes a snapshot. Parsing is plan/'s; index/ only
// receives the result.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { DICTIONARY_FILES, type EditionInfo, readDictionaryTexts } from "../index/index.js";
import { type Plan, parsePlan, planStatistics } from "../plan/index.js";
import { readFileBounded } from "./bounded-read.js";
import { sha256Of } from "./edition-info.js";
import type { Snapshot } from "./snapshot-store.js";

export function editionInfoOf(
  plan: Plan,
  source: { name: string; bytes: Uint8Array },
  indexedAt = new Date(),
): EditionInfo {
  const stats = planStatistics(plan);
  return {
    source: source.name,
    sha256: sha256Of(source.bytes),
    indexedAt: indexedAt.toISOString(),
    edition: plan.edition,
    projects: stats.projects,
    actions: stats.actions,
  };
}

export class BundledEditionError extends Error {
  override readonly name = "BundledEditionError";
  readonly code: "BUNDLED_EDITION_MISSING" | "BUNDLED_EDITION_INVALID";

  constructor(code: BundledEditionError["code"], message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** index-data/ is staff-writable: even the bundled edition is read with a bound. */
const BUNDLED_EDITION_MAX_BYTES = 20 * 1024 * 1024;

const DICTIONARIES = new Set(DICTIONARY_FILES);

/**
 * The newest edition in indexDataDir: editions are named by date (…-2018-07.txt), so the greatest
 * name wins. The dictionaries are not editions.
 */
export async function findBundledEdition(indexDataDir: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(indexDataDir);
  } catch (cause) {
    throw new BundledEditionError("BUNDLED_EDITION_MISSING", `cannot list ${indexDataDir}`, { cause });
  }
  const editions = names.filter((name) => name.endsWith(".txt") && !DICTIONARIES.has(name)).sort();
  const newest = editions[editions.length - 1];
  if (!newest) {
    throw new BundledEditionError("BUNDLED_EDITION_MISSING", `no edition (*.txt) in ${indexDataDir}`);
  }
  return path.join(indexDataDir, newest);
}

export async function loadBundledEdition(indexDataDir: string): Promise<Snapshot> {
  const file = await findBundledEdition(indexDataDir);
  const bytes = await readFileBounded(file, BUNDLED_EDITION_MAX_BYTES);
  const result = parsePlan(bytes);
  const name = path.basename(file);
  if (!result.ok) {
    throw new BundledEditionError(
      "BUNDLED_EDITION_INVALID",
      `bundled edition ${name} does not validate:\n${result.issues
        .filter((issue) => issue.severity === "error")
        .map((issue) => `  ${name}:${issue.line}: [${issue.code}] ${issue.message}`)
        .join("\n")}`,
    );
  }
  return {
    plan: result.plan,
    info: editionInfoOf(result.plan, { name, bytes }),
    dictionaries: await readDictionaryTexts(indexDataDir),
  };
}
