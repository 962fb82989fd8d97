// After a publish: who follows what changed, and the send. One message per citizen (the news of
// every project they follow that changed), multicast to ≤ 500 citizens a call, each call with a retry
// key planned and stored before it goes out, so a retried or resumed send never delivers twice.
import { randomUUID } from "node:crypto";
import { setTimeout as wait } from "node:timers/promises";
import {
  type LineMessage,
  type MessageQuota,
  MULTICAST_MAX_RECIPIENTS,
  type MulticastClient,
} from "../line/index.js";
import type { Follower, FollowStore, PlannedBatch, SendRow } from "./follow-store.js";
import { isQuietHour, QUIET_HOURS, type QuietHours } from "./quiet-hours.js";

/** What a publish changed, as news. */
export interface EditionNews {
  /** The send record's key: this publish (the edition before → the edition now). */
  key: string;
  /** The changed projects: their id now, and the id follows made on the edition before carry. */
  projects: readonly { id: string; previousId: string | null; title: string; summary: string }[];
  /** The message for a citizen following these changed projects (ids now). */
  messageFor(projectIds: readonly string[]): LineMessage[];
}

export interface NotifyPreview {
  projects: { id: string; title: string; summary: string; followers: number }[];
  /** Citizens who would get a message now (one message each). */
  recipients: number;
  /** Multicast calls that would take. */
  calls: number;
  /** Citizens this edition's news already reached. */
  alreadySent: number;
  /** Of `recipients`, those planned by an interrupted send (its retry keys are reused). */
  resumed: number;
}

export type SendOutcome =
  | {
      kind: "sent";
      recipients: number;
      calls: number;
      alreadyAccepted: number;
      /** Null when LINE could not say: the send went ahead (LINE itself refuses past the limit, with 429). */
      quota: MessageQuota | null;
    }
  | { kind: "nothing-to-send"; alreadySent: number }
  | { kind: "quiet-hours"; quietHours: QuietHours }
  | { kind: "over-quota"; quota: MessageQuota; needed: number }
  | {
      kind: "failed";
      /** Citizens reached before the failure; the rest stay planned and a re-run resumes. */
      recipients: number;
      remaining: number;
      status: number | null;
      detail: string;
    };

export interface SendProgress {
  batch: number;
  batches: number;
  recipients: number;
}

export interface NewsSenderDeps {
  store: FollowStore;
  /** Null when no LINE channel is configured: previews work, sends refuse. */
  client: MulticastClient | null;
  now?: () => Date;
  /** Waits between attempts (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  quietHours?: QuietHours;
  /** Attempts per call on 429, 5xx or no answer. Default 5. */
  maxAttempts?: number;
  /** First backoff, doubled each attempt, capped at 60 s. Default 1 s. */
  backoffMs?: number;
}

interface Audience {
  /** Followers of a changed project, with the ids now of those they follow. */
  followers: Follower[];
  newsKeyOf: Map<string, string>;
  rows: SendRow[];
}

const MAX_BACKOFF_MS = 60_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createNewsSender(deps: NewsSenderDeps) {
  const { store, client } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => wait(ms));
  const quietHours = deps.quietHours ?? QUIET_HOURS;
  const maxAttempts = deps.maxAttempts ?? 5;
  const backoffMs = deps.backoffMs ?? 1000;

  async function audience(news: EditionNews): Promise<Audience> {
    const toNow = new Map<string, string>();
    for (const project of news.projects) {
      if (project.previousId) toNow.set(project.previousId, project.id);
      toNow.set(project.id, project.id);
    }
    const followers = (await store.followersOf([...toNow.keys()])).map((follower) => ({
      ...follower,
      projectIds: [...new Set(follower.projectIds.map((id) => toNow.get(id) ?? id))].sort(),
    }));
    const newsKeyOf = new Map(followers.map((f) => [f.userHash, f.projectIds.join(",")]));
    return { followers, newsKeyOf, rows: await store.sends(news.key) };
  }

  function pendingOf(found: Audience) {
    const sent = new Set(found.rows.filter((r) => r.state === "sent").map((r) => r.userHash));
    const planned = new Set(found.rows.map((r) => r.userHash));
    const fresh = found.followers.filter((f) => !planned.has(f.userHash));
    const resumed = found.rows.filter((r) => r.state === "pending" && found.newsKeyOf.has(r.userHash));
    return { sent, fresh, resumed };
  }

  async function preview(news: EditionNews): Promise<NotifyPreview> {
    const found = await audience(news);
    const { sent, fresh, resumed } = pendingOf(found);
    const counts = new Map<string, number>();
    for (const follower of found.followers)
      for (const id of follower.projectIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const recipients = fresh.length + resumed.length;
    const freshCalls = [...groupByNews(fresh, found.newsKeyOf).values()].reduce(
      (sum, group) => sum + Math.ceil(group.length / MULTICAST_MAX_RECIPIENTS),
      0,
    );
    return {
      projects: news.projects.map((p) => ({
        id: p.id,
        title: p.title,
        summary: p.summary,
        followers: counts.get(p.id) ?? 0,
      })),
      recipients,
      calls: freshCalls + new Set(resumed.map((r) => r.batchKey)).size,
      alreadySent: sent.size,
      resumed: resumed.length,
    };
  }

  function groupByNews(followers: readonly Follower[], newsKeyOf: Map<string, string>) {
    const groups = new Map<string, Follower[]>();
    for (const follower of followers) {
      const key = newsKeyOf.get(follower.userHash) ?? "";
      groups.set(key, [...(groups.get(key) ?? []), follower]);
    }
    return groups;
  }

  /** One multicast, retried with the same key on 429, 5xx and no answer. */
  async function deliver(line: MulticastClient, to: string[], messages: LineMessage[], key: string) {
    for (let attempt = 1; ; attempt++) {
      const outcome = await line.multicast(to, messages, key);
      if (outcome.ok) return outcome;
      const retryable = outcome.status === null || outcome.status === 429 || outcome.status >= 500;
      if (!retryable || attempt >= maxAttempts) return outcome;
      const backoff = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** (attempt - 1));
      await sleep(
        outcome.retryAfter !== null ? Math.min(MAX_BACKOFF_MS, outcome.retryAfter * 1000) : backoff,
      );
    }
  }

  async function send(
    news: EditionNews,
    options: { force?: boolean; onProgress?: (progress: SendProgress) => void } = {},
  ): Promise<SendOutcome> {
    if (!options.force && isQuietHour(now(), quietHours)) return { kind: "quiet-hours", quietHours };
    const found = await audience(news);
    const { sent, fresh, resumed } = pendingOf(found);
    const needed = fresh.length + resumed.length;
    if (needed === 0) return { kind: "nothing-to-send", alreadySent: sent.size };
    if (!client)
      return { kind: "failed", recipients: 0, remaining: needed, status: null, detail: "no LINE channel" };
    const quota = await client.quota().catch(() => null);
    if (!options.force && quota && quota.limit !== null && quota.used + needed > quota.limit)
      return { kind: "over-quota", quota, needed };

    const planned: PlannedBatch[] = [];
    for (const [newsKey, group] of groupByNews(fresh, found.newsKeyOf))
      for (const batch of chunks(group, MULTICAST_MAX_RECIPIENTS))
        planned.push({ key: randomUUID(), newsKey, userHashes: batch.map((f) => f.userHash) });
    await store.planBatches(news.key, planned);

    // The batches as stored: the ones an interrupted send left, then the new ones.
    const byHash = new Map(found.followers.map((f) => [f.userHash, f]));
    const batches = new Map<string, { newsKey: string; to: Follower[] }>();
    for (const row of await store.sends(news.key)) {
      if (row.state !== "pending") continue;
      const follower = byHash.get(row.userHash);
      const batch = batches.get(row.batchKey) ?? { newsKey: row.newsKey, to: [] };
      if (follower) batch.to.push(follower);
      batches.set(row.batchKey, batch);
    }

    let reached = 0;
    let calls = 0;
    let alreadyAccepted = 0;
    let index = 0;
    for (const [key, batch] of batches) {
      index += 1;
      // Citizens who stopped following meanwhile are left out; an empty batch is done.
      if (batch.to.length > 0) {
        const messages = news.messageFor(batch.newsKey.split(","));
        const outcome = await deliver(
          client,
          batch.to.map((f) => f.userId),
          messages,
          key,
        );
        calls += 1;
        if (!outcome.ok)
          return {
            kind: "failed",
            recipients: reached,
            remaining: needed - reached,
            status: outcome.status,
            detail: outcome.detail,
          };
        if (outcome.alreadyAccepted) alreadyAccepted += batch.to.length;
        reached += batch.to.length;
      }
      await store.markSent(news.key, key);
      options.onProgress?.({ batch: index, batches: batches.size, recipients: reached });
    }
    return { kind: "sent", recipients: reached, calls, alreadyAccepted, quota };
  }

  return {
    preview,
    send,
    /** Null when no channel is configured. */
    quota: () => client?.quota() ?? Promise.resolve(null),
  };
}

export type NewsSender = ReturnType<typeof createNewsSender>;
