// What replicas sharing one PostgreSQL use to agree: an advisory lock (one publish at a time across
// every replica; released by the server if the holder dies) and LISTEN/NOTIFY (a change announced to
// every replica at once). On SQLite (one process) neither is needed: callers keep their file lock.
import { type Kysely, sql } from "kysely";
import type pg from "pg";

export type LockAttempt<T> = { ok: true; value: T } | { ok: false };

/** Runs `work` holding the advisory lock named `name`; `{ ok: false }` at once when another session holds it. */
export async function withAdvisoryLock<T>(
  query: Kysely<unknown>,
  name: string,
  work: () => Promise<T>,
): Promise<LockAttempt<T>> {
  // One connection for lock and unlock: advisory locks belong to the session.
  return await query.connection().execute(async (session) => {
    const { rows } = await sql<{ locked: boolean }>`
      SELECT pg_try_advisory_lock(hashtext(${name})) AS locked`.execute(session);
    if (!rows[0]?.locked) return { ok: false };
    try {
      return { ok: true, value: await work() };
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext(${name}))`.execute(session);
    }
  });
}

/** Announces `payload` on `channel`; inside a transaction, it is delivered when the transaction commits. */
export async function notify(query: Kysely<unknown>, channel: string, payload: string): Promise<void> {
  await sql`SELECT pg_notify(${channel}, ${payload})`.execute(query);
}

export interface Subscription {
  close(): Promise<void>;
}

export interface ListenLogger {
  warn(object: object, message: string): void;
}

const RECONNECT_MS = 1_000;

/**
 * Calls `onMessage` for every NOTIFY on `channel`, on a connection of its own. A lost connection is
 * opened again (a message sent meanwhile is missed: callers poll as a safety net).
 */
export async function listen(
  pool: pg.Pool,
  channel: string,
  onMessage: (payload: string) => void,
  logger: ListenLogger,
): Promise<Subscription> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let client: pg.PoolClient | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const connection = await pool.connect();
    connection.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    connection.on("error", (error) => {
      logger.warn({ err: error, channel }, "database: LISTEN connection lost; opening it again");
      connection.release(true);
      if (client === connection) client = null;
      retry();
    });
    await connection.query(`LISTEN ${channel}`);
    if (closed) {
      connection.release(true);
      return;
    }
    client = connection;
  };
  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch(() => retry());
    }, RECONNECT_MS);
    timer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const connection = client;
      client = null;
      if (connection) {
        await connection.query(`UNLISTEN ${channel}`).catch(() => {});
        connection.release(true);
      }
    },
  };
}
