import type { messagingApi } from "@line/bot-sdk";

/** LINE's reply endpoint answers in well under a second; a call still open after this is given up. */
export const DEFAULT_LINE_TIMEOUT_MS = 5_000;
const LINE_API_BASE_URL = "https://api.line.me";
const REPLY_PATH = "/v2/bot/message/reply";

export type ReplyOutcome =
  | { ok: true; requestId: string | null }
  | {
      ok: false;
      /** LINE's HTTP status; null when no answer came (network error or timeout). */
      status: number | null;
      timedOut?: true;
      requestId: string | null;
      detail: string;
    };

/** Sends one reply. Never throws and never retries: a reply token is single use. */
export interface ReplyClient {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<ReplyOutcome>;
}

export interface ReplyClientOptions {
  channelAccessToken: string;
  /** LINE's API host by default; tests point it at a loopback stand-in. */
  baseURL?: string;
  /** The whole call (connect, send, LINE's answer) must end within this. Default 5 s. */
  timeoutMs?: number;
}

/** The outcome's name in counters and logs: "ok", "timeout", "network" or LINE's HTTP status. */
export function replyOutcomeName(outcome: ReplyOutcome): string {
  if (outcome.ok) return "ok";
  if (outcome.timedOut) return "timeout";
  return outcome.status === null ? "network" : String(outcome.status);
}

/**
 * The reply call, made with fetch so that it can be aborted: the SDK's client has no timeout, and
 * a hung call would hold an answer slot for as long as the socket stays open.
 */
export function createReplyClient(options: ReplyClientOptions): ReplyClient {
  const url = new URL(REPLY_PATH, options.baseURL ?? LINE_API_BASE_URL);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LINE_TIMEOUT_MS;
  const headers = {
    authorization: `Bearer ${options.channelAccessToken}`,
    "content-type": "application/json",
  };
  return {
    async reply(replyToken, messages) {
      const request: messagingApi.ReplyMessageRequest = { replyToken, messages };
      try {
        const response = await fetch(url, {
          method: "POST",
          headers,
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const requestId = response.headers.get("x-line-request-id");
        const body = await response.text();
        if (response.ok) return { ok: true, requestId };
        return { ok: false, status: response.status, requestId, detail: body.slice(0, 200) };
      } catch (error) {
        if (error instanceof DOMException && error.name === "TimeoutError")
          return {
            ok: false,
            status: null,
            timedOut: true,
            requestId: null,
            detail: `no answer within ${timeoutMs} ms`,
          };
        return { ok: false, status: null, requestId: null, detail: describe(error) };
      }
    },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
