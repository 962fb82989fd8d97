// reindex against hostile files and a killed run: bounded reads, capped reports, stale locks.
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/reindex.js";
import { acquirePublishLock, PUBLISH_LOCK_FILE, readFileBounded } from "../../src/editions/index.js";
import { captureIo } from "../support/cli-io.js";
import { SEED_PATH } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

let work: string;
let dataDir: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "reindex-limits-"));
  dataDir = path.join(work, "data");
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function reindex(argv: string[], extraEnv: Record<string, string> = {}) {
  const env = { DATA_DIR: dataDir, INDEX_DATA_DIR: INDEX_DATA, SEARCH_BACKEND: "embedded", ...extraEnv };
  const cli = captureIo(work, env);
  const code = await run(argv, cli.io);
  return { code, out: cli.out(), err: cli.err() };
}

describe("edition file size", () => {
  it("refuses /dev/zero after EDITION_MAX_BYTES, with a clear message, reading no further", async () => {
    const rssBefore = process.memoryUsage().rss;
    const { code, err } = await reindex(["/dev/zero", "--dry-run"], { EDITION_MAX_BYTES: "1048576" });
    expect(code).toBe(1);
    expect(err).toContain("1 MiB");
    expect(err).toContain("EDITION_MAX_BYTES");
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("reads a file within the limit whole", async () => {
    const bytes = await readFileBounded(SEED_PATH, 1024 * 1024);
    expect(bytes.equals(await readFile(SEED_PATH))).toBe(true);
    await expect(readFileBounded(SEED_PATH, 100)).rejects.toMatchObject({ code: "EDITION_FILE_TOO_LARGE" });
  });
});

describe("reports of a junk file", () => {
  it("prints the first issues and one line for the rest, not one line per line", async () => {
    const junk = path.join(work, "junk.txt");
    await writeFile(junk, "これは進捗一覧ではありません\n".repeat(100_000));
    const { code, err } = await reindex([junk, "--dry-run"]);
    expect(code).toBe(1);
    const lines = err.trim().split("\n");
    expect(lines.length).toBeLessThan(300);
    expect(err).toMatch(/ほかに \d+ 件の問題があります/);
    expect(err).toContain("unrecognized-line ×");
  });

  it("cuts a 10-million-character line down in its message and does not throw", async () => {
    const long = path.join(work, "long.txt");
    const seed = await readFile(SEED_PATH, "utf8");
    await writeFile(long, `${seed}\n1. ${"あ".repeat(10_000_000)}\n`);
    const { code, err } = await reindex([long, "--dry-run"], { EDITION_MAX_BYTES: String(64 * 1024 * 1024) });
    expect([0, 1]).toContain(code);
    expect(err).not.toContain("RangeError");
    expect(Math.max(...err.split("\n").map((l) => l.length))).toBeLessThan(1_000);
  });
});

describe("the publish lock", () => {
  it("takes over a lock whose holder was killed (no longer refreshed)", async () => {
    await mkdir(dataDir, { recursive: true });
    const lockDir = path.join(dataDir, PUBLISH_LOCK_FILE);
    await mkdir(lockDir);
    await writeFile(`${lockDir}.holder`, JSON.stringify({ pid: 999_999, since: "2026-07-01T09:00:00Z" }));
    const fresh = await acquirePublishLock(dataDir, new Date(), 2_000);
    expect(fresh).toMatchObject({ ok: false, holder: { pid: 999_999 } });

    const old = new Date(Date.now() - 10_000);
    await utimes(lockDir, old, old);
    const taken = await acquirePublishLock(dataDir, new Date(), 2_000);
    expect(taken.ok).toBe(true);
    if (taken.ok) await taken.lock.release();
    await expect(readFile(`${lockDir}.holder`)).rejects.toThrow();
    await expect(readFile(lockDir)).rejects.toThrow();
  });

  it("keeps a held lock fresh, so a second run is refused while the first one works", async () => {
    const first = await acquirePublishLock(dataDir, new Date(), 2_000);
    expect(first.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const second = await acquirePublishLock(dataDir, new Date(), 2_000);
    expect(second).toMatchObject({ ok: false, holder: { pid: process.pid } });
    if (first.ok) await first.lock.release();
    const third = await acquirePublishLock(dataDir, new Date(), 2_000);
    expect(third.ok).toBe(true);
    if (third.ok) await third.lock.release();
  });

  it("lets reindex run after a killed run once the lock went stale", async () => {
    await mkdir(dataDir, { recursive: true });
    const lockFile = path.join(dataDir, PUBLISH_LOCK_FILE);
    await writeFile(lockFile, JSON.stringify({ pid: 4242, since: "2026-07-01T09:00:00.000Z" }));
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(lockFile, old, old);
    // The seed is the bundled edition already served: identical, so only --force publishes it.
    const { code, out } = await reindex([SEED_PATH, "--force"]);
    expect(code).toBe(0);
    expect(out).toContain("公開しました");
  });
});
