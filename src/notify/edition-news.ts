// The news of the latest publish: the live edition against the kept edition before it, per project,
// with the message each citizen gets.
import { editionMarker, type ProjectChange, projectChanges } from "../answer/index.js";
import { changesOf, type SnapshotStore } from "../editions/index.js";
import type { EditionInfo } from "../index/index.js";
import { renderNews } from "../line/index.js";
import type { EditionNews } from "./sender.js";

export type LatestNews =
  | { kind: "no-edition" }
  | { kind: "no-previous"; live: EditionInfo }
  | { kind: "news"; live: EditionInfo; previous: EditionInfo; changes: ProjectChange[]; news: EditionNews };

/** 「未実施 → 実施あり、新しい取組 2件」 */
export function changeSummary(change: ProjectChange): string {
  const parts = [
    change.from === null
      ? `新しい事業（${change.to}）`
      : change.from !== change.to
        ? `${change.from} → ${change.to}`
        : change.to,
  ];
  if (change.newActions.length > 0 && change.from !== null)
    parts.push(`新しい取組 ${change.newActions.length}件`);
  return parts.join("、");
}

export function editionLabel(info: EditionInfo): string {
  return info.edition ?? info.source;
}

/** `shortNames`: the live edition's, for the buttons (the titles otherwise). */
export async function latestNews(
  store: SnapshotStore,
  shortNames: ReadonlyMap<string, string> = new Map(),
): Promise<LatestNews> {
  const live = await store.read();
  if (!live) return { kind: "no-edition" };
  const changes = await changesOf(store, live);
  if (!changes) return { kind: "no-previous", live: live.info };
  const items = projectChanges({ marker: editionMarker(live), shortNames }, changes, live.plan);
  const byId = new Map(items.map((item) => [item.id, item]));
  const news: EditionNews = {
    key: `${changes.previous.sha256.slice(0, 16)}-${live.info.sha256.slice(0, 16)}`,
    projects: items.map((item) => ({
      id: item.id,
      previousId: item.previousId,
      title: item.title,
      summary: changeSummary(item),
    })),
    messageFor: (ids) =>
      renderNews(
        ids.flatMap((id) => byId.get(id) ?? []),
        live.plan.edition,
      ),
  };
  return { kind: "news", live: live.info, previous: changes.previous, changes: items, news };
}
