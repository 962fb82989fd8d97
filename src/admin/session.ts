// Who is signed in: the session cookie names a staff account, checked against the database on every
// request (a removed account or a reset password ends its sessions).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { StaffAccount, StaffAccounts, StaffRole } from "../record/index.js";
import { isHtmx, sendPage } from "./page.js";

declare module "@fastify/secure-session" {
  interface SessionData {
    staff: { name: string; role: StaffRole; passwordChangedAt: string };
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

/** The account the session names, if it still exists with the same password. */
export async function signedInStaff(
  request: FastifyRequest,
  accounts: StaffAccounts,
): Promise<StaffAccount | null> {
  const signed = request.session.get("staff");
  if (!signed) return null;
  const account = await accounts.find(signed.name);
  return account && account.passwordChangedAt === signed.passwordChangedAt ? account : null;
}

/** A path inside the console to return to after sign-in; anything else goes to the dashboard. */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || next.length > 500) return `${ADMIN_PREFIX}/`;
  return /^\/admin(\/[^\\]*)?$/.test(next) && !next.startsWith("//") ? next : `${ADMIN_PREFIX}/`;
}

/** onRequest hook: a page needs a signed-in account; GET goes to the sign-in page, others get 401. */
export function requireStaff(accounts: StaffAccounts) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const account = await signedInStaff(request, accounts);
    if (account) {
      request.staff = account;
      return;
    }
    if (request.session.get("staff")) request.session.set("staff", undefined);
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
