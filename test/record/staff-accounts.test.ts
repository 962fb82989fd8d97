import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createAuditLog,
  createStaffAccounts,
  openRecordDatabase,
  type RecordDatabase,
} from "../../src/record/index.js";

describe("staff accounts", () => {
  let db: RecordDatabase;
  beforeEach(() => {
    db = openRecordDatabase(":memory:");
  });
  afterEach(() => db.close());

  it("stores an argon2id hash, never the password, and verifies it", async () => {
    const accounts = createStaffAccounts(db);
    const added = await accounts.add("田中", "editor", "correct horse battery");
    expect(added).toMatchObject({ ok: true, account: { name: "田中", role: "editor" } });
    const row = db.prepare("SELECT password_hash FROM staff_accounts").get() as { password_hash: string };
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
    expect(accounts.remove("sato")).toBe(true);
    expect(accounts.remove("sato")).toBe(false);
    expect(accounts.list()).toEqual([]);
  });
});

describe("audit log", () => {
  it("keeps entries newest first, with bounded detail", () => {
    const db = openRecordDatabase(":memory:");
    const audit = createAuditLog(db);
    audit.append({ actor: "sato", action: "publish", target: "plan-2019.txt" });
    audit.append({ actor: "sato", action: "rollback", target: "plan-2018.txt", detail: "x".repeat(5000) });
    const [latest, first] = audit.recent();
    expect(latest).toMatchObject({ action: "rollback", actor: "sato" });
    expect(latest?.detail.length).toBeLessThan(2100);
    expect(first).toMatchObject({ action: "publish", target: "plan-2019.txt", detail: "" });
    db.close();
  });
});
