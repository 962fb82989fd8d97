// The staff's annual update as they would do it, against the bot as `npm start` runs it: the server
// keeps answering citizens over LINE while `npm run reindex` publishes a Shift_JIS/CRLF edition, rolls
// it back, rejects a broken one, refuses a truncated one until forced, publishes the Excel workbook,
// ignores an identical one and goes back two editions; then the same with Meilisearch, whose first
// rollback used to fail. The server is never restarted.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSnapshotStore } from "../src/editions/index.js";
import { nextEdition, officeBytes } from "./support/editions.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import {
  MEILISEARCH_BINARY,
  MEILISEARCH_SKIP_MESSAGE,
  startMeilisearch,
  type TestMeilisearch,
} from "./support/meilisearch-server.js";
import { SEED_PATH } from "./support/seed.js";
import { type Started, startServer } from "./support/server-process.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

const QUESTION = "景観写真展は開催されましたか？";

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run reindex -- …` (or another command) as a process of its own, the way staff run it. */
function reindex(
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
  command = "reindex",
): Promise<CliRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", command, ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

interface Ready {
  edition: string;
  source: string;
  documents: number;
  state: string;
}

describe("staff reindex while the bot serves citizens", () => {
  let dir: string;
  let dataDir: string;
  let standIn: LineStandIn;
  let server: Started;

  /** A citizen's question over LINE; returns the first message of the reply, as JSON text. */
  async function ask(question: string): Promise<string> {
    const event = textEvent(question);
    const body = callbackBody([event], { escapeNonAscii: true });
    const before = standIn.replies.length;
    const response = await fetch(`${server.address}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-line-signature": sign(body) },
      body,
    });
    expect(response.status).toBe(200);
    await standIn.waitForRequests(before + 1, 10_000);
    const reply = standIn.replies.find((r) => r.body.replyToken === event.replyToken);
    return JSON.stringify(reply?.body.messages[0]);
  }

  /** Asks until the answer satisfies `check` (the server picks snapshots up by itself), or gives up. */
  async function eventually(check: (answer: string) => boolean): Promise<string> {
    const deadline = Date.now() + 15_000;
    let answer = await ask(QUESTION);
    while (!check(answer) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await ask(QUESTION);
    }
    return answer;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "shiroi-staff-"));
    dataDir = path.join(dir, "data");
    standIn = await startLineStandIn();
    server = await startServer({
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
      LINE_API_BASE_URL: standIn.baseURL,
    });
  }, 30_000);

  afterAll(async () => {
    server.child.kill("SIGTERM");
    await server.exited;
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("publishes, rolls back and rejects without a restart or a dropped question", async () => {
    const before = await ask(QUESTION);
    expect(before).toContain("未実施");
    expect(before).not.toContain("実施あり");

    // 1. Next year's edition, saved on an office PC: Shift_JIS with CRLF, 令和 years, a status change.
    const edition = path.join(dir, "shiroi-plan-progress-2020-07.txt");
    await writeFile(edition, officeBytes(nextEdition()));
    const published = await reindex([edition], dataDir);
    expect(published.code).toBe(0);
    expect(published.stdout).toContain("未実施 → 実施あり");
    expect(published.stdout).toContain("オープンデータポータル");

    const after = await eventually((a) => a.includes("実施あり"));
    expect(after).toContain("実施あり");
    expect(after).toContain("平成30年度～令和元年度");
    expect(after).toContain("2018～2019年度");
    const ready = (await (await fetch(`${server.address}/readyz`)).json()) as { edition: string };
    expect(ready.edition).toBe("令和2年7月");

    // 2. Roll back: the old answer returns.
    const rolledBack = await reindex(["--rollback"], dataDir);
    expect(rolledBack.code).toBe(0);
    expect(await eventually((a) => a.includes("未実施"))).not.toContain("実施あり");

    // 3. A broken edition is rejected with its line number; citizens keep the live answers.
    const broken = path.join(dir, "broken.txt");
    await writeFile(
      broken,
      officeBytes(`${nextEdition()}\r\n⑨年度の読めない事業\t総務課\t・何かを実施(平成年度)【総務課】`),
    );
    const rejected = await reindex([broken], dataDir);
    expect(rejected.code).toBe(1);
    const badLine = nextEdition().split("\r\n").length + 1;
    expect(rejected.stderr).toContain(`broken.txt:${badLine}`);
    expect(rejected.stderr).toContain("unreadable-year");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stillServed = await ask(QUESTION);
    expect(stillServed).toContain("未実施");
    expect(stillServed).not.toContain("実施あり");
  }, 180_000);

  async function ready(): Promise<Ready> {
    return (await (await fetch(`${server.address}/readyz`)).json()) as Ready;
  }

  /** Waits until /readyz shows `source` (the server picks snapshots up by itself). */
  async function serving(source: string): Promise<Ready> {
    const deadline = Date.now() + 15_000;
    let state = await ready();
    while (state.source !== source && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await ready();
    }
    return state;
  }

  it("guards, the Excel workbook, an identical edition and a rollback two editions back", async () => {
    // A truncated list (the first 100 lines): refused after the diff, citizens keep every project.
    const truncated = path.join(dir, "shiroi-plan-progress-2018-07-truncated.txt");
    await writeFile(truncated, readFileSync(SEED_PATH, "utf8").split("\n").slice(0, 100).join("\n"));
    const refused = await reindex([truncated], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("なくなった事業");
    expect(refused.stderr).toContain("[removes-projects]");
    expect(refused.stderr).toContain("live projects");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await ready()).documents).toBe(59);

    // Forced: published (the staff member insisted).
    const forced = await reindex([truncated, "--force"], dataDir);
    expect(forced.code).toBe(0);
    expect((await serving(path.basename(truncated))).documents).toBeLessThan(59);

    // The Excel workbook of next year's edition, exported and published as staff keep it.
    const text = path.join(dir, "next.txt");
    await writeFile(text, officeBytes(nextEdition()));
    const workbook = path.join(dir, "shiroi-plan-progress-2020-07.xlsx");
    const exported = await reindex([text, "--format", "xlsx", "--output", workbook], dataDir, {}, "export");
    expect(exported.code).toBe(0);
    const fromExcel = await reindex([workbook], dataDir);
    expect(fromExcel.code).toBe(0);
    expect((await serving("shiroi-plan-progress-2020-07.xlsx")).documents).toBe(60);
    const answer = await eventually((a) => a.includes("実施あり"));
    expect(answer).toContain("平成30年度～令和元年度");

    // The same workbook again: nothing published, nothing lost.
    const store = createSnapshotStore(dataDir);
    const before = { kept: await store.list(), history: await store.history() };
    const identical = await reindex([workbook], dataDir);
    expect(identical.code).toBe(1);
    expect(identical.stderr).toContain("nothing was published");
    expect({ kept: await store.list(), history: await store.history() }).toEqual(before);

    // Kept, in publishing order: the bundled edition first (kept at the first publish), 2020-07.txt
    // when the first test ran, the truncated one, the workbook. Two back, one --rollback at a time.
    const sources = before.kept.map((k) => k.info.source);
    expect(sources[0]).toBe("shiroi-plan-progress-2018-07.txt");
    expect(sources.slice(-2)).toEqual([path.basename(truncated), "shiroi-plan-progress-2020-07.xlsx"]);
    const twoBack = before.kept.at(-3)?.info;
    expect((await reindex(["--rollback"], dataDir)).code).toBe(0);
    expect((await reindex(["--rollback"], dataDir)).code).toBe(0);
    expect(await serving(twoBack?.source ?? "")).toMatchObject({ documents: twoBack?.projects });
    // And back to any kept edition by its id: the bundled one.
    expect((await reindex(["--rollback", before.kept[0]?.id ?? ""], dataDir)).code).toBe(0);
    expect((await serving("shiroi-plan-progress-2018-07.txt")).documents).toBe(59);
    expect(await eventually((a) => a.includes("未実施"))).not.toContain("実施あり");
  }, 300_000);
});

describe.skipIf(!MEILISEARCH_BINARY)(
  `staff reindex with Meilisearch (${MEILISEARCH_SKIP_MESSAGE} otherwise)`,
  () => {
    let dir: string;
    let dataDir: string;
    let meilisearch: TestMeilisearch;
    let server: Started;
    let env: Record<string, string>;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "shiroi-staff-meili-"));
      dataDir = path.join(dir, "data");
      meilisearch = await startMeilisearch();
      env = {
        SEARCH_BACKEND: "meilisearch",
        MEILISEARCH_HOST: meilisearch.host,
        MEILISEARCH_API_KEY: meilisearch.masterKey,
        MEILISEARCH_INDEX: "plan_projects",
      };
      server = await startServer({ DATA_DIR: dataDir, ...env });
    }, 60_000);

    afterAll(async () => {
      server?.child.kill("SIGTERM");
      await server?.exited;
      await meilisearch?.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    async function ready(): Promise<Ready> {
      return (await (await fetch(`${server.address}/readyz`)).json()) as Ready;
    }

    async function until(check: (state: Ready) => boolean): Promise<Ready> {
      const deadline = Date.now() + 40_000;
      let state = await ready();
      while (!check(state) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        state = await ready();
      }
      return state;
    }

    it("rolls back right after the first publish", async () => {
      const edition = path.join(dir, "shiroi-plan-progress-2020-07.txt");
      await writeFile(edition, officeBytes(nextEdition()));
      const published = await reindex([edition], dataDir, env);
      expect(published.code).toBe(0);
      expect(await until((s) => s.source === path.basename(edition) && s.state === "ready")).toMatchObject({
        documents: 60,
        backend: expect.stringContaining("meilisearch"),
      });
      const back = await reindex(["--rollback"], dataDir, env);
      expect(back.stderr).toBe("");
      expect(back.code).toBe(0);
      expect(
        await until((s) => s.source === "shiroi-plan-progress-2018-07.txt" && s.state === "ready"),
      ).toMatchObject({ documents: 59, edition: "平成30年7月" });
    }, 180_000);
  },
);
