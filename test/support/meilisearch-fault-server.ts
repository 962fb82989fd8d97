// A stand-in Meilisearch HTTP server that misbehaves on demand: garbage, hangs, resets, slow answers.
// Healthy, it answers the few routes the backend uses with minimal valid bodies and no hits.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FaultMode =
  | "healthy"
  /** 200 with a body that is not JSON. */
  | "garbage"
  /** Reads the request, never answers. */
  | "hang"
  /** Destroys the connection before any response. */
  | "reset"
  /** Sends the headers and half a body, then destroys the connection. */
  | "reset-mid-body"
  /** Healthy, after `slowMs`. */
  | "slow"
  /** Index stats (the health check) answer; every search gets garbage. */
  | "broken-search";

export interface FaultServer {
  host: string;
  mode: FaultMode;
  slowMs: number;
  /** Requests received, by path. */
  requests: { method: string; path: string }[];
  /** Connections open now, and the most ever open at once. */
  readonly openConnections: number;
  readonly peakConnections: number;
  /** The most requests ever waiting for an answer at once, since the last resetPeaks(). */
  readonly peakPending: number;
  resetPeaks(): void;
  close(): Promise<void>;
}

function healthyBody(request: IncomingMessage, body: string): unknown {
  const path = new URL(request.url ?? "/", "http://x").pathname;
  if (path.endsWith("/stats")) return { numberOfDocuments: 59, isIndexing: false, fieldDistribution: {} };
  if (path === "/health") return { status: "available" };
  const empty = { hits: [], query: "", processingTimeMs: 0, limit: 0, offset: 0, estimatedTotalHits: 0 };
  if (path === "/multi-search") {
    const queries = (JSON.parse(body) as { queries: { indexUid: string }[] }).queries;
    return { results: queries.map((q) => ({ ...empty, indexUid: q.indexUid, estimatedTotalHits: 59 })) };
  }
  if (path.endsWith("/documents/fetch")) return { results: [], offset: 0, limit: 0, total: 0 };
  return empty;
}

export async function startFaultServer(mode: FaultMode = "healthy"): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  let peak = 0;
  let pending = 0;
  let peakPending = 0;
  const send = (response: ServerResponse, value: unknown) =>
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));

  const server = createServer((request, response) => {
    pending += 1;
    peakPending = Math.max(peakPending, pending);
    response.on("close", () => {
      pending -= 1;
    });
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      fault.requests.push({ method: request.method ?? "", path: request.url ?? "" });
      switch (fault.mode) {
        case "healthy":
          return send(response, healthyBody(request, body));
        case "slow": {
          const timer = setTimeout(() => send(response, healthyBody(request, body)), fault.slowMs);
          response.on("close", () => clearTimeout(timer));
          return;
        }
        case "broken-search":
          if (request.url?.endsWith("/stats")) return send(response, healthyBody(request, body));
          return response.writeHead(200, { "content-type": "application/json" }).end("<html>502 Bad Gateway");
        case "garbage":
          return response.writeHead(200, { "content-type": "application/json" }).end("<html>502 Bad Gateway");
        case "hang":
          return;
        case "reset":
          return request.socket.destroy();
        case "reset-mid-body":
          response.writeHead(200, { "content-type": "application/json", "content-length": "200" });
          response.write('{"results": [');
          setTimeout(() => request.socket.destroy(), 10);
          return;
      }
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    peak = Math.max(peak, sockets.size);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fault: FaultServer = {
    host: `http://127.0.0.1:${port}`,
    mode,
    slowMs: 1_000,
    requests: [],
    get openConnections() {
      return sockets.size;
    },
    get peakConnections() {
      return peak;
    },
    get peakPending() {
      return peakPending;
    },
    resetPeaks() {
      peak = sockets.size;
      peakPending = pending;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fault;
}
