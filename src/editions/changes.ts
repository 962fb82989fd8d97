// What the latest publish changed: the live edition against the kept edition just before it.
import type { EditionChanges } from "../index/index.js";
import { diffPlans } from "../plan/index.js";
import type { Snapshot, SnapshotStore } from "./snapshot-store.js";

/** The kept edition published just before `snapshot` (by kept id); null for the first or the bundled one. */
export async function editionBefore(store: SnapshotStore, snapshot: Snapshot): Promise<Snapshot | null> {
  if (snapshot.id === undefined) return null;
  const older = (await store.list()).filter((kept) => Number(kept.id) < Number(snapshot.id));
  const previous = older.at(-1);
  return previous ? store.readKept(previous.id) : null;
}

/** The diff of `snapshot` against the edition before it; null when there is none to compare with. */
export async function changesOf(store: SnapshotStore, snapshot: Snapshot): Promise<EditionChanges | null> {
  const previous = await editionBefore(store, snapshot);
  return previous ? { previous: previous.info, diff: diffPlans(previous.plan, snapshot.plan) } : null;
}
