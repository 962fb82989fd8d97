// The edition registry in the database (PostgreSQL, shared by every replica): the kept editions with
// their snapshots and dictionaries, the history, which one is live. Making an edition live announces
// it (NOTIFY `edition_live`) in the same transaction, so every replica hears of it once it is true.
import type { Database, Subscription } from "../db/index.js";
import type { EditionInfo } from "../index/index.js";
import {
  DEFAULT_KEEP,
  type HistoryEntry,
  type KeptEdition,
  parseSnapshot,
  publishIn,
  readPreviousOf,
  rollbackIn,
  type Snapshot,
  type SnapshotStore,
  serializeSnapshot,
} from "./snapshot-store.js";

export const EDITION_CHANNEL = "edition_live";

export interface RegistryStore extends SnapshotStore {
  /** Changes whenever another edition is made live: cheap to poll. Null while none is. */
  liveVersion(): Promise<string | null>;
  /** Calls `onChange` when any replica makes an edition live; null where the engine cannot announce. */
  watch(onChange: () => void): Promise<Subscription> | null;
}

export function createRegistryStore(db: Database, options: { keep?: number } = {}): RegistryStore {
  const keep = Math.max(1, options.keep ?? DEFAULT_KEEP);
  const { query } = db;

  const liveRow = () =>
    query
      .selectFrom("edition_live")
      .select(["edition_id", "changed_at"])
      .where("name", "=", "live")
      .executeTakeFirst();

  async function readKept(id: string): Promise<Snapshot | null> {
    if (!/^\d{1,9}$/.test(id)) return null;
    const row = await query
      .selectFrom("editions")
      .select(["id", "snapshot"])
      .where("id", "=", Number(id))
      .executeTakeFirst();
    return row ? { ...parseSnapshot(row.snapshot, `edition ${row.id}`), id: String(row.id) } : null;
  }

  async function read(): Promise<Snapshot | null> {
    const live = await liveRow();
    return live ? readKept(String(live.edition_id)) : null;
  }

  async function list(): Promise<KeptEdition[]> {
    const live = await liveRow();
    const rows = await query.selectFrom("editions").select(["id", "info"]).orderBy("id").execute();
    return rows.map((row) => ({
      id: String(row.id),
      info: JSON.parse(row.info) as EditionInfo,
      live: row.id === live?.edition_id,
    }));
  }

  async function keepCopy(snapshot: Snapshot): Promise<Snapshot & { id: string }> {
    const { id: _ignored, ...content } = snapshot;
    const { id } = await query
      .insertInto("editions")
      .values({
        kept_at: new Date().toISOString(),
        info: JSON.stringify(content.info),
        snapshot: serializeSnapshot(content),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ...content, id: String(id) };
  }

  async function makeLive(snapshot: Snapshot & { id: string }): Promise<void> {
    const editionId = Number(snapshot.id);
    await query.transaction().execute(async (trx) => {
      const changedAt = new Date().toISOString();
      await trx
        .insertInto("edition_live")
        .values({ name: "live", edition_id: editionId, changed_at: changedAt })
        .onConflict((oc) => oc.column("name").doUpdateSet({ edition_id: editionId, changed_at: changedAt }))
        .execute();
      const ids = (await trx.selectFrom("editions").select("id").orderBy("id").execute()).map((r) => r.id);
      const drop = ids.filter((id) => id !== editionId).slice(0, Math.max(0, ids.length - keep));
      if (drop.length > 0) await trx.deleteFrom("editions").where("id", "in", drop).execute();
      await db.notify(trx, EDITION_CHANNEL, snapshot.id);
    });
  }

  const readPrevious = () => readPreviousOf({ list, readKept });
  const primitives = { read, list, readKept, keepCopy, makeLive, readPrevious };

  return {
    location: db.description,
    keep,
    ...primitives,
    publish: (snapshot, served) => publishIn(primitives, snapshot, served),
    rollback: (id) => rollbackIn(primitives, id),

    async appendHistory(entry: HistoryEntry) {
      await query
        .insertInto("edition_history")
        .values({ at: entry.at, entry: JSON.stringify(entry) })
        .execute();
    },
    async history() {
      const rows = await query.selectFrom("edition_history").select("entry").orderBy("id").execute();
      return rows.map((row) => JSON.parse(row.entry) as HistoryEntry);
    },

    async liveVersion() {
      const live = await liveRow();
      return live ? `${live.edition_id}@${live.changed_at}` : null;
    },
    watch: (onChange) => db.listen(EDITION_CHANNEL, () => onChange()),
  };
}
