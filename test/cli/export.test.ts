import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/export.js";
import type { CliIo } from "../../src/cli/io.js";
import { parseEdition, planStatistics } from "../../src/plan/index.js";
import { SEED_PATH } from "../support/seed.js";

const dir = mkdtempSync(join(tmpdir(), "export-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function exportCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from([]),
    env: {},
    cwd: dir,
  };
  const code = await run(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe("export CLI", () => {
  it("writes JSON by default, only data on stdout, the warning on stderr", async () => {
    const { code, stdout, stderr } = await exportCli([SEED_PATH]);
    expect(code).toBe(0);
    const records = JSON.parse(stdout) as { id: string }[];
    expect(records).toHaveLength(59);
    expect(records[0]?.id).toBe("1-1-1-1");
    expect(stderr).toMatch(/shiroi-plan-progress-2018-07\.txt:76: 警告 \[merged-header\]/);
    expect(stdout).not.toContain("警告");
  });

  it("writes CSV with --format csv and --format=csv", async () => {
    for (const argv of [
      [SEED_PATH, "--format", "csv"],
      ["--format=csv", SEED_PATH],
    ]) {
      const { code, stdout } = await exportCli(argv);
      expect(code).toBe(0);
      expect(stdout.startsWith("\uFEFFid,no,title,status")).toBe(true);
      expect(stdout.split("\r\n").filter((line) => line !== "")).toHaveLength(1 + 93 + 24);
    }
  });

  it("resolves a relative path against io.cwd", async () => {
    writeFileSync(
      join(dir, "small.txt"),
      "1.「市民参加」～副題～\n(1)見出し(P1)\n(1)施策(P1)\t\t\n①事業\t課\t・未実施\n",
    );
    const { code, stdout, stderr } = await exportCli(["small.txt"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ id: "1-1-1-1", status: "未実施" })]);
  });

  it("rejects an invalid document: exit 1, errors with line numbers on stderr, nothing on stdout", async () => {
    writeFileSync(join(dir, "bad.txt"), "1.「市民参加」～副題～\n①事業\t課\t・未実施\n");
    const { code, stdout, stderr } = await exportCli(["bad.txt", "--format", "csv"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("rejected");
    expect(stderr).toContain("bad.txt:2: エラー [project-outside-measure]");
  });

  it("exits 1 when the file cannot be read", async () => {
    const { code, stdout, stderr } = await exportCli(["missing.txt"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("cannot read missing.txt");
  });

  it.each([[[]], [["--format", "xml", SEED_PATH]], [["--bogus", SEED_PATH]], [[SEED_PATH, "extra"]]])(
    "exits 2 on usage errors: %j",
    async (argv) => {
      const { code, stdout, stderr } = await exportCli(argv);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("usage: npm run export");
    },
  );

  it("writes the edition as a workbook with --format xlsx --output, which reads back to the same plan", async () => {
    const target = join(dir, "plan.xlsx");
    const { code, stdout } = await exportCli([SEED_PATH, "--format", "xlsx", "--output", target]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    const back = await parseEdition(readFileSync(target));
    expect(back.ok && planStatistics(back.plan).projects).toBe(59);
    // And an .xlsx is accepted as input too.
    const json = await exportCli([target]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(59);
  });

  it("speaks of exporting, not indexing, when the document is invalid (defect 7 of #11)", async () => {
    const bad = join(dir, "bad-export.txt");
    writeFileSync(bad, "①どの施策にも属さない事業\t企画政策課\t・未実施\n");
    const { code, stderr } = await exportCli([bad]);
    expect(code).toBe(1);
    expect(stderr).toContain("書き出しを中止しました");
    expect(stderr).toContain("nothing was exported");
    expect(stderr).not.toMatch(/index|取り込み/);
  });
});
