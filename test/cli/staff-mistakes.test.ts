// The staff's real mistakes of issue #11, replayed against the reindex CLI: each must leave the live
// edition, its rollback points and the history as they were, unless the staff member insists.
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/reindex.js";
import { createSnapshotStore } from "../../src/editions/index.js";
import { compareEditionDates, editionDateOf } from "../../src/plan/index.js";
import { captureIo } from "../support/cli-io.js";
import { nextEdition, officeBytes } from "../support/editions.js";
import { SEED_PATH } from "../support/seed.js";

const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");

let work: string;
let dataDir: string;
let env: Record<string, string | undefined>;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "staff-mistakes-"));
  dataDir = path.join(work, "data");
  env = { DATA_DIR: dataDir, INDEX_DATA_DIR: INDEX_DATA };
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const target = path.join(work, name);
  await writeFile(target, content);
  return target;
}

async function reindex(args: string[], extraEnv: Record<string, string> = {}, tty?: { input: string }) {
  const cli = captureIo(work, { ...env, ...extraEnv }, tty ? { tty: true, input: tty.input } : {});
  const code = await run(args, cli.io);
  return { code, out: cli.out(), err: cli.err() };
}

/** Everything DATA_DIR holds that a mistake could damage. */
async function state() {
  const store = createSnapshotStore(dataDir);
  const live = await store.read();
  return {
    live: live ? { id: live.id, source: live.info.source, projects: live.info.projects } : null,
    kept: (await store.list()).map((edition) => edition.id),
    history: (await store.history()).length,
  };
}

/** next year's edition with one more status change: a distinct third edition. */
function thirdEdition(): string {
  return nextEdition()
    .replace("令和2年7月", "令和3年7月")
    .replace(
      "②情報提供場所の拡充\t\t・未実施",
      "②情報提供場所の拡充\t\t・駅に情報コーナーを設置(令和3年度)【市民活動支援課】",
    );
}

describe("1. a --dry-run that npm swallowed (no --)", () => {
  it("is honoured: it checks, publishes nothing and writes no history", async () => {
    const edition = await file("2020-07.txt", officeBytes(nextEdition()));
    const result = await reindex([edition], { npm_config_dry_run: "true" });
    expect(result.code).toBe(0);
    expect(result.out).toContain("--dry-run");
    expect(result.out).toContain("検証OK");
    expect(await state()).toEqual({ live: null, kept: [], history: 0 });
  });

  it("refuses any other flag npm swallowed, with the hint to add --", async () => {
    const edition = await file("2020-07.txt", officeBytes(nextEdition()));
    const cases: Record<string, string>[] = [
      { npm_config_force: "true" },
      { npm_config_rollback: "true" },
      { npm_config_list: "true" },
      { npm_config_data_dir: "true" },
    ];
    for (const swallowed of cases) {
      const result = await reindex([edition], swallowed);
      expect(result.code).toBe(2);
      expect(result.err).toContain("npm run reindex -- ");
      expect(await state()).toEqual({ live: null, kept: [], history: 0 });
    }
  });
});

describe("2. a truncated list", () => {
  it("is refused with the diff first and the reason in Japanese and English, then published with --force", async () => {
    const lines = readFileSync(SEED_PATH, "utf8").split("\n").slice(0, 100);
    const truncated = await file("truncated.txt", lines.join("\n"));
    const refused = await reindex([truncated]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/なくなった事業 \d+ 件/);
    expect(refused.out.indexOf("なくなった事業")).toBeLessThan(refused.out.indexOf("removes-projects"));
    expect(refused.err).toContain("公開しませんでした");
    expect(refused.err).toMatch(/稼働中の 59 事業のうち \d+ 事業/);
    expect(refused.err).toMatch(/\d+ of the 59 live projects/);
    expect(await state()).toEqual({ live: null, kept: [], history: 0 });

    const forced = await reindex([truncated, "--force"]);
    expect(forced.code).toBe(0);
    expect((await state()).live?.source).toBe("truncated.txt");
    const [entry] = await createSnapshotStore(dataDir).history();
    expect(entry).toMatchObject({ action: "publish", forced: true, guards: ["removes-projects"] });
  });

  it("in a terminal asks first: no keeps everything, yes publishes", async () => {
    const lines = readFileSync(SEED_PATH, "utf8").split("\n").slice(0, 100);
    const truncated = await file("truncated.txt", lines.join("\n"));
    const declined = await reindex([truncated], {}, { input: "no\n" });
    expect(declined.code).toBe(1);
    expect(declined.out).toContain("それでも公開しますか");
    expect(await state()).toEqual({ live: null, kept: [], history: 0 });
    const confirmed = await reindex([truncated], {}, { input: "yes\n" });
    expect(confirmed.code).toBe(0);
    expect((await state()).live?.source).toBe("truncated.txt");
  });
});

describe("3. an older edition over a newer one", () => {
  it("reads edition dates across eras", () => {
    const heisei = editionDateOf("平成30年7月");
    const reiwa = editionDateOf("令和元年7月");
    expect(heisei).toEqual({ year: 2018, month: 7 });
    expect(reiwa).toEqual({ year: 2019, month: 7 });
    expect(editionDateOf("令和 2 年 7 月")).toEqual({ year: 2020, month: 7 });
    expect(editionDateOf("2019年7月")).toEqual({ year: 2019, month: 7 });
    expect(editionDateOf(null)).toBeNull();
    expect(heisei && reiwa && compareEditionDates(heisei, reiwa)).toBeLessThan(0);
  });

  it("is refused unless forced", async () => {
    const reiwa = await file("2019-07.txt", nextEdition().replace("令和2年7月", "令和元年7月"));
    expect((await reindex([reiwa])).code).toBe(0);
    const before = await state();
    const older = await file("2018-07.txt", readFileSync(SEED_PATH));
    const refused = await reindex([older]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("[older-edition]");
    expect(refused.err).toContain("平成30年7月");
    expect(refused.err).toContain("令和元年7月");
    expect(await state()).toEqual(before);
    expect((await reindex([older, "--force"])).code).toBe(0);
    expect((await state()).live?.source).toBe("2018-07.txt");
  });
});

describe("4. the same file published twice", () => {
  it("publishes nothing and keeps the rollback point", async () => {
    const a = await file("a.txt", officeBytes(nextEdition()));
    const b = await file("b.txt", officeBytes(thirdEdition()));
    expect((await reindex([a])).code).toBe(0);
    expect((await reindex([b])).code).toBe(0);
    const before = await state();
    const again = await reindex([b]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("何も公開していません");
    expect(again.err).toContain("nothing was published");
    expect(await state()).toEqual(before);
    const back = await reindex(["--rollback"]);
    expect(back.code).toBe(0);
    expect((await state()).live?.source).toBe("a.txt");
  });

  it("is not identical when a dictionary changed: the new vocabulary is published", async () => {
    const dictionaries = path.join(work, "index-data");
    await mkdir(dictionaries);
    await writeFile(path.join(dictionaries, "synonyms.txt"), "防災, ぼうさい\n");
    const a = await file("a.txt", officeBytes(nextEdition()));
    const withOwn = { INDEX_DATA_DIR: dictionaries };
    expect((await reindex([a], withOwn)).code).toBe(0);
    await writeFile(path.join(dictionaries, "synonyms.txt"), "防災, ぼうさい, 災害対策\n");
    expect((await reindex([a], withOwn)).code).toBe(0);
    const live = await createSnapshotStore(dataDir).read();
    expect(live?.dictionaries?.["synonyms.txt"]).toContain("災害対策");
  });
});

describe("history and rollback", () => {
  it("lists the kept editions and rolls back to any of them, keeping N", async () => {
    const editions = [nextEdition(), thirdEdition(), thirdEdition().replace("令和3年7月", "令和4年7月")];
    for (const [i, text] of editions.entries()) {
      expect((await reindex([await file(`e${i}.txt`, text)], { EDITIONS_KEPT: "3" })).code).toBe(0);
    }
    const list = await reindex(["--list"], { EDITIONS_KEPT: "3" });
    expect(list.code).toBe(0);
    // The bundled edition (id 1) was dropped: 3 kept.
    expect(list.out).not.toMatch(/^\s+1 /m);
    expect(list.out).toMatch(
      /^ +2 {2}令和2年7月 .* e0\.txt {2}事業 60 \/ 実施したこと 95 {2}sha256 [0-9a-f]{64}$/m,
    );
    expect(list.out).toMatch(/^\* +4 {2}令和4年7月/m);
    expect((await reindex(["--rollback", "2"])).code).toBe(0);
    expect((await state()).live?.source).toBe("e0.txt");
    const missing = await reindex(["--rollback", "1"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("版 1 は保持されていません");
  });

  it("a broken dictionary in index-data/ is reported with its line, and nothing changes", async () => {
    const dictionaries = path.join(work, "index-data");
    await mkdir(dictionaries);
    await writeFile(path.join(dictionaries, "synonyms.txt"), "# comment\n防災, ぼうさい\nひとつだけ\n");
    const a = await file("a.txt", officeBytes(nextEdition()));
    const result = await reindex([a], { INDEX_DATA_DIR: dictionaries });
    expect(result.code).toBe(1);
    expect(result.err).toContain("synonyms.txt:3:");
    expect(await state()).toEqual({ live: null, kept: [], history: 0 });
  });
});

describe("7. friendly errors", () => {
  it("a DATA_DIR that cannot be written: one line, no stack trace, nothing published", async () => {
    const edition = await file("2020-07.txt", officeBytes(nextEdition()));
    // As root, permissions do not stop writes; /sys does.
    const unwritable = process.getuid?.() === 0 ? "/sys/kernel/shiroi-test/data" : "/proc/shiroi-test";
    const result = await reindex([edition], { DATA_DIR: unwritable });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/権限がありません|permission denied|not found/);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it("an Excel 97-2003 file, an .xlsx named .txt, and UTF-16 text", async () => {
    const xls = await file(
      "plan.xls",
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
    );
    const legacy = await reindex([xls]);
    expect(legacy.code).toBe(1);
    expect(legacy.err).toContain("Excel ファイルです");
    expect(legacy.err).toContain("として保存");
    expect(legacy.err).not.toContain("文字コードを判別できません");

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(nextEdition(), "utf16le")]);
    const published = await reindex([await file("utf16.txt", utf16), "--dry-run"]);
    expect(published.code).toBe(0);
    expect(published.out).toContain("utf-16le");
    const noBom = await reindex([
      await file("utf16-nobom.txt", Buffer.from(nextEdition(), "utf16le")),
      "--dry-run",
    ]);
    expect(noBom.code).toBe(0);
    expect(noBom.out).toContain("検証OK");
  });

  it("a missing file names it", async () => {
    const result = await reindex([path.join(work, "nope.txt")]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("nope.txt が見つかりません");
    expect(await readFile(path.join(work, "nope.txt")).catch(() => null)).toBeNull();
  });
});
