// Who is signed in. The encrypted cookie carries a random session id; the session itself lives in
// the record database, so sign-out, a password reset and an account's removal end it at once. A
// session ends after `idleMs` without a request and `maxMs` after sign-in, whatever happens.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { StaffAccount, StaffAccounts, StaffSessionStore } from "../record/index.js";
import { isHtmx, sendPage } from "./page.js";

declare module "@fastify/secure-session" {
  interface SessionData {
    /** The session id (a random token; the database keeps its hash). */
    sid: string;
    _csrf: string;
  }
}

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in staff account (admin routes only). */
    staff: StaffAccount | null;
  }
}

export const ADMIN_PREFIX = "/admin";

export const DEFAULT_SESSION_TIMEOUTS = { idleMs: 30 * 60_000, maxMs: 8 * 60 * 60_000 } as const;

export interface StaffSessions {
  /** Ends the request's session if any, starts a new one (a new id) for the account. */
  signIn(request: FastifyRequest, account: StaffAccount): Promise<void>;
  /** The account of the request's session, if it is still valid (and marks it used). */
  signedIn(request: FastifyRequest): Promise<StaffAccount | null>;
  /** Ends the request's session. */
  signOut(request: FastifyRequest): Promise<void>;
  /** Ends every session of the account but the request's own. */
  endOthers(request: FastifyRequest, account: StaffAccount): Promise<void>;
}

export function createStaffSessionPolicy(deps: {
  store: StaffSessionStore;
  accounts: StaffAccounts;
  idleMs?: number;
  maxMs?: number;
  now?: () => number;
}): StaffSessions {
  const { store, accounts } = deps;
  const idleMs = deps.idleMs ?? DEFAULT_SESSION_TIMEOUTS.idleMs;
  const maxMs = deps.maxMs ?? DEFAULT_SESSION_TIMEOUTS.maxMs;
  const now = deps.now ?? Date.now;
  let purgedAt = 0;

  const tokenOf = (request: FastifyRequest) => {
    const sid = request.session.get("sid");
    return typeof sid === "string" && sid !== "" ? sid : null;
  };

  return {
    async signIn(request, account) {
      const old = tokenOf(request);
      if (old) await store.end(old);
      // A fresh cookie: nothing from before sign-in (its CSRF secret included) carries over.
      request.session.regenerate();
      request.session.set("sid", await store.start(account.name, now()));
    },
    async signedIn(request) {
      const token = tokenOf(request);
      if (!token) return null;
      const at = now();
      if (at - purgedAt >= 60_000) {
        await store.purge(at - maxMs, at - idleMs);
        purgedAt = at;
      }
      const session = await store.find(token);
      if (!session || at - session.lastSeenAt >= idleMs || at - session.createdAt >= maxMs) {
        if (session) await store.end(token);
        return null;
      }
      const account = await accounts.find(session.account);
      if (!account) return null;
      await store.touch(token, at);
      return account;
    },
    async signOut(request) {
      const token = tokenOf(request);
      if (token) await store.end(token);
      request.session.delete();
    },
    async endOthers(request, account) {
      await store.endAll(account.name);
      request.session.regenerate();
      request.session.set("sid", await store.start(account.name, now()));
    },
  };
}

/** A path inside the console to return to after sign-in; anything else goes to the dashboard. */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || next.length > 500) return `${ADMIN_PREFIX}/`;
  // Printable ASCII only: a control character (or a raw non-ASCII one) cannot go into Location.
  return /^\/admin(\/[\x21-\x5b\x5d-\x7e]*)?$/.test(next) && !next.startsWith("//")
    ? next
    : `${ADMIN_PREFIX}/`;
}

/** onRequest hook: a page needs a signed-in account; GET goes to the sign-in page, others get 401. */
export function requireStaff(sessions: StaffSessions) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const account = await sessions.signedIn(request);
    if (account) {
      request.staff = account;
      return;
    }
    if (request.session.get("sid")) request.session.set("sid", undefined);
    const login = `${ADMIN_PREFIX}/login?next=${encodeURIComponent(request.url)}`;
    if (isHtmx(request)) return reply.header("HX-Redirect", login).code(401).send();
    if (request.method === "GET" || request.method === "HEAD") return reply.redirect(login, 303);
    return reply.code(401).type("text/plain; charset=utf-8").send("ログインしてください (sign in first)");
  };
}

/** preHandler: the route needs an editor; a viewer only looks. */
export async function requireEditor(request: FastifyRequest, reply: FastifyReply) {
  if (request.staff?.role === "editor") return;
  return sendPage(
    request,
    reply,
    "error",
    {
      title: "権限がありません",
      message: "この操作には編集者（editor）の権限が必要です。閲覧者（viewer）は見ることだけができます。",
    },
    403,
  );
}
