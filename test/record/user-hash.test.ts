import { stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createUserHasher, resolveUserHashKey, USER_HASH_KEY_FILE } from "../../src/record/index.js";
import { removeAll, tempDataDir } from "./support.js";

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

describe("user hash key", () => {
  it("uses USER_HASH_SECRET when set, and makes no file", async () => {
    const dataDir = await tempDataDir(dirs);
    expect(resolveUserHashKey(dataDir, "a-configured-secret-0123")).toEqual({
      secret: "a-configured-secret-0123",
      source: "setting",
    });
    await expect(stat(path.join(dataDir, USER_HASH_KEY_FILE))).rejects.toThrow();
  });

  it("otherwise makes one random owner-only key per DATA_DIR and keeps using it", async () => {
    const dataDir = await tempDataDir(dirs);
    const made = resolveUserHashKey(dataDir, null);
    expect(made.source).toBe("created");
    expect(made.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(path.join(dataDir, USER_HASH_KEY_FILE))).mode & 0o777).toBe(0o600);
    const again = resolveUserHashKey(dataDir, null);
    expect(again).toEqual({ secret: made.secret, source: "file" });
    const other = resolveUserHashKey(await tempDataDir(dirs), null);
    expect(other.secret).not.toBe(made.secret);
    const user = "U4af4980629a0b1c2d3e4f5a6b7c8d9e0";
    expect(createUserHasher(made.secret)(user)).not.toBe(createUserHasher(other.secret)(user));
  });
});
