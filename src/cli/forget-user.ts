// `forget-user <LINE user id>`: deletes one citizen's records on request. The record keeps only the
// keyed hash of the id, computed here with the bot's key (USER_HASH_SECRET, or DATA_DIR's own key);
// the id itself is never printed.
import { createDatabaseFollowStore } from "../notify/index.js";
import { createDatabaseStore, createUserHasher, resolveUserHashKey } from "../record/index.js";
import type { CliIo } from "./io.js";
import { cliConfig, openRecordDatabase, parseDataDirArgs, recordPlace } from "./record-file.js";

const USAGE = "usage: npm run forget-user -- <LINE user id (U + 32 hex)> [--data-dir DIR]\n";
const LINE_USER_ID = /^U[0-9a-f]{32}$/;

/** Exit 0 deleted (or nothing to delete), 1 no record or bad configuration, 2 usage error. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseDataDirArgs("forget-user", argv, io, USAGE);
  if (!parsed) return 2;
  const [userId, ...extra] = parsed.positionals;
  if (!userId || extra.length > 0 || !LINE_USER_ID.test(userId)) {
    io.stderr.write(`forget-user: give one LINE user id (U followed by 32 hex digits)\n${USAGE}`);
    return 2;
  }
  const config = cliConfig(io, "forget-user");
  if (!config) return 1;
  const place = recordPlace(config, parsed.values["data-dir"]);
  const database = await openRecordDatabase(io, "forget-user", place);
  if (!database) return 1;
  const store = createDatabaseStore(database);
  const userHash = createUserHasher(resolveUserHashKey(place.dataDir, config.userHash.secret).secret)(userId);
  try {
    const deleted = await store.deleteUser(userHash);
    const unfollowed = await createDatabaseFollowStore(database).forget(userHash);
    io.stdout.write(
      `forget-user: deleted ${deleted} question(s) and their feedback, ${unfollowed} お知らせ follow(s) (user ${userHash})\n`,
    );
  } finally {
    await store.close();
  }
  return 0;
}
