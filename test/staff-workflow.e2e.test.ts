// The staff's annual update as they would do it, against the bot as `npm start` runs it: the server
// keeps answering citizens over LINE while `npm run reindex` publishes a Shift_JIS/CRLF edition, rolls
// it back, and rejects a broken one. The server is never restarted.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextEdition, officeBytes } from "./support/editions.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
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

/** `npm run reindex -- …` as a process of its own, the way staff run it. */
function reindex(args: string[], dataDir: string): Promise<CliRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "reindex", ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: dataDir },
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
  }, 90_000);
});
