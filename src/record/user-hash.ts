import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type UserHasher = (userId: string) => string;

/**
 * Keyed SHA-256 of a LINE user id, truncated to 16 hex characters: what logs and the record keep.
 * The key is its own setting (USER_HASH_SECRET), not the channel secret, so rotating the channel
 * secret keeps reports and deletion requests working.
 */
export function createUserHasher(secret: string): UserHasher {
  return (userId) => createHmac("sha256", secret).update(userId).digest("hex").slice(0, 16);
}

/** Where the key made for this installation is kept when USER_HASH_SECRET is not set. */
export const USER_HASH_KEY_FILE = "user-hash.key";

export interface UserHashKey {
  secret: string;
  /** `setting`: USER_HASH_SECRET; `file`: DATA_DIR's key; `created`: that key, made just now. */
  source: "setting" | "file" | "created";
}

/**
 * The setting when given; otherwise a random key kept in DATA_DIR (owner-only), made on first use,
 * so the bot and the CLI of one installation hash alike and no key is shared between installations.
 */
export function resolveUserHashKey(dataDir: string, configured: string | null): UserHashKey {
  if (configured) return { secret: configured, source: "setting" };
  const file = path.join(dataDir, USER_HASH_KEY_FILE);
  const existing = readKey(file);
  if (existing) return { secret: existing, source: "file" };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const made = readKey(file);
  if (!made) throw new Error(`${file} holds no key`);
  return { secret: made, source: "created" };
}

function readKey(file: string): string | null {
  try {
    return readFileSync(file, "utf8").trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
