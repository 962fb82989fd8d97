import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/staff.js";
import { openDatabase } from "../../src/db/index.js";
import { createStaffAccounts } from "../../src/record/index.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function staff(argv: string[], dataDir: string, stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  const code = await run(argv, {
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    env: { DATA_DIR: dataDir },
    cwd: process.cwd(),
  });
  return { code, out, err };
}

describe("staff CLI", () => {
  it("adds accounts with the password from standard input, lists, resets and removes them", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "staff-"));
    dirs.push(dataDir);
    expect((await staff(["add", "tanaka", "--role", "editor"], dataDir, "pass phrase one\n")).code).toBe(0);
    expect((await staff(["add", "sato", "--role", "viewer"], dataDir, "pass phrase two\r\n")).code).toBe(0);
    const listed = await staff(["list"], dataDir);
    expect(listed.out).toMatch(/^sato\tviewer/m);
    expect(listed.out).toMatch(/^tanaka\teditor/m);
    expect(listed.out).not.toContain("pass phrase");
    expect((await staff(["reset", "sato"], dataDir, "pass phrase three\n")).code).toBe(0);

    const db = await openDatabase({ dataDir });
    const accounts = createStaffAccounts(db);
    expect(await accounts.verify("tanaka", "pass phrase one")).toMatchObject({ role: "editor" });
    expect(await accounts.verify("sato", "pass phrase three")).toMatchObject({ role: "viewer" });
    await db.close();

    expect((await staff(["remove", "sato"], dataDir)).code).toBe(0);
    expect((await staff(["remove", "sato"], dataDir)).code).toBe(1);
    expect((await staff(["list"], dataDir)).out).not.toContain("sato");
  });

  it("refuses usage errors with 2 and weak or missing passwords with 1", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "staff-"));
    dirs.push(dataDir);
    expect((await staff(["add", "tanaka"], dataDir, "pass phrase one\n")).code).toBe(2);
    expect((await staff(["add", "tanaka", "--role", "admin"], dataDir, "pass phrase one\n")).code).toBe(2);
    expect((await staff(["frobnicate"], dataDir)).code).toBe(2);
    const weak = await staff(["add", "tanaka", "--role", "editor"], dataDir, "short\n");
    expect(weak.code).toBe(1);
    expect(weak.err).toContain("12 文字以上");
    expect((await staff(["add", "tanaka", "--role", "editor"], dataDir, "")).code).toBe(1);
    await staff(["add", "tanaka", "--role", "editor"], dataDir, "pass phrase one\n");
    const again = await staff(["add", "tanaka", "--role", "viewer"], dataDir, "pass phrase two\n");
    expect(again.code).toBe(1);
    expect(again.err).toContain("すでにあります");
  });
});
