// A loopback stand-in for the LINE Messaging API: serves POST /v2/bot/message/reply at its root.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type StandInBehaviour = "ok" | "invalid-token" | "rate-limited" | "server-error" | "closed";

export interface RecordedReply {
  headers: IncomingHttpHeaders;
  body: { replyToken: string; messages: { type: string; text?: string }[] };
  receivedAt: number;
}

export interface LineStandIn {
  /** For the SDK client's baseURL, e.g. http://127.0.0.1:41234 */
  baseURL: string;
  replies: RecordedReply[];
  /** Counts every request, including the ones answered with an error. */
  requests: number;
  behaviour: StandInBehaviour;
  /** Resolves once `count` requests in total have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Called for each recorded reply (the bench uses it to time replies). */
  onReply?: (reply: RecordedReply) => void;
  close(): Promise<void>;
}

const ANSWERS: Record<Exclude<StandInBehaviour, "closed">, { status: number; body: string }> = {
  ok: { status: 200, body: JSON.stringify({ sentMessages: [{ id: "1", quoteToken: "q" }] }) },
  "invalid-token": { status: 400, body: JSON.stringify({ message: "Invalid reply token" }) },
  "rate-limited": { status: 429, body: JSON.stringify({ message: "The API rate limit has been exceeded." }) },
  "server-error": { status: 500, body: JSON.stringify({ message: "Internal server error" }) },
};

export async function startLineStandIn(behaviour: StandInBehaviour = "ok"): Promise<LineStandIn> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      standIn.requests += 1;
      const current = standIn.behaviour;
      if (current === "closed") {
        request.socket.destroy();
      } else if (request.method !== "POST" || request.url !== "/v2/bot/message/reply") {
        response.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not found"}');
      } else {
        const reply: RecordedReply = {
          headers: request.headers,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
          receivedAt: performance.now(),
        };
        if (current === "ok") {
          standIn.replies.push(reply);
          standIn.onReply?.(reply);
        }
        const answer = ANSWERS[current];
        response
          .writeHead(answer.status, { "content-type": "application/json", "x-line-request-id": randomUUID() })
          .end(answer.body);
      }
      for (const waiter of [...waiters]) {
        if (standIn.requests >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: LineStandIn = {
    baseURL: `http://127.0.0.1:${port}`,
    replies: [],
    requests: 0,
    behaviour,
    waitForRequests(count, timeoutMs = 3000) {
      if (standIn.requests >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`stand-in saw ${standIn.requests} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}
