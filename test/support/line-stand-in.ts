// A loopback stand-in for the LINE Messaging API, served at its root: POST /v2/bot/message/reply, the
// rich menu endpoints (list, create, upload the image, set and get the default, delete) with LINE's checks,
// multicast (≤ 500 ids, X-Line-Retry-Key: 409 for a key already accepted) and the message quota.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** "hang": the request is read and never answered (until close). */
export type StandInBehaviour = "ok" | "invalid-token" | "rate-limited" | "server-error" | "closed" | "hang";

export interface RecordedReply {
  headers: IncomingHttpHeaders;
  body: { replyToken: string; messages: { type: string; text?: string }[] };
  receivedAt: number;
}

export interface RecordedMulticast {
  retryKey: string | undefined;
  body: { to: string[]; messages: { type: string; text?: string; quickReply?: unknown }[] };
}

/** A scripted answer to the next multicast: a status (200: accepted), or "accepted-no-answer" (delivered, then the connection drops). */
export type MulticastFault = number | "accepted-no-answer";

export interface StoredRichMenu {
  richMenuId: string;
  request: Record<string, unknown>;
  image: { contentType: string; bytes: number } | null;
}

export interface LineStandIn {
  /** For the SDK client's baseURL, e.g. http://127.0.0.1:41234 */
  baseURL: string;
  replies: RecordedReply[];
  /** Counts every request, including the ones answered with an error. */
  requests: number;
  behaviour: StandInBehaviour;
  /** How long each answer to a reply call waits (a slow LINE); 0 by default. */
  delayMs: number;
  /** Resolves once `count` requests in total have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Called for each recorded reply (the bench uses it to time replies). */
  onReply?: (reply: RecordedReply) => void;
  richMenus: Map<string, StoredRichMenu>;
  defaultRichMenuId: string | null;
  /** Makes the next image upload fail with 500 (to test that a failed publish cleans up). */
  failNextImageUpload: boolean;
  /** Multicasts LINE accepted (delivered), in order; a retry answered 409 is not here again. */
  multicasts: RecordedMulticast[];
  /** Every multicast call, answered or not, with its retry key. */
  multicastCalls: { retryKey: string | undefined; status: number | null }[];
  /** Answers for the next multicast calls, first first; then calls are accepted. */
  multicastFaults: MulticastFault[];
  /** The monthly quota GET /v2/bot/message/quota reports; `used` grows with every accepted recipient; null: 500. */
  quota: { limit: number | null; used: number } | null;
  /** Every request's method, path and Authorization header, in order. */
  calls: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

const ANSWERS: Record<Exclude<StandInBehaviour, "closed" | "hang">, { status: number; body: string }> = {
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
      const body = Buffer.concat(chunks);
      standIn.calls.push({
        method: request.method ?? "",
        path: request.url ?? "",
        authorization: request.headers.authorization,
      });
      const route = (method: string, url: string) =>
        messagingRoute(standIn, method, url, request.headers, body) ??
        richMenuRoute(standIn, method, url, request.headers, body);
      const routed =
        current === "closed" || current === "hang" ? null : route(request.method ?? "", request.url ?? "");
      if (current === "closed" || routed === "drop") {
        request.socket.destroy();
      } else if (current === "hang") {
        // Held open: the socket stays until the client gives up or the stand-in closes.
      } else if (routed) {
        response
          .writeHead(routed.status, {
            "content-type": "application/json",
            "x-line-request-id": randomUUID(),
          })
          .end(JSON.stringify(routed.body));
      } else if (request.method !== "POST" || request.url !== "/v2/bot/message/reply") {
        response.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not found"}');
      } else {
        const reply: RecordedReply = {
          headers: request.headers,
          body: JSON.parse(body.toString("utf8")),
          receivedAt: performance.now(),
        };
        if (current === "ok") {
          standIn.replies.push(reply);
          standIn.onReply?.(reply);
        }
        const answer = ANSWERS[current];
        const send = () =>
          response
            .writeHead(answer.status, {
              "content-type": "application/json",
              "x-line-request-id": randomUUID(),
            })
            .end(answer.body);
        if (standIn.delayMs > 0) setTimeout(send, standIn.delayMs);
        else send();
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
    delayMs: 0,
    richMenus: new Map(),
    defaultRichMenuId: null,
    failNextImageUpload: false,
    multicasts: [],
    multicastCalls: [],
    multicastFaults: [],
    quota: { limit: null, used: 0 },
    calls: [],
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

type Answer = { status: number; body: unknown };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTICAST_MAX = 500;

/** Multicast and quota, as LINE documents them; null for other paths, "drop" to close without answering. */
function messagingRoute(
  standIn: LineStandIn,
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Answer | "drop" | null {
  const quota = standIn.quota;
  if (method === "GET" && url.startsWith("/v2/bot/message/quota") && quota === null)
    return error(500, "Internal server error");
  if (method === "GET" && url === "/v2/bot/message/quota")
    return {
      status: 200,
      body: quota?.limit == null ? { type: "none" } : { type: "limited", value: quota.limit },
    };
  if (method === "GET" && url === "/v2/bot/message/quota/consumption")
    return { status: 200, body: { totalUsage: quota?.used ?? 0 } };
  if (method !== "POST" || url !== "/v2/bot/message/multicast") return null;
  const header = headers["x-line-retry-key"];
  const retryKey = typeof header === "string" ? header : undefined;
  const answer = (result: Answer | "drop"): Answer | "drop" => {
    standIn.multicastCalls.push({ retryKey, status: result === "drop" ? null : result.status });
    return result;
  };
  let request: RecordedMulticast["body"];
  try {
    request = JSON.parse(body.toString("utf8"));
  } catch {
    return answer(error(400, "The request body has 1 error(s)"));
  }
  if (!Array.isArray(request.to) || request.to.length === 0 || request.to.length > MULTICAST_MAX)
    return answer(error(400, "The property, 'to', in the request body is invalid"));
  if (!Array.isArray(request.messages) || request.messages.length === 0 || request.messages.length > 5)
    return answer(error(400, "The property, 'messages', in the request body is invalid"));
  if (retryKey !== undefined && !UUID.test(retryKey)) return answer(error(400, "The retry key is invalid"));
  if (retryKey !== undefined && standIn.multicasts.some((m) => m.retryKey === retryKey))
    return answer({ status: 409, body: { message: "The retry key is already accepted" } });
  const fault = standIn.multicastFaults.shift();
  if (typeof fault === "number" && fault !== 200)
    return answer(error(fault, fault === 429 ? "Too many requests" : "Error"));
  standIn.multicasts.push({ retryKey, body: request });
  if (standIn.quota) standIn.quota.used += request.to.length;
  return answer(fault === "accepted-no-answer" ? "drop" : { status: 200, body: {} });
}
const error = (status: number, message: string): Answer => ({ status, body: { message } });
const RICH_MENU = /^\/v2\/bot\/richmenu\/([\w-]+)$/;
const RICH_MENU_IMAGE = /^\/v2\/bot\/richmenu\/([\w-]+)\/content$/;
const DEFAULT_RICH_MENU = /^\/v2\/bot\/user\/all\/richmenu\/([\w-]+)$/;
const MAX_IMAGE_BYTES = 1024 * 1024;

/** The checks LINE documents for a rich menu object; the first problem found, or null. */
function richMenuProblem(menu: Record<string, unknown>): string | null {
  const size = menu.size as { width?: unknown; height?: unknown } | undefined;
  const width = Number(size?.width);
  const height = Number(size?.height);
  if (!(width >= 800 && width <= 2500) || !(height >= 250) || width / height < 1.45) return "invalid size";
  if (typeof menu.selected !== "boolean") return "selected must be a boolean";
  if (typeof menu.name !== "string" || menu.name.length === 0 || menu.name.length > 300)
    return "invalid name";
  if (typeof menu.chatBarText !== "string" || menu.chatBarText.length > 14) return "invalid chatBarText";
  const areas = menu.areas;
  if (!Array.isArray(areas) || areas.length === 0 || areas.length > 20) return "invalid areas";
  for (const area of areas as {
    bounds?: { x: number; y: number; width: number; height: number };
    action?: Record<string, unknown>;
  }[]) {
    const b = area.bounds;
    if (
      !b ||
      b.x < 0 ||
      b.y < 0 ||
      b.width <= 0 ||
      b.height <= 0 ||
      b.x + b.width > width ||
      b.y + b.height > height
    )
      return "area out of bounds";
    const action = area.action;
    if (!action || typeof action.type !== "string") return "area without action";
    if (action.type === "postback" && (typeof action.data !== "string" || action.data.length > 300))
      return "invalid postback data";
    if (typeof action.label === "string" && action.label.length > 20) return "label too long";
  }
  return null;
}

function richMenuRoute(
  standIn: LineStandIn,
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Answer | null {
  if (method === "GET" && url === "/v2/bot/richmenu/list")
    return {
      status: 200,
      body: {
        richmenus: [...standIn.richMenus.values()].map((m) => ({ richMenuId: m.richMenuId, ...m.request })),
      },
    };
  if (method === "POST" && url === "/v2/bot/richmenu") {
    let menu: Record<string, unknown>;
    try {
      menu = JSON.parse(body.toString("utf8"));
    } catch {
      return error(400, "The request body has 1 error(s)");
    }
    const problem = richMenuProblem(menu);
    if (problem) return error(400, problem);
    const richMenuId = `richmenu-${randomUUID().replace(/-/g, "")}`;
    standIn.richMenus.set(richMenuId, { richMenuId, request: menu, image: null });
    return { status: 200, body: { richMenuId } };
  }
  if (method === "GET" && url === "/v2/bot/user/all/richmenu")
    return standIn.defaultRichMenuId
      ? { status: 200, body: { richMenuId: standIn.defaultRichMenuId } }
      : error(404, "no default rich menu");
  const image = RICH_MENU_IMAGE.exec(url);
  if (method === "POST" && image) {
    const menu = standIn.richMenus.get(image[1] ?? "");
    if (!menu) return error(404, "Not found");
    if (standIn.failNextImageUpload) {
      standIn.failNextImageUpload = false;
      return error(500, "Internal server error");
    }
    const contentType = String(headers["content-type"] ?? "");
    if (!/^image\/(png|jpeg)$/.test(contentType)) return error(415, "Unsupported content type");
    if (body.length === 0 || body.length > MAX_IMAGE_BYTES) return error(400, "invalid image size");
    if (menu.image) return error(400, "An image has already been uploaded to the richmenu");
    menu.image = { contentType, bytes: body.length };
    return { status: 200, body: {} };
  }
  const setDefault = DEFAULT_RICH_MENU.exec(url);
  if (method === "POST" && setDefault) {
    const menu = standIn.richMenus.get(setDefault[1] ?? "");
    if (!menu) return error(404, "Not found");
    if (!menu.image) return error(400, "must upload richmenu image before applying it to user");
    standIn.defaultRichMenuId = menu.richMenuId;
    return { status: 200, body: {} };
  }
  const one = RICH_MENU.exec(url);
  if (method === "DELETE" && one) {
    if (!standIn.richMenus.delete(one[1] ?? "")) return error(404, "Not found");
    if (standIn.defaultRichMenuId === one[1]) standIn.defaultRichMenuId = null;
    return { status: 200, body: {} };
  }
  return null;
}
