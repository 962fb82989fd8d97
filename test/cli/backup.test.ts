// Issue #16, defect 6: `npm run backup -- DIR` copies what DATA_DIR holds that cannot be rebuilt:
// the record database by SQLite's online backup (a plain copy during operation misses what is still
// in the WAL), the user-hash key, the live and kept editions with their history, and the staff
// dictionaries. Restoring is copying the backup into a fresh DATA_DIR.
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run as backup } from "../../src/cli/backup.js";
import { openDatabase } from "../../src/db/index.js";
import {
  createDatabaseStore,
  createStaffAccounts,
  resolveUserHashKey,
  USER_HASH_KEY_FILE,
} from "../../src/record/index.js";
import { questionRecord, tempDataDir } from "../record/support.js";
import { captureIo } from "../support/cli-io.js";

describe("npm run backup", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    const { rm } = await import("node:fs/promises");
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("a backup taken while the record is written restores every question, account and key", async () => {
    const dataDir = await tempDataDir(dirs);
    const target = await tempDataDir(dirs);
    const key = resolveUserHashKey(dataDir, null);
    const db = await openDatabase({ dataDir });
    const accounts = createStaffAccounts(db);
    expect((await accounts.add("tanaka", "editor", "correct horse battery staple")).ok).toBe(true);
    // The edition files and a staff dictionary, as reindex and the console leave them.
    await writeFile(path.join(dataDir, "snapshot.json"), '{"edition":"live"}');
    await mkdir(path.join(dataDir, "editions"));
    await writeFile(path.join(dataDir, "editions", "e1.json"), '{"edition":"kept"}');
    await writeFile(path.join(dataDir, "history.jsonl"), '{"id":"e1"}\n');
    await mkdir(path.join(dataDir, "dictionaries"));
    await writeFile(path.join(dataDir, "dictionaries", "synonyms.txt"), "ごみ,廃棄物\n");

    // Under load: batches keep arriving, from the store's own writer, while the backup runs.
    const store = createDatabaseStore(await openDatabase({ dataDir }));
    let written = 0;
    let writing = true;
    const load = (async () => {
      while (writing) {
        await store.write({ questions: Array.from({ length: 50 }, () => questionRecord()), feedback: [] });
        written += 50;
      }
    })();
    while (written < 500) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = written;
    const { io, out, err } = captureIo(dataDir, { DATA_DIR: dataDir });
    const code = await backup([target], io);
    writing = false;
    await load;
    await store.close();
    await db.close();
    expect(err()).toBe("");
    expect(code).toBe(0);
    const folder = out().trim().split("\n").at(-1) ?? "";
    expect(path.dirname(folder)).toBe(target);

    // Restore: the backup's files into a fresh DATA_DIR.
    const restored = await tempDataDir(dirs);
    await cp(folder, restored, { recursive: true });
    const copy = await openDatabase({ dataDir: restored });
    const questions = await copy.query.selectFrom("questions").select("id").execute();
    expect(questions.length).toBeGreaterThanOrEqual(before);
    expect((await createStaffAccounts(copy).find("tanaka"))?.role).toBe("editor");
    await copy.close();
    expect(resolveUserHashKey(restored, null)).toEqual({ secret: key.secret, source: "file" });
    expect(await readFile(path.join(restored, USER_HASH_KEY_FILE), "utf8")).toContain(key.secret);
    expect(await readFile(path.join(restored, "snapshot.json"), "utf8")).toBe('{"edition":"live"}');
    expect(await readdir(path.join(restored, "editions"))).toEqual(["e1.json"]);
    expect(await readFile(path.join(restored, "history.jsonl"), "utf8")).toBe('{"id":"e1"}\n');
    expect(await readFile(path.join(restored, "dictionaries", "synonyms.txt"), "utf8")).toBe("ごみ,廃棄物\n");
  });

  it("says how to use it without a target folder", async () => {
    const dataDir = await tempDataDir(dirs);
    const { io, err } = captureIo(dataDir, { DATA_DIR: dataDir });
    expect(await backup([], io)).toBe(2);
    expect(err()).toMatch(/usage: npm run backup -- <DIR>/);
  });
});
