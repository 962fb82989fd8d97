// Reindex end to end on the embedded backend, as staff run it: a Shift_JIS/CRLF edition from an
// office PC, picked up by a running live edition without a restart, then rolled back.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/reindex.js";
import {
  createSnapshotStore,
  type LiveEditionHandle,
  loadBundledEdition,
  openLiveEdition,
  PUBLISH_LOCK_FILE,
} from "../../src/editions/index.js";
import type { IndexedEdition } from "../../src/index/index.js";
import { createQuestionAnalyzer, getTokenizer } from "../../src/nlp/index.js";
import { findProject } from "../../src/plan/index.js";
import { captureIo } from "../support/cli-io.js";
import { nextEdition, officeBytes } from "../support/editions.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
const silent = { info: () => {}, warn: () => {}, error: () => {} };

let work: string;
let dataDir: string;
let live: LiveEditionHandle;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "reindex-e2e-"));
  dataDir = path.join(work, "data");
  env = { DATA_DIR: dataDir, INDEX_DATA_DIR: INDEX_DATA, SEARCH_BACKEND: "embedded" };
  live = await openLiveEdition({
    dataDir,
    indexDataDir: INDEX_DATA,
    bundled: () => loadBundledEdition(INDEX_DATA),
    search: { backend: "embedded" },
    logger: silent,
    watch: { pollMs: 100 },
  });
});

afterAll(async () => {
  await live?.close();
  await rm(work, { recursive: true, force: true });
});

async function ask(edition: IndexedEdition, question: string) {
  const analyzer = createQuestionAnalyzer({
    tokenizer: await getTokenizer(),
    vocabulary: edition.vocabulary,
  });
  const { terms, filter } = analyzer.analyze(question);
  const [best] = await edition.backend.search({ terms, filter });
  return best ? findProject(edition.plan, best.id) : null;
}

/** Resolves with the next edition the live edition swaps to. */
function nextSwap(): Promise<IndexedEdition> {
  return new Promise((resolve) => {
    const off = live.onChange((edition) => {
      off();
      resolve(edition);
    });
  });
}

describe("reindex on the embedded backend", () => {
  it("serves the bundled edition before any reindex", async () => {
    expect(live.current().info.source).toBe("shiroi-plan-progress-2018-07.txt");
    expect((await ask(live.current(), "景観写真展は開催されましたか？"))?.project.status).toBe("未実施");
    expect(await live.health()).toMatchObject({ state: "ready", documents: 59, backend: "embedded" });
  });

  it("--dry-run prints the summary and the diff and touches nothing", async () => {
    const file = path.join(work, "2020-07.txt");
    await writeFile(file, officeBytes(nextEdition()));
    const cli = captureIo(work, env);
    expect(await run([file, "--dry-run"], cli.io)).toBe(0);
    expect(cli.out()).toContain("検証OK");
    expect(cli.out()).toContain("cp932");
    expect(cli.out()).toContain("+ 1-1-3-2 市民向けオープンデータポータルの公開 [実施あり]");
    expect(cli.out()).toContain("2-1-4-1 景観意識を醸成するための景観写真展の開催: 未実施 → 実施あり");
    // 平成30 (2018) and 令和 years are new: the seed's last year is 平成29.
    expect(cli.out()).toContain("新しい年度: 2018, 2019, 2020");
    const store = createSnapshotStore(dataDir);
    expect(await store.read()).toBeNull();
    expect(await store.history()).toEqual([]);
  });

  it("publishes a Shift_JIS CRLF edition that the running live edition picks up", async () => {
    const file = path.join(work, "2020-07.txt");
    await writeFile(file, officeBytes(nextEdition()));
    const cli = captureIo(work, env);
    const swapped = nextSwap();
    expect(await run([file], cli.io)).toBe(0);
    expect(cli.err()).toBe("");
    expect(cli.out()).toContain("状況の変化 1 件");
    expect(cli.out()).toContain("公開しました");

    const edition = await swapped;
    expect(live.current()).toBe(edition);
    expect(edition.info).toMatchObject({ source: "2020-07.txt", projects: 60, edition: "令和2年7月" });
    const found = await ask(edition, "オープンデータポータルは公開された？");
    expect(found?.project.id).toBe("1-1-3-2");
    expect(found?.project.actions[0]?.fiscalYears).toEqual([2020]);
    const photo = await ask(edition, "景観写真展は開催されましたか？");
    expect(photo?.project.status).toBe("実施あり");
    expect(photo?.project.actions[0]?.fiscalYears).toEqual([2018, 2019]);

    const history = await createSnapshotStore(dataDir).history();
    expect(history.at(-1)).toMatchObject({
      action: "publish",
      source: "2020-07.txt",
      projects: 60,
      target: "embedded",
    });
    expect(history.at(-1)?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("--rollback restores the previous edition in the running live edition", async () => {
    const cli = captureIo(work, env);
    const swapped = nextSwap();
    expect(await run(["--rollback"], cli.io)).toBe(0);
    const edition = await swapped;
    expect(edition.info.source).toBe("shiroi-plan-progress-2018-07.txt");
    expect((await ask(edition, "景観写真展は開催されましたか？"))?.project.status).toBe("未実施");
    expect(findProject(edition.plan, "1-1-3-2")).toBeNull();
    const history = await createSnapshotStore(dataDir).history();
    expect(history.map((h) => h.action)).toEqual(["publish", "rollback"]);
  });

  it("rejects an invalid edition with line numbers and leaves the live edition unchanged", async () => {
    const before = live.current();
    const broken = nextEdition().split("\r\n");
    broken.splice(2, 0, "①どの施策にも属さない事業\t企画政策課\t・未実施");
    const file = path.join(work, "broken.txt");
    await writeFile(file, officeBytes(broken.join("\r\n")));
    const cli = captureIo(work, env);
    expect(await run([file], cli.io)).toBe(1);
    expect(cli.err()).toMatch(/broken\.txt:3: エラー/);
    expect(cli.err()).toContain("何も変更していません");
    await live.reload();
    expect(live.current()).toBe(before);
    expect((await createSnapshotStore(dataDir).history()).length).toBe(2);
  });

  it("ignores a broken snapshot file and keeps serving", async () => {
    const before = live.current();
    await writeFile(createSnapshotStore(dataDir).snapshotPath, '{"format":1,"checksum":"x"');
    expect(await live.reload()).toBe(false);
    expect(live.current()).toBe(before);
    expect((await ask(live.current(), "防災訓練は実施された？"))?.project.id).toBe("2-1-2-1");
  });

  it("refuses to run while another reindex holds the lock, and releases its own", async () => {
    const file = path.join(work, "locked.txt");
    await writeFile(file, officeBytes(nextEdition()));
    const lockFile = path.join(dataDir, PUBLISH_LOCK_FILE);
    await writeFile(lockFile, JSON.stringify({ pid: 4242, since: "2026-07-01T09:00:00.000Z" }));
    const before = await readFile(createSnapshotStore(dataDir).snapshotPath);
    const blocked = captureIo(work, env);
    expect(await run([file], blocked.io)).toBe(1);
    expect(blocked.err()).toContain("pid 4242");
    expect(blocked.err()).toContain(lockFile);
    expect(await readFile(createSnapshotStore(dataDir).snapshotPath)).toEqual(before);

    await rm(lockFile);
    const cli = captureIo(work, env);
    expect(await run(["--rollback"], cli.io)).toBe(0);
    await expect(readFile(lockFile)).rejects.toThrow();
  });

  it("answers usage errors with exit code 2", async () => {
    const cli = captureIo(work, env);
    expect(await run([], cli.io)).toBe(2);
    expect(cli.err()).toContain("usage:");
  });
});
