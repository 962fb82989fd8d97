// Multicast (one message to at most 500 citizens a call) and the account's monthly message quota.
// Each multicast carries an X-Line-Retry-Key: LINE answers 409 to a key it already accepted.
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";

export const MULTICAST_MAX_RECIPIENTS = 500;

export type MulticastOutcome =
  | { ok: true; status: number; requestId: string | null; alreadyAccepted: boolean }
  | {
      ok: false;
      /** null: no answer (network). */
      status: number | null;
      requestId: string | null;
      /** Seconds LINE asked to wait (Retry-After), when it said. */
      retryAfter: number | null;
      detail: string;
    };

/** `limit` null: the plan has no monthly limit. */
export interface MessageQuota {
  limit: number | null;
  used: number;
}

export interface MulticastClient {
  /** Never throws. */
  multicast(
    to: readonly string[],
    messages: messagingApi.Message[],
    retryKey: string,
  ): Promise<MulticastOutcome>;
  /** Throws MulticastError when LINE cannot be asked. */
  quota(): Promise<MessageQuota>;
}

export class MulticastError extends Error {
  override readonly name = "MulticastError";
  readonly code = "LINE_API";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Retry-After in seconds; null when absent or not a number of seconds. */
function retryAfterSeconds(header: string | null): number | null {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return null;
  return Number(header.trim());
}

export function createMulticastClient(options: {
  channelAccessToken: string;
  baseURL?: string | undefined;
}): MulticastClient {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  return {
    async multicast(to, messages, retryKey) {
      if (to.length === 0 || to.length > MULTICAST_MAX_RECIPIENTS)
        throw new RangeError(`a multicast goes to 1 to ${MULTICAST_MAX_RECIPIENTS} citizens`);
      try {
        const response = await client.multicastWithHttpInfo({ to: [...to], messages }, retryKey);
        const requestId = response.httpResponse.headers.get("x-line-request-id");
        return { ok: true, status: response.httpResponse.status, requestId, alreadyAccepted: false };
      } catch (error) {
        if (error instanceof HTTPFetchError) {
          const requestId = error.headers.get("x-line-request-id");
          // 409: this retry key was accepted before; the citizens have the message.
          if (error.status === 409) return { ok: true, status: 409, requestId, alreadyAccepted: true };
          return {
            ok: false,
            status: error.status,
            requestId,
            retryAfter: retryAfterSeconds(error.headers.get("retry-after")),
            detail: error.body.slice(0, 200),
          };
        }
        const detail = error instanceof Error ? error.message : String(error);
        return { ok: false, status: null, requestId: null, retryAfter: null, detail };
      }
    },
    async quota() {
      try {
        const [quota, consumption] = await Promise.all([
          client.getMessageQuota(),
          client.getMessageQuotaConsumption(),
        ]);
        return {
          limit: quota.type === "limited" && typeof quota.value === "number" ? quota.value : null,
          used: consumption.totalUsage,
        };
      } catch (cause) {
        const status = cause instanceof HTTPFetchError ? ` (LINE answered ${cause.status})` : "";
        throw new MulticastError(`cannot read the message quota${status}`, { cause });
      }
    },
  };
}
