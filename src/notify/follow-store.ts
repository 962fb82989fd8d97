// Who follows which project, and what each citizen was sent for each edition. One interface, one
// implementation on the record database (SQLite), so that it can move to src/db with the others.
import { openRecordDatabase, type RecordDatabase } from "../record/index.js";

/** A citizen follows at most this many projects: the list and one message stay readable. */
export const MAX_FOLLOWS_PER_CITIZEN = 30;

export interface FollowedProject {
  projectId: string;
  /** The title when followed, to list it even if a later edition drops the project. */
  title: string;
  followedAt: string;
}

/** A citizen to send to: the raw id is for the Messaging API only, never for a log. */
export interface Follower {
  userHash: string;
  userId: string;
  projectIds: string[];
}

export type FollowOutcome = "followed" | "already" | "limit";

export interface PlannedBatch {
  /** The X-Line-Retry-Key of the batch's multicast (a UUID), kept so a retry reuses it. */
  key: string;
  /** Which news the batch carries: the changed projects' ids, sorted, joined. */
  newsKey: string;
  userHashes: string[];
}

export interface SendRow {
  userHash: string;
  batchKey: string;
  newsKey: string;
  state: "pending" | "sent";
}

export interface FollowStore {
  follow(entry: { userId: string; userHash: string; projectId: string; title: string }): FollowOutcome;
  /** False when the citizen did not follow it. */
  stop(userHash: string, projectId: string): boolean;
  followed(userHash: string): FollowedProject[];
  /** Deletes every follow, the raw id and the send record of one citizen; returns the follows deleted. */
  forget(userHash: string): number;
  /** Followers per project id. */
  followerCounts(): Map<string, number>;
  /** The citizens following any of `projectIds`, each with those of them they follow; by hash. */
  followersOf(projectIds: readonly string[]): Follower[];
  /** What was planned and sent for an edition. */
  sends(edition: string): SendRow[];
  /** Records batches as pending, all or none. */
  planBatches(edition: string, batches: readonly PlannedBatch[]): void;
  markSent(edition: string, batchKey: string): void;
}

export function createSqliteFollowStore(db: RecordDatabase, now: () => Date = () => new Date()): FollowStore {
  const upsertSubscriber = db.prepare(
    `INSERT INTO notify_subscribers (user_hash, user_id, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_hash) DO UPDATE SET user_id = excluded.user_id`,
  );
  const countFollows = db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM notify_follows WHERE user_hash = ?",
  );
  const insertFollow = db.prepare(
    `INSERT INTO notify_follows (user_hash, project_id, title, followed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const deleteFollow = db.prepare("DELETE FROM notify_follows WHERE user_hash = ? AND project_id = ?");
  const selectFollowed = db.prepare<[string], FollowedProject>(
    `SELECT project_id AS projectId, title, followed_at AS followedAt FROM notify_follows
     WHERE user_hash = ? ORDER BY followed_at, project_id`,
  );
  const deleteFollows = db.prepare("DELETE FROM notify_follows WHERE user_hash = ?");
  const deleteSubscriber = db.prepare("DELETE FROM notify_subscribers WHERE user_hash = ?");
  const deleteSends = db.prepare("DELETE FROM notify_sends WHERE user_hash = ?");
  const dropIdle = db.prepare(
    "DELETE FROM notify_subscribers WHERE user_hash = ? AND NOT EXISTS (SELECT 1 FROM notify_follows WHERE user_hash = ?)",
  );
  const counts = db.prepare<[], { projectId: string; n: number }>(
    "SELECT project_id AS projectId, count(*) AS n FROM notify_follows GROUP BY project_id",
  );
  const followsOf = db.prepare<[string], { userHash: string; userId: string; projectId: string }>(
    `SELECT f.user_hash AS userHash, s.user_id AS userId, f.project_id AS projectId
     FROM notify_follows f JOIN notify_subscribers s ON s.user_hash = f.user_hash
     WHERE f.project_id IN (SELECT value FROM json_each(?))
     ORDER BY f.user_hash, f.project_id`,
  );
  const selectSends = db.prepare<[string], SendRow>(
    `SELECT user_hash AS userHash, batch_key AS batchKey, news_key AS newsKey, state FROM notify_sends
     WHERE edition = ? ORDER BY rowid`,
  );
  const insertSend = db.prepare(
    `INSERT INTO notify_sends (edition, user_hash, batch_key, news_key, state, planned_at)
     VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
  );
  const updateSent = db.prepare(
    "UPDATE notify_sends SET state = 'sent', sent_at = ? WHERE edition = ? AND batch_key = ?",
  );

  const follow = db.transaction((entry: Parameters<FollowStore["follow"]>[0]): FollowOutcome => {
    const at = now().toISOString();
    if (selectFollowed.all(entry.userHash).some((f) => f.projectId === entry.projectId)) return "already";
    if ((countFollows.get(entry.userHash)?.n ?? 0) >= MAX_FOLLOWS_PER_CITIZEN) return "limit";
    upsertSubscriber.run(entry.userHash, entry.userId, at);
    insertFollow.run(entry.userHash, entry.projectId, entry.title, at);
    return "followed";
  });

  const forget = db.transaction((userHash: string): number => {
    const { changes } = deleteFollows.run(userHash);
    deleteSubscriber.run(userHash);
    deleteSends.run(userHash);
    return changes;
  });

  const plan = db.transaction((edition: string, batches: readonly PlannedBatch[]) => {
    const at = now().toISOString();
    for (const batch of batches)
      for (const userHash of batch.userHashes)
        insertSend.run(edition, userHash, batch.key, batch.newsKey, at);
  });

  return {
    follow: (entry) => follow(entry),
    stop(userHash, projectId) {
      const stopped = deleteFollow.run(userHash, projectId).changes > 0;
      // The raw id is kept only while it is needed.
      dropIdle.run(userHash, userHash);
      return stopped;
    },
    followed: (userHash) => selectFollowed.all(userHash),
    forget: (userHash) => forget(userHash),
    followerCounts: () => new Map(counts.all().map((row) => [row.projectId, row.n])),
    followersOf(projectIds) {
      const followers: Follower[] = [];
      for (const row of followsOf.all(JSON.stringify(projectIds))) {
        const last = followers.at(-1);
        if (last?.userHash === row.userHash) last.projectIds.push(row.projectId);
        else followers.push({ userHash: row.userHash, userId: row.userId, projectIds: [row.projectId] });
      }
      return followers;
    },
    sends: (edition) => selectSends.all(edition),
    planBatches: (edition, batches) => plan(edition, batches),
    markSent(edition, batchKey) {
      updateSent.run(now().toISOString(), edition, batchKey);
    },
  };
}

/** The store over DATA_DIR's record database (created when missing), with its own connection. */
export function openFollowStore(dataDir: string): { store: FollowStore; close(): void } {
  const db = openRecordDatabase({ dataDir });
  return { store: createSqliteFollowStore(db), close: () => db.close() };
}
