export { writeFileAtomic } from "./atomic-file.js";
export { backupEditionFiles } from "./backup.js";
export { EditionFileTooLargeError, readFileBounded } from "./bounded-read.js";
export {
  BundledEditionError,
  editionInfoOf,
  findBundledEdition,
  loadBundledEdition,
} from "./bundled-edition.js";
export { changesOf } from "./changes.js";
export { sha256Of } from "./edition-info.js";
export {
  type Busy,
  type CheckResult,
  createEditionService,
  type DictionaryOutcome,
  type EditionFile,
  type EditionService,
  type EditionServiceDeps,
  type Passed,
  PUBLISH_LOCK_NAME,
  type PublishOptions,
  type PublishOutcome,
  type RollbackOutcome,
} from "./edition-service.js";
export {
  checkGuards,
  DEFAULT_MAX_REMOVED_SHARE,
  type GuardCode,
  type GuardOptions,
  type GuardVerdict,
  planFingerprint,
} from "./guards.js";
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
export { createRegistryStore, EDITION_CHANNEL, type RegistryStore } from "./registry-store.js";
export {
  createSnapshotStore,
  DEFAULT_KEEP,
  type HistoryEntry,
  type KeptEdition,
  type Snapshot,
  SnapshotError,
  type SnapshotStore,
} from "./snapshot-store.js";
export {
  readStaffDictionaries,
  STAFF_DICTIONARIES_DIR,
  type StaffDictionaryDirs,
  writeStaffDictionaries,
} from "./staff-dictionaries.js";
