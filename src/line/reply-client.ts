import { HTTPFetchError, messagingApi } from "@line/bot-sdk";

export type ReplyOutcome =
  | { ok: true; requestId: string | null }
  | { ok: false; status: number | null; requestId: string | null; detail: string };

/** Sends one reply. Never throws and never retries: a reply token is single use. */
export interface ReplyClient {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<ReplyOutcome>;
}

export interface ReplyClientOptions {
  channelAccessToken: string;
  /** LINE's API host by default; tests point it at a loopback stand-in. */
  baseURL?: string;
}

export function createReplyClient(options: ReplyClientOptions): ReplyClient {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  return {
    async reply(replyToken, messages) {
      try {
        const response = await client.replyMessageWithHttpInfo({ replyToken, messages });
        return { ok: true, requestId: response.httpResponse.headers.get("x-line-request-id") };
      } catch (error) {
        if (error instanceof HTTPFetchError) {
          return {
            ok: false,
            status: error.status,
            requestId: error.headers.get("x-line-request-id"),
            detail: error.body.slice(0, 200),
          };
        }
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
