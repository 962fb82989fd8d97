// Finding 5: behind a proxy, X-Forwarded-For is believed only from the proxy TRUST_PROXY names; then
// the sign-in limit applies per real client and the audit log records the client, not the proxy.
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { type ConsoleFixture, Session, startConsole } from "../../support/admin.js";

async function attempt(fixture: ConsoleFixture, forwardedFor: string) {
  const session = new Session(fixture.app);
  const _csrf = await session.token("/admin/login");
  return session.post(
    "/admin/login",
    { _csrf, username: "nobody-here", password: "wrong" },
    { "x-forwarded-for": forwardedFor },
  );
}

describe("TRUST_PROXY", () => {
  let fixture: ConsoleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it("ignores a spoofed X-Forwarded-For when no proxy is trusted", async () => {
    fixture = await startConsole({ signInPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await attempt(fixture, `198.51.100.${i}`)).statusCode).toBe(401);
    expect((await attempt(fixture, "198.51.100.99")).statusCode).toBe(429);
    const failures = (await fixture.audit.recent()).filter((e) => e.action === "sign-in-failed");
    expect(failures.length).toBe(3);
    for (const entry of failures) expect(entry.address).toBe("127.0.0.1");
  });

  it("with the proxy trusted, limits each real client, and audits the client's address", async () => {
    fixture = await startConsole({ signInPerMinute: 3 }, { trustProxy: ["127.0.0.1"] });
    for (let i = 0; i < 3; i++) expect((await attempt(fixture, "203.0.113.5")).statusCode).toBe(401);
    expect((await attempt(fixture, "203.0.113.5")).statusCode).toBe(429);
    // Another citizen of the same proxy still signs in (or fails) as themselves.
    expect((await attempt(fixture, "203.0.113.6")).statusCode).toBe(401);
    // A client cannot pretend to be someone else by adding addresses in front: the proxy's own entry counts.
    expect((await attempt(fixture, "192.0.2.1, 203.0.113.5")).statusCode).toBe(429);
    const addresses = (await fixture.audit.recent())
      .filter((e) => e.action === "sign-in-failed")
      .map((e) => e.address);
    expect(new Set(addresses)).toEqual(new Set(["203.0.113.5", "203.0.113.6"]));
  });

  it("is read as addresses or a hop count, and never as 'trust everyone'", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.2, 172.16.0.0/12" }).trustProxy).toEqual([
      "10.0.0.2",
      "172.16.0.0/12",
    ]);
    for (const value of ["true", "*", "all", "0.0.0.0/0", "::/0", "not an address", "0"]) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(ConfigError);
    }
  });
});
