// Console sessions and sign-in failures on every engine: what sign-out, a reset and removal delete,
// what expires, and the folded account names.
import { describe, expect, it } from "vitest";
import {
  createAuditLog,
  createSignInFailures,
  createStaffAccounts,
  createStaffSessions,
} from "../../src/record/index.js";
import { ENGINES } from "../support/databases.js";

const PASSWORD = "river lantern plum 42";

describe.each(ENGINES)("security stores on $name", (engine) => {
  it("keeps sessions by the hash of their token, ending them on sign-out, reset and removal", async () => {
    const db = await engine.open({ writeIn: "caller" });
    try {
      const sessions = createStaffSessions(db);
      const accounts = createStaffAccounts(db);
      await accounts.add("Sato", "editor", PASSWORD);
      const token = await sessions.start("sato", 1_000);
      expect(await sessions.find(token)).toEqual({ account: "sato", createdAt: 1_000, lastSeenAt: 1_000 });
      await sessions.touch(token, 2_000);
      expect((await sessions.find(token))?.lastSeenAt).toBe(2_000);
      const stored = await db.query.selectFrom("staff_sessions").select("id_hash").execute();
      expect(stored.map((row) => row.id_hash)).not.toContain(token);
      await sessions.end(token);
      expect(await sessions.find(token)).toBeNull();

      const a = await sessions.start("sato", 3_000);
      await accounts.resetPassword("SATO", "another river lantern 43");
      expect(await sessions.find(a)).toBeNull();
      const b = await sessions.start("sato", 4_000);
      expect(await accounts.remove("Ｓａｔｏ")).toBe(true);
      expect(await sessions.find(b)).toBeNull();

      const old = await sessions.start("x", 1);
      const idle = await sessions.start("x", 5_000);
      const fresh = await sessions.start("x", 9_000);
      await sessions.purge(2, 6_000);
      expect(await sessions.find(old)).toBeNull();
      expect(await sessions.find(idle)).toBeNull();
      expect(await sessions.find(fresh)).not.toBeNull();
    } finally {
      await db.close();
    }
  });

  it("keeps failure tracks until they expire, and records the audit address", async () => {
    const db = await engine.open({ writeIn: "caller" });
    try {
      const failures = createSignInFailures(db);
      await failures.write("k", { failures: 3, windowStart: 10, lockedUntil: 500 }, 1_000);
      await failures.write("k", { failures: 4, windowStart: 10, lockedUntil: 900 }, 1_000);
      expect(await failures.read("k", 999)).toEqual({ failures: 4, windowStart: 10, lockedUntil: 900 });
      expect(await failures.read("k", 1_000)).toBeNull();
      await failures.purge(1_000);
      await failures.write("j", { failures: 1, windowStart: 0, lockedUntil: 0 }, 50);
      await failures.clear("j");
      expect(await failures.read("j", 0)).toBeNull();
      const audit = createAuditLog(db);
      await audit.append({ actor: "sato", action: "sign-in", target: "管理画面", address: "203.0.113.5" });
      expect((await audit.recent(1))[0]).toMatchObject({ address: "203.0.113.5" });
    } finally {
      await db.close();
    }
  });
});
