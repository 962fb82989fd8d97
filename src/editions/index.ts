export { writeFileAtomic } from "./atomic-file.js";
export { EditionFileTooLargeError, readFileBounded } from "./bounded-read.js";
export {
  BundledEditionError,
  editionInfoOf,
  findBundledEdition,
  loadBundledEdition,
} from "./bundled-edition.js";
export { sha256Of } from "./edition-info.js";
export {
  type LiveEditionHandle,
  type LiveEditionLogger,
  type OpenLiveEditionOptions,
  openLiveEdition,
  type SearchSettings,
} from "./live-edition.js";
export {
  acquirePublishLock,
  type LockHolder,
  type LockResult,
  PUBLISH_LOCK_FILE,
  type PublishLock,
} from "./publish-lock.js";
export {
  createSnapshotStore,
  type HistoryEntry,
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
} from "./snapshot-store.js";
