// Who follows which project, and what each citizen was sent for each edition: on the database
// (SQLite in DATA_DIR, or PostgreSQL), one set of queries.
import type { Database } from "../db/index.js";

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
  follow(entry: {
    userId: string;
    userHash: string;
    projectId: string;
    title: string;
  }): Promise<FollowOutcome>;
  /** False when the citizen did not follow it. */
  stop(userHash: string, projectId: string): Promise<boolean>;
  followed(userHash: string): Promise<FollowedProject[]>;
  /** Deletes every follow, the raw id and the send record of one citizen; returns the follows deleted. */
  forget(userHash: string): Promise<number>;
  /** Followers per project id. */
  followerCounts(): Promise<Map<string, number>>;
  /** The citizens following any of `projectIds`, each with those of them they follow; by hash. */
  followersOf(projectIds: readonly string[]): Promise<Follower[]>;
  /** What was planned and sent for an edition, in the order it was planned. */
  sends(edition: string): Promise<SendRow[]>;
  /** Records batches as pending, all or none. */
  planBatches(edition: string, batches: readonly PlannedBatch[]): Promise<void>;
  markSent(edition: string, batchKey: string): Promise<void>;
}

/** Project ids per query: well under both engines' bound on parameters. */
const IDS_PER_QUERY = 500;

export function createDatabaseFollowStore(db: Database, now: () => Date = () => new Date()): FollowStore {
  const { query } = db;

  async function followed(userHash: string): Promise<FollowedProject[]> {
    return query
      .selectFrom("notify_follows")
      .select(["project_id as projectId", "title", "followed_at as followedAt"])
      .where("user_hash", "=", userHash)
      .orderBy("followed_at")
      .orderBy("project_id")
      .execute();
  }

  return {
    follow(entry) {
      return query.transaction().execute(async (trx) => {
        const at = now().toISOString();
        const mine = await trx
          .selectFrom("notify_follows")
          .select("project_id")
          .where("user_hash", "=", entry.userHash)
          .execute();
        if (mine.some((row) => row.project_id === entry.projectId)) return "already";
        if (mine.length >= MAX_FOLLOWS_PER_CITIZEN) return "limit";
        await trx
          .insertInto("notify_subscribers")
          .values({ user_hash: entry.userHash, user_id: entry.userId, created_at: at })
          .onConflict((oc) => oc.column("user_hash").doUpdateSet({ user_id: entry.userId }))
          .execute();
        await trx
          .insertInto("notify_follows")
          .values({
            user_hash: entry.userHash,
            project_id: entry.projectId,
            title: entry.title,
            followed_at: at,
          })
          .onConflict((oc) => oc.columns(["user_hash", "project_id"]).doNothing())
          .execute();
        return "followed";
      });
    },

    stop(userHash, projectId) {
      return query.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom("notify_follows")
          .where("user_hash", "=", userHash)
          .where("project_id", "=", projectId)
          .executeTakeFirst();
        // The raw id is kept only while it is needed.
        await trx
          .deleteFrom("notify_subscribers")
          .where("user_hash", "=", userHash)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb.selectFrom("notify_follows").select("project_id").where("user_hash", "=", userHash),
              ),
            ),
          )
          .execute();
        return Number(deleted.numDeletedRows) > 0;
      });
    },

    followed,

    forget(userHash) {
      return query.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom("notify_follows")
          .where("user_hash", "=", userHash)
          .executeTakeFirst();
        await trx.deleteFrom("notify_subscribers").where("user_hash", "=", userHash).execute();
        await trx.deleteFrom("notify_sends").where("user_hash", "=", userHash).execute();
        return Number(deleted.numDeletedRows);
      });
    },

    async followerCounts() {
      const rows = await query
        .selectFrom("notify_follows")
        .select((eb) => ["project_id", eb.fn.countAll<number>().as("n")])
        .groupBy("project_id")
        .execute();
      return new Map(rows.map((row) => [row.project_id, Number(row.n)]));
    },

    async followersOf(projectIds) {
      const rows: { userHash: string; userId: string; projectId: string }[] = [];
      for (let i = 0; i < projectIds.length; i += IDS_PER_QUERY)
        rows.push(
          ...(await query
            .selectFrom("notify_follows as f")
            .innerJoin("notify_subscribers as s", "s.user_hash", "f.user_hash")
            .select(["f.user_hash as userHash", "s.user_id as userId", "f.project_id as projectId"])
            .where("f.project_id", "in", projectIds.slice(i, i + IDS_PER_QUERY))
            .execute()),
        );
      rows.sort((a, b) => a.userHash.localeCompare(b.userHash) || a.projectId.localeCompare(b.projectId));
      const followers: Follower[] = [];
      for (const row of rows) {
        const last = followers.at(-1);
        if (last?.userHash === row.userHash) last.projectIds.push(row.projectId);
        else followers.push({ userHash: row.userHash, userId: row.userId, projectIds: [row.projectId] });
      }
      return followers;
    },

    sends(edition) {
      return query
        .selectFrom("notify_sends")
        .select(["user_hash as userHash", "batch_key as batchKey", "news_key as newsKey", "state"])
        .where("edition", "=", edition)
        .orderBy("planned_at")
        .orderBy("batch_index")
        .orderBy("user_hash")
        .execute();
    },

    async planBatches(edition, batches) {
      const at = now().toISOString();
      const rows = batches.flatMap((batch, index) =>
        batch.userHashes.map((userHash) => ({
          edition,
          user_hash: userHash,
          batch_key: batch.key,
          batch_index: index,
          news_key: batch.newsKey,
          state: "pending" as const,
          planned_at: at,
          sent_at: null,
        })),
      );
      await query.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 100)
          await trx
            .insertInto("notify_sends")
            .values(rows.slice(i, i + 100))
            .onConflict((oc) => oc.columns(["edition", "user_hash"]).doNothing())
            .execute();
      });
    },

    async markSent(edition, batchKey) {
      await query
        .updateTable("notify_sends")
        .set({ state: "sent", sent_at: now().toISOString() })
        .where("edition", "=", edition)
        .where("batch_key", "=", batchKey)
        .execute();
    },
  };
}
