import { describe, expect, it } from "vitest";
import { createLockout } from "../../src/admin/lockout.js";

describe("sign-in lockout", () => {
  it("locks a name after the failures allowed in the window, then lets it try again", () => {
    let now = 0;
    const lockout = createLockout({ maxFailures: 3, windowMs: 60_000, lockMs: 600_000, now: () => now });
    expect(lockout.fail("Sato")).toBe(false);
    expect(lockout.fail("sato")).toBe(false);
    expect(lockout.fail("ｓａｔｏ")).toBe(true); // one name however it is typed
    expect(lockout.lockedFor("sato")).toBe(600_000);
    now += 600_000;
    expect(lockout.lockedFor("sato")).toBe(0);
  });

  it("forgets failures outside the window and after a success", () => {
    let now = 0;
    const lockout = createLockout({ maxFailures: 2, windowMs: 1000, now: () => now });
    lockout.fail("a");
    now += 1001;
    expect(lockout.fail("a")).toBe(false);
    lockout.succeed("a");
    expect(lockout.fail("a")).toBe(false);
  });

  it("remembers a bounded number of names", () => {
    const lockout = createLockout({ maxFailures: 2, maxTracked: 10 });
    lockout.fail("victim");
    for (let i = 0; i < 100; i++) lockout.fail(`guess${i}`);
    expect(lockout.fail("victim")).toBe(false); // evicted: the first failure was forgotten
  });
});
