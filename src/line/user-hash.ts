import { createHmac } from "node:crypto";

export type UserHasher = (userId: string) => string;

/** Hashes LINE user ids before they reach a log: keyed SHA-256, truncated to 16 hex characters. */
export function createUserHasher(salt: string): UserHasher {
  return (userId) => createHmac("sha256", salt).update(userId).digest("hex").slice(0, 16);
}
