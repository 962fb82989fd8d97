import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/index.js";
import { createAuditLog, createStaffAccounts } from "../../src/record/index.js";
import { ENGINES } from "../support/databases.js";

describe.each(ENGINES)("staff accounts and audit log on $name", (engine) => {
  let db: Database;
  beforeEach(async () => {
    db = await engine.open();
  });
  afterEach(() => db.close());

  it("stores an argon2id hash, never the password, and verifies it", async () => {
    const accounts = createStaffAccounts(db);
    const added = await accounts.add("田中", "editor", "correct horse battery");
    expect(added).toMatchObject({ ok: true, account: { name: "田中", role: "editor" } });
    const row = await db.query.selectFrom("staff_accounts").select("password_hash").executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain("correct horse");
    expect(await accounts.verify("田中", "correct horse battery")).toMatchObject({ role: "editor" });
    expect(await accounts.verify("田中", "wrong password")).toBeNull();
    expect(await accounts.verify("nobody", "correct horse battery")).toBeNull();
  });

  it("refuses a taken name, a bad name and a short or huge password", async () => {
    const accounts = createStaffAccounts(db);
    await accounts.add("sato", "viewer", "long enough pw");
    expect(await accounts.add("sato", "editor", "long enough pw")).toEqual({ ok: false, problem: "exists" });
    expect(await accounts.add("a b", "editor", "long enough pw")).toEqual({
      ok: false,
      problem: "invalid-name",
    });
    expect(await accounts.add("x".repeat(65), "editor", "long enough pw")).toMatchObject({ ok: false });
    expect(await accounts.add("suzuki", "editor", "short")).toEqual({
      ok: false,
      problem: "password-too-short",
    });
    expect(await accounts.add("suzuki", "editor", "p".repeat(1025))).toEqual({
      ok: false,
      problem: "password-too-long",
    });
    expect(await accounts.verify("sato", "p".repeat(100_000))).toBeNull();
  });

  it("resets a password (the old one stops working) and removes an account", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const accounts = createStaffAccounts(db, () => new Date(clock));
    await accounts.add("sato", "viewer", "first password");
    clock += 1000;
    const reset = await accounts.resetPassword("sato", "second password");
    expect(reset.ok && reset.account.passwordChangedAt).toBe("2026-01-01T00:00:01.000Z");
    expect(await accounts.verify("sato", "first password")).toBeNull();
    expect(await accounts.verify("sato", "second password")).not.toBeNull();
    expect(await accounts.resetPassword("nobody", "second password")).toEqual({
      ok: false,
      problem: "unknown",
    });
    expect(await accounts.remove("sato")).toBe(true);
    expect(await accounts.remove("sato")).toBe(false);
    expect(await accounts.list()).toEqual([]);
  });

  it("two replicas adding the same name at once: one account, the other told it exists", async () => {
    const accounts = createStaffAccounts(db);
    const results = await Promise.all([
      accounts.add("yamada", "editor", "long enough pw"),
      createStaffAccounts(db).add("yamada", "viewer", "long enough pw"),
    ]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, problem: "exists" });
    expect(await accounts.list()).toHaveLength(1);
  });

  it("keeps audit entries newest first, with bounded detail", async () => {
    const audit = createAuditLog(db);
    await audit.append({ actor: "sato", action: "publish", target: "plan-2019.txt" });
    await audit.append({
      actor: "sato",
      action: "rollback",
      target: "plan-2018.txt",
      detail: "x".repeat(5000),
    });
    const [latest, first] = await audit.recent();
    expect(latest).toMatchObject({ action: "rollback", actor: "sato" });
    expect(latest?.detail.length).toBeLessThan(2100);
    expect(first).toMatchObject({ action: "publish", target: "plan-2019.txt", detail: "" });
    expect(typeof latest?.id).toBe("number");
  });
});
