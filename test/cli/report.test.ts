import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { run as forgetUser } from "../../src/cli/forget-user.js";
import { run as report } from "../../src/cli/report.js";
import { openDatabase } from "../../src/db/index.js";
import { createDatabaseFollowStore } from "../../src/notify/index.js";
import { createDatabaseStore, createUserHasher, resolveUserHashKey } from "../../src/record/index.js";
import { questionRecord, removeAll, tempDataDir } from "../record/support.js";

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

const SECRET = "cli-test-user-hash-secret";
const USER = "U4af4980629a0b1c2d3e4f5a6b7c8d9e0";

async function seededDataDir(secret: string | null = SECRET): Promise<string> {
  const dataDir = await tempDataDir(dirs);
  const store = createDatabaseStore(await openDatabase({ dataDir }));
  const hash = createUserHasher(resolveUserHashKey(dataDir, secret).secret)(USER);
  await store.write({
    questions: [
      questionRecord({ askedAt: new Date("2026-11-02T01:00:00Z"), userHash: hash }),
      questionRecord({
        askedAt: new Date("2026-11-05T01:00:00Z"),
        userHash: "other",
        question: "ごみ収集カレンダーは、どこ？",
        normalized: "ごみ収集カレンダーはどこ",
        answerKind: "no-match",
        projectIds: [],
        matchStrength: null,
        unmatchedWords: ["カレンダー"],
      }),
    ],
    feedback: [],
  });
  await store.close();
  return dataDir;
}

async function cli(command: typeof report, argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  const code = await command(argv, { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd() });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

describe("npm run report", () => {
  it("prints tables by default, JSON and CSV on request, for DATA_DIR's record", async () => {
    const env = { DATA_DIR: await seededDataDir() };
    const tables = await cli(report, [], env);
    expect(tables.code).toBe(0);
    expect(tables.stdout).toContain("答えられなかった質問");
    expect(tables.stdout).toMatch(/ごみ収集カレンダーは、どこ？\s+1\s+1\s+カレンダー/);

    const json = JSON.parse((await cli(report, ["--format", "json"], env)).stdout);
    expect(json.totals).toEqual({
      questions: 2,
      unanswered: 1,
      weak: 0,
      users: 2,
      replies: { delivered: 2, failed: 0 },
      feedback: { yes: 0, no: 0 },
      followUps: { count: 0, unanswered: 0 },
    });
    expect(json.unanswered).toEqual([
      expect.objectContaining({ question: "ごみ収集カレンダーは、どこ？", count: 1 }),
    ]);

    const csv = await cli(report, ["--format", "csv", "--section", "unanswered"], env);
    expect(csv.stdout.startsWith("\uFEFFquestion,count,users,unmatched_words,last_asked_at\r\n")).toBe(true);
    expect(csv.stdout).toContain(
      "\r\nごみ収集カレンダーは、どこ？,1,1,カレンダー,2026-11-05T01:00:00.000Z\r\n",
    );
  });

  it("--since / --until are Japan days, both included", async () => {
    const env = { DATA_DIR: await seededDataDir() };
    const day = async (since: string, until: string) =>
      JSON.parse((await cli(report, ["--format", "json", "--since", since, "--until", until], env)).stdout)
        .totals.questions;
    expect(await day("2026-11-02", "2026-11-02")).toBe(1);
    expect(await day("2026-11-03", "2026-11-05")).toBe(1);
    expect(await day("2026-11-06", "2026-11-30")).toBe(0);
  });

  it("says what is wrong: a bad date (2); no record in DATA_DIR yet is an empty report", async () => {
    const bad = await cli(report, ["--since", "yesterday"], { DATA_DIR: await seededDataDir() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not a date: --since yesterday");
    const none = await cli(report, ["--format", "json"], { DATA_DIR: await tempDataDir(dirs) });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("no conversation record");
    expect(JSON.parse(none.stdout).totals).toMatchObject({ questions: 0, users: 0 });
  });
});

describe("npm run forget-user", () => {
  it("deletes the records of the LINE user id the staff were given, hashing it as the bot does", async () => {
    const env = { DATA_DIR: await seededDataDir(), USER_HASH_SECRET: SECRET };
    const result = await cli(forgetUser, [USER], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("deleted 1 question(s)");
    expect(result.stdout).not.toContain(USER);
    const json = JSON.parse((await cli(report, ["--format", "json"], env)).stdout);
    expect(json.totals.questions).toBe(1);
    expect((await cli(forgetUser, ["not-an-id"], env)).code).toBe(2);
  });

  it("deletes the citizen's お知らせ follows and raw id too", async () => {
    const dataDir = await seededDataDir();
    const hash = createUserHasher(SECRET)(USER);
    const database = await openDatabase({ dataDir });
    const follows = createDatabaseFollowStore(database);
    await follows.follow({ userId: USER, userHash: hash, projectId: "2-1-4-1", title: "景観写真展" });
    await database.close();
    const result = await cli(forgetUser, [USER], { DATA_DIR: dataDir, USER_HASH_SECRET: SECRET });
    expect(result.stdout).toContain("1 お知らせ follow(s)");
    const after = await openDatabase({ dataDir });
    expect(await after.query.selectFrom("notify_subscribers").selectAll().execute()).toEqual([]);
    expect(await createDatabaseFollowStore(after).followed(hash)).toEqual([]);
    await after.close();
  });

  it("without USER_HASH_SECRET, hashes with the key the bot made in DATA_DIR", async () => {
    const dataDir = await seededDataDir(null);
    const result = await cli(forgetUser, [USER], { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("deleted 1 question(s)");
  });
});
