// /admin/login and /admin/logout: password sign-in with a per-address rate limit and a per-name lockout.
import type { FastifyInstance } from "fastify";
import { type AuditLog, MAX_PASSWORD_LENGTH, type StaffAccounts } from "../record/index.js";
import type { Lockout } from "./lockout.js";
import { sendPage } from "./page.js";
import { ADMIN_PREFIX, safeNext, signedInStaff } from "./session.js";

export interface SignInOptions {
  accounts: StaffAccounts;
  audit: AuditLog;
  lockout: Lockout;
  perMinute: number;
}

const MAX_NAME_LENGTH = 64;

function field(body: unknown, name: string, max: number): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === "string" ? value.slice(0, max) : "";
}

export async function signInRoutes(app: FastifyInstance, options: SignInOptions): Promise<void> {
  const { accounts, audit, lockout } = options;

  app.get("/login", async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (await signedInStaff(request, accounts)) return reply.redirect(next, 303);
    return sendPage(request, reply, "login", { title: "ログイン", next, username: "", error: null });
  });

  app.post(
    "/login",
    { config: { rateLimit: { max: options.perMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const username = field(request.body, "username", MAX_NAME_LENGTH + 1).trim();
      const password = field(request.body, "password", MAX_PASSWORD_LENGTH + 1);
      const next = safeNext(field(request.body, "next", 500));
      const refuse = (error: string, status: number) =>
        sendPage(request, reply, "login", { title: "ログイン", next, username, error }, status);

      const lockedMs = lockout.lockedFor(username);
      if (lockedMs > 0) {
        const minutes = Math.ceil(lockedMs / 60_000);
        return refuse(
          `ログインに続けて失敗したため、このユーザー名は一時的に使えません。${minutes} 分ほど後にもう一度お試しください。`,
          429,
        );
      }
      const account = username && password ? await accounts.verify(username, password) : null;
      if (!account) {
        if (username && lockout.fail(username)) {
          await audit.append({
            actor: username,
            action: "sign-in-locked",
            target: "管理画面",
            detail: request.ip,
          });
        }
        return refuse("ユーザー名またはパスワードが違います。", 401);
      }
      lockout.succeed(username);
      // A fresh session: nothing from before sign-in (its CSRF secret included) carries over.
      request.session.regenerate();
      request.session.set("staff", {
        name: account.name,
        role: account.role,
        passwordChangedAt: account.passwordChangedAt,
      });
      await audit.append({
        actor: account.name,
        action: "sign-in",
        target: "管理画面",
        detail: account.role === "editor" ? "編集者" : "閲覧者",
      });
      return reply.redirect(next, 303);
    },
  );

  app.post("/logout", async (request, reply) => {
    request.session.delete();
    return reply.redirect(`${ADMIN_PREFIX}/login`, 303);
  });
}
