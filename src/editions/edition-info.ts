// Digests of edition files and snapshots.
import { createHash } from "node:crypto";

export function sha256Of(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A short name of one published edition (its file and when it was indexed): names its temp index. */
export function editionKey(info: { sha256: string; indexedAt: string }): string {
  return `e${sha256Of(`${info.sha256}\n${info.indexedAt}`).slice(0, 16)}`;
}
