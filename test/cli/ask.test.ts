import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/ask.js";
import type { CliIo } from "../../src/cli/io.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** No snapshot there: the CLI serves the bundled seed edition. */
const EMPTY_DATA_DIR = path.join(tmpdir(), `ask-test-${process.pid}-none`);

async function ask(
  argv: string[],
  stdin: (string | Buffer)[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on("data", (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on("data", (c: Buffer) => err.push(c));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: Readable.from(stdin),
    env: { DATA_DIR: EMPTY_DATA_DIR },
    cwd: ROOT,
  };
  const code = await run(argv, io);
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

describe("ask CLI", () => {
  it("prints the reply as a person reads it", async () => {
    const { code, stdout } = await ask(["防災訓練は実施された？"]);
    expect(code).toBe(0);
    expect(stdout).toContain("実施あり");
    expect(stdout).toContain("学校が実施している環境美化活動や防災訓練などを地域と合同で実施");
    expect(stdout).toContain("平成27～29年度（2015～2017年度）");
    expect(stdout).toContain("【市民活動支援課、市民安全課】");
    expect(stdout).not.toContain('"type"');
  });

  it("shows a Flex reply by its contents", async () => {
    const { stdout } = await ask(["全体の進捗を教えて"]);
    expect(stdout).toContain("全59事業");
    expect(stdout).toMatch(/1\. 市民参加（15事業）\n█+/);
  });

  it("prints the LINE message objects with --json", async () => {
    const { code, stdout } = await ask(["--json", "景観写真展は開催されましたか？"]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { question: string; messages: { type: string; text?: string }[] };
    expect(parsed.question).toBe("景観写真展は開催されましたか？");
    expect(parsed.messages[0]?.type).toBe("flex");
    expect(JSON.stringify(parsed.messages[0])).toContain("未実施");
  });

  it("prints the plain-text form with --text, and a page with --html", async () => {
    const text = await ask(["--json", "--text", "景観写真展は開催されましたか？"]);
    const parsed = JSON.parse(text.stdout) as { messages: { type: string; text?: string }[] };
    expect(parsed.messages[0]?.type).toBe("text");
    expect(parsed.messages[0]?.text).toContain("状況：未実施");
    const html = await ask(["--html", "景観写真展は開催されましたか？"]);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('<div class="user">景観写真展は開催されましたか？</div>');
    expect(html.stdout).toContain(">未実施</div>");
    expect((await ask(["--json", "--html", "x"])).code).toBe(2);
  });

  it("answers one JSON line per stdin line, skipping blank lines", async () => {
    const { code, stdout } = await ask([], ["こんにちは\n", "\n", "未実施の事業はいくつ\n"]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { question: string; messages: unknown[] });
    expect(lines.map((l) => l.question)).toEqual(["こんにちは", "未実施の事業はいくつ"]);
    expect(JSON.stringify(lines[1]?.messages)).toContain("22件");
  });

  it("reads a Shift_JIS questions file with CRLF as reindex reads editions (defect 7 of #11)", async () => {
    const sjis = iconv.encode("防災訓練は実施された？\r\n未実施の事業はいくつ\r\n", "cp932");
    const { code, stdout } = await ask([], [sjis]);
    expect(code).toBe(0);
    const questions = stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { question: string }).question);
    expect(questions).toEqual(["防災訓練は実施された？", "未実施の事業はいくつ"]);
  });

  it("keeps going past lines with NUL, controls and a lone surrogate", async () => {
    const hostile = [
      "防災訓練\u0000は？\n",
      `景観写真展${"😀".charAt(0)}は？\n`,
      "\u0007\u001b\n",
      "未実施の事業はいくつ\n",
    ];
    const { code, stdout } = await ask([], hostile);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { question: string; messages?: unknown[]; error?: string });
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.error === undefined && (l.messages?.length ?? 0) > 0)).toBe(true);
    expect(JSON.stringify(lines[3]?.messages)).toContain("22件");
  });

  it("fails with exit 2 on an unknown option", async () => {
    const { code, stderr } = await ask(["--nope"]);
    expect(code).toBe(2);
    expect(stderr).toContain("usage");
  });
});
