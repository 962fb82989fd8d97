// Zero-downtime publishing: a fresh temp index, verified, swapped atomically with the live one.
import { type EnqueuedTaskPromise, Meilisearch } from "meilisearch";
import type { Vocabulary } from "../nlp/index.js";
import type { SearchDocument } from "./documents.js";
import { meilisearchCall, SearchServiceError } from "./meilisearch-errors.js";
import {
  MEILISEARCH_PRIMARY_KEY,
  meilisearchSettings,
  toMeilisearchDocuments,
} from "./meilisearch-settings.js";

export interface MeilisearchPublisherOptions {
  host: string;
  apiKey?: string;
  /** The live index uid. The previous edition is kept as `<index>_previous`. */
  index: string;
  /** Per HTTP request; default 10 s. */
  requestTimeoutMs?: number;
  /** Per awaited task (settings, documents, swap); default 120 s. */
  taskTimeoutMs?: number;
}

export interface PublishResult {
  index: string;
  /** Where the edition served before is kept; null on the first publish. */
  previous: string | null;
  documents: number;
}

export type ProgressListener = (step: string) => void;

export interface PublishIndexOptions {
  /**
   * Names the temp index (`<index>_tmp_<edition>`): a publish deletes only its own leftover, never the
   * temp index of another publish running meanwhile (another replica). Letters, digits, _ and -.
   */
  edition?: string;
}

/** A temp index older than this belongs to no running publish: an interrupted one left it. */
export const STALE_TEMP_INDEX_MS = 3_600_000;

export interface MeilisearchPublisher {
  readonly index: string;
  readonly previousIndex: string;
  /** Every temp index starts with this. */
  readonly tempPrefix: string;
  publish(
    documents: readonly SearchDocument[],
    vocabulary: Pick<Vocabulary, "synonyms">,
    progress?: ProgressListener,
    options?: PublishIndexOptions,
  ): Promise<PublishResult>;
  /** Swaps the live and the previous index back; false when there is no previous index. */
  rollback(progress?: ProgressListener): Promise<boolean>;
  /** Uids of all indexes on the server (for checks and cleanup). */
  indexes(): Promise<string[]>;
  /** Deletes leftover temp indexes of interrupted runs; returns their uids. */
  deleteTempIndexes(): Promise<string[]>;
  /** Documents in the live index: what Meilisearch serves; 0 when the index does not exist. */
  servedDocuments(): Promise<number>;
}

export function createMeilisearchPublisher(options: MeilisearchPublisherOptions): MeilisearchPublisher {
  const { index } = options;
  const taskTimeout = options.taskTimeoutMs ?? 120_000;
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    timeout: options.requestTimeoutMs ?? 10_000,
    defaultWaitOptions: { timeout: taskTimeout },
  });
  const previousIndex = `${index}_previous`;
  const tempPrefix = `${index}_tmp_`;

  async function run(operation: string, enqueue: () => EnqueuedTaskPromise): Promise<void> {
    const task = await meilisearchCall(operation, () => enqueue().waitTask({ timeout: taskTimeout }));
    if (task.status !== "succeeded") {
      throw new SearchServiceError(
        "SEARCH_TASK_FAILED",
        `${operation}: task ${task.uid} ${task.status}${task.error ? `: ${task.error.code} ${task.error.message}` : ""}`,
        { serviceCode: task.error?.code ?? null },
      );
    }
  }

  async function exists(uid: string): Promise<boolean> {
    try {
      await meilisearchCall(`look up index ${uid}`, () => client.getRawIndex(uid));
      return true;
    } catch (error) {
      if (error instanceof SearchServiceError && error.serviceCode === "index_not_found") return false;
      throw error;
    }
  }

  async function listIndexes(): Promise<{ uid: string; createdAt: string }[]> {
    const found: { uid: string; createdAt: string }[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await meilisearchCall("list indexes", () => client.getRawIndexes({ offset, limit: 100 }));
      found.push(...page.results.map((r) => ({ uid: r.uid, createdAt: String(r.createdAt) })));
      if (page.results.length < 100) return found;
    }
  }

  async function indexes(): Promise<string[]> {
    return (await listIndexes()).map((r) => r.uid);
  }

  async function deleteIndex(uid: string): Promise<void> {
    if (await exists(uid)) await run(`delete index ${uid}`, () => client.deleteIndex(uid));
  }

  async function deleteTempIndexes(): Promise<string[]> {
    const stale = (await indexes()).filter((uid) => uid.startsWith(tempPrefix));
    for (const uid of stale) await deleteIndex(uid);
    return stale;
  }

  async function writeTemp(
    temp: string,
    documents: readonly SearchDocument[],
    vocabulary: Pick<Vocabulary, "synonyms">,
    progress: ProgressListener,
  ): Promise<void> {
    progress(`一時インデックス ${temp} を作成`);
    await run(`create index ${temp}`, () =>
      client.createIndex(temp, { primaryKey: MEILISEARCH_PRIMARY_KEY }),
    );
    const target = client.index(temp);
    progress("設定を適用");
    await run(`settings of ${temp}`, () => target.updateSettings(meilisearchSettings(vocabulary)));
    progress(`${documents.length} 件の文書を登録`);
    await run(`documents of ${temp}`, () =>
      target.addDocuments(toMeilisearchDocuments(documents), { primaryKey: MEILISEARCH_PRIMARY_KEY }),
    );
    progress("件数を検証");
    const stats = await meilisearchCall(`stats of ${temp}`, () => target.getStats());
    if (stats.numberOfDocuments !== documents.length) {
      throw new SearchServiceError(
        "SEARCH_VERIFY_FAILED",
        `index ${temp} holds ${stats.numberOfDocuments} documents, expected ${documents.length}`,
      );
    }
  }

  return {
    index,
    previousIndex,
    tempPrefix,
    indexes,
    deleteTempIndexes,

    async publish(documents, vocabulary, progress = () => {}, publishOptions = {}) {
      const suffix =
        publishOptions.edition ?? `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      const temp = `${tempPrefix}${suffix}`;
      // Only this edition's own leftover, and leftovers too old to belong to a publish still running.
      const cutoff = Date.now() - STALE_TEMP_INDEX_MS;
      const stale = (await listIndexes())
        .filter((r) => r.uid.startsWith(tempPrefix))
        .filter((r) => r.uid === temp || Date.parse(r.createdAt) < cutoff)
        .map((r) => r.uid);
      for (const uid of stale) await deleteIndex(uid);
      if (stale.length > 0) progress(`前回の中断で残った一時インデックスを削除: ${stale.join(", ")}`);
      try {
        await writeTemp(temp, documents, vocabulary, progress);
        const live = await exists(index);
        if (!live) {
          progress(`${temp} を ${index} として公開`);
          await run(`rename ${temp} to ${index}`, () =>
            client.swapIndexes([{ indexes: [temp, index], rename: true }]),
          );
          return { index, previous: null, documents: documents.length };
        }
        await deleteIndex(previousIndex);
        progress(`${index} と入れ替え (swapIndexes)`);
        await run(`swap ${temp} with ${index}`, () =>
          client.swapIndexes([{ indexes: [temp, index], rename: false }]),
        );
      } catch (error) {
        await deleteIndex(temp).catch(() => {});
        throw error;
      }
      // The temp uid now holds the edition served until now: keep it for rollback. The new edition
      // is live whatever happens here; a failure only costs the rollback target.
      progress(`以前の版を ${previousIndex} として保持`);
      try {
        await run(`keep previous as ${previousIndex}`, () =>
          client.swapIndexes([{ indexes: [temp, previousIndex], rename: true }]),
        );
        return { index, previous: previousIndex, documents: documents.length };
      } catch (error) {
        progress(`警告: 以前の版を保持できませんでした (${(error as Error).message})`);
        return { index, previous: null, documents: documents.length };
      }
    },

    async servedDocuments() {
      if (!(await exists(index))) return 0;
      return (await meilisearchCall(`stats of ${index}`, () => client.index(index).getStats()))
        .numberOfDocuments;
    },

    async rollback(progress = () => {}) {
      if (!(await exists(previousIndex)) || !(await exists(index))) return false;
      progress(`${index} と ${previousIndex} を入れ替え (swapIndexes)`);
      await run(`swap ${index} with ${previousIndex}`, () =>
        client.swapIndexes([{ indexes: [index, previousIndex], rename: false }]),
      );
      return true;
    },
  };
}
