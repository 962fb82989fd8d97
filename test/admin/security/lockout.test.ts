// Finding 3: lockout state lives in the database with an expiry, per account and per address, with
// progressive delays and a global cap; every sign-in decision is logged and audited.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLockout } from "../../../src/admin/lockout.js";
import { openDatabase, sql } from "../../../src/db/index.js";
import { createLogger } from "../../../src/logger.js";
import { createSignInFailures } from "../../../src/record/index.js";
import { type ConsoleFixture, EDITOR, Session, startConsole, VIEWER } from "../../support/admin.js";

describe("sign-in lockout", () => {
  let fixture: ConsoleFixture;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    fixture = await startConsole({
      signInPerMinute: 1_000_000,
      lockout: { baseDelayMs: 10 * 60_000 },
      logger: createLogger({ level: "info", destination: sink }),
    });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("logs and audits every decision, recording an unknown name as unknown and never its text", async () => {
    const typed = "<b>攻撃者の文字列</b>";
    const session = new Session(fixture.app);
    await session.signIn(typed, "whatever it is");
    await session.signIn(EDITOR.name, "not the password");
    await session.signIn(EDITOR.name, EDITOR.password);
    const recent = await fixture.audit.recent(10);
    expect(JSON.stringify(recent)).not.toContain("攻撃者");
    expect(JSON.stringify(lines)).not.toContain("攻撃者");
    expect(recent.find((e) => e.action === "sign-in-failed" && e.actor === "unknown")).toBeDefined();
    expect(recent.find((e) => e.action === "sign-in-failed" && e.actor === EDITOR.name)).toBeDefined();
    expect(recent.find((e) => e.action === "sign-in" && e.actor === EDITOR.name)).toBeDefined();
    expect(recent.find((e) => e.action === "sign-in-refused" && e.actor === VIEWER.name)).toBeUndefined();
    const decisions = lines.filter((line) => line.event === "sign-in");
    expect(decisions.map((line) => line.outcome)).toEqual(["failed", "failed", "signed-in"]);
    expect(decisions[0]).toMatchObject({ actor: "unknown", address: "127.0.0.1" });
  });

  it("keeps a locked account locked after 100,000 failures with other names", async () => {
    const attacker = new Session(fixture.app);
    for (let i = 0; i < 5; i++) await attacker.signIn(VIEWER.name, "wrong password");
    const locked = await attacker.signIn(VIEWER.name, VIEWER.password);
    expect(locked.statusCode).toBe(429);
    const flood = createLockout({
      store: fixture.signInFailures,
      globalMaxFailures: Number.POSITIVE_INFINITY,
    });
    // 2,000 failures of other names from other addresses through the policy, then the rows 98,000
    // more would leave, written at once (through the policy they take minutes on SQLite).
    await sql`BEGIN`.execute(fixture.db.query);
    for (let i = 0; i < 2_000; i++) {
      await flood.fail({ account: `guess${i}`, address: `10.0.${(i >> 8) & 255}.${i & 255}` });
    }
    await sql`COMMIT`.execute(fixture.db.query);
    const now = Date.now();
    await sql`WITH RECURSIVE n(i) AS (SELECT 2000 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
      INSERT INTO sign_in_failures (key, failures, window_start, locked_until, expires_at)
      SELECT 'account:flood' || i, 1, ${now}, 0, ${now + 15 * 60_000} FROM n`.execute(fixture.db.query);
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM sign_in_failures`.execute(
      fixture.db.query,
    );
    expect(Number(rows.rows[0]?.n)).toBeGreaterThan(100_000);
    const still = await new Session(fixture.app).signIn(VIEWER.name, VIEWER.password);
    expect(still.statusCode).toBe(429);
    expect(still.body).toContain("一時的");
    const refused = lines.filter((line) => line.event === "sign-in" && line.outcome === "locked");
    expect(refused.length).toBe(2);
    expect(
      (await fixture.audit.recent(5)).filter((e) => e.action === "sign-in-refused" && e.actor === VIEWER.name)
        .length,
    ).toBe(2);
  }, 120_000);
});

describe("the lockout policy", () => {
  const store = async () => createSignInFailures(await openDatabase(":memory:"));

  it("delays progressively: each failure past the threshold doubles the wait", async () => {
    let now = 0;
    const lockout = createLockout({
      store: await store(),
      now: () => now,
      maxFailures: 3,
      baseDelayMs: 1000,
    });
    const keys = { account: "sato", address: "192.0.2.1" };
    await lockout.fail(keys);
    await lockout.fail(keys);
    expect((await lockout.check(keys)).delayMs).toBe(0);
    await lockout.fail(keys);
    expect((await lockout.check(keys)).delayMs).toBe(1000);
    now += 1000;
    expect((await lockout.check(keys)).delayMs).toBe(0);
    await lockout.fail(keys);
    expect((await lockout.check(keys)).delayMs).toBe(2000);
    now += 2000;
    await lockout.fail(keys);
    expect((await lockout.check(keys)).delayMs).toBe(4000);
  });

  it("keys one account however it is typed, and an address however many names it tries", async () => {
    const lockout = createLockout({ store: await store(), maxFailures: 3, addressMaxFailures: 5 });
    await lockout.fail({ account: "Sato", address: "192.0.2.1" });
    await lockout.fail({ account: "sato", address: "192.0.2.2" });
    await lockout.fail({ account: "ｓａｔｏ", address: "192.0.2.3" });
    expect((await lockout.check({ account: "SATO", address: "198.51.100.9" })).scope).toBe("account");
    for (let i = 0; i < 5; i++) await lockout.fail({ account: `name${i}`, address: "203.0.113.7" });
    expect((await lockout.check({ account: "someone", address: "203.0.113.7" })).scope).toBe("address");
    expect((await lockout.check({ account: "someone", address: "203.0.113.8" })).delayMs).toBe(0);
  });

  it("caps failures across all names and addresses", async () => {
    const lockout = createLockout({ store: await store(), globalMaxFailures: 50 });
    for (let i = 0; i < 50; i++) await lockout.fail({ account: `n${i}`, address: `192.0.2.${i}` });
    const verdict = await lockout.check({ account: "fresh", address: "198.51.100.1" });
    expect(verdict.scope).toBe("global");
    expect(verdict.delayMs).toBeGreaterThan(0);
  });

  it("forgets an account's failures after a success and after they expire", async () => {
    let now = 0;
    const failures = await store();
    const lockout = createLockout({ store: failures, now: () => now, maxFailures: 2, windowMs: 1000 });
    const keys = { account: "a", address: "192.0.2.1" };
    await lockout.fail(keys);
    await lockout.succeed(keys);
    await lockout.fail(keys);
    expect((await lockout.check(keys)).delayMs).toBe(0);
    now += 1001;
    await lockout.fail(keys);
    expect((await lockout.check(keys)).delayMs).toBe(0);
  });
});
