import { validateSignature } from "@line/bot-sdk";

/**
 * Checks `x-line-signature` (base64 HMAC-SHA256 of the raw body) in constant time.
 * Always over the bytes as received: LINE escapes emoji as \uXXXX, so re-serialized JSON differs.
 */
export function verifySignature(rawBody: Buffer, channelSecret: string, signature: unknown): boolean {
  if (typeof signature !== "string" || signature.length === 0) return false;
  return validateSignature(rawBody, channelSecret, signature);
}
