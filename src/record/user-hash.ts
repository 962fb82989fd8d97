import { createHmac } from "node:crypto";

export type UserHasher = (userId: string) => string;

/**
 * Keyed SHA-256 of a LINE user id, truncated to 16 hex characters: what logs and the record keep.
 * The key is its own setting (USER_HASH_SECRET), not the channel secret, so rotating the channel
 * secret keeps reports and deletion requests working.
 */
export function createUserHasher(secret: string): UserHasher {
  return (userId) => createHmac("sha256", secret).update(userId).digest("hex").slice(0, 16);
}
