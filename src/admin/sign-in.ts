// /admin/login and /admin/logout: password sign-in, throttled per address (rate limit) and by the
// lockout (per account, per address, for everyone). Every decision goes to the log and the audit
// log; a name that is no account is recorded as "unknown", never as the text typed.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from "fastify";
import { type AuditLog, MAX_PASSWORD_LENGTH, type StaffAccounts } from "../record/index.js";
import { formSchema, querySchema } from "./forms.js";
import type { Lockout } from "./lockout.js";
import { sendPage } from "./page.js";
import { ADMIN_PREFIX, type StaffSessions, safeNext } from "./session.js";

export interface SignInOptions {
  accounts: StaffAccounts;
  audit: AuditLog;
  lockout: Lockout;
  sessions: StaffSessions;
  perMinute: number;
  logger: FastifyBaseLogger;
}

const MAX_NAME_LENGTH = 64;
/** Sign-in and sign-out forms are small: nothing bigger is read before the CSRF check. */
export const SIGN_IN_BODY_LIMIT = 4 * 1024;
export const UNKNOWN_ACTOR = "unknown";

interface LoginBody {
  _csrf: string;
  username: string;
  password: string;
  next?: string;
}

const loginSchema = formSchema({
  username: MAX_NAME_LENGTH,
  password: MAX_PASSWORD_LENGTH,
  next: { maxLength: 500, optional: true },
});

export async function signInRoutes(app: FastifyInstance, options: SignInOptions): Promise<void> {
  const { accounts, audit, lockout, sessions, logger } = options;

  /** One line in the log and one in the audit log per decision. */
  async function decided(
    request: FastifyRequest,
    outcome: "signed-in" | "failed" | "locked",
    actor: string,
    detail = "",
  ) {
    const action = { "signed-in": "sign-in", failed: "sign-in-failed", locked: "sign-in-refused" }[outcome];
    const line = { event: "sign-in", outcome, actor, address: request.ip };
    if (outcome === "signed-in") logger.info(line, "console sign-in");
    else logger.warn(line, "console sign-in refused");
    await audit.append({ actor, action, target: "管理画面", detail, address: request.ip });
  }

  app.get("/login", { schema: { querystring: querySchema({ next: 8192 }) } }, async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (await sessions.signedIn(request)) return reply.redirect(next, 303);
    return sendPage(request, reply, "login", { title: "ログイン", next, username: "", error: null });
  });

  app.post<{ Body: LoginBody }>(
    "/login",
    {
      bodyLimit: SIGN_IN_BODY_LIMIT,
      schema: { body: loginSchema },
      config: { rateLimit: { max: options.perMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const username = request.body.username.trim();
      const password = request.body.password;
      const next = safeNext(request.body.next);
      const known = await accounts.find(username);
      const actor = known?.name ?? UNKNOWN_ACTOR;
      const keys = { account: username, address: request.ip };
      const refuse = (error: string, status: number) =>
        sendPage(request, reply, "login", { title: "ログイン", next, username, error }, status);

      const wait = await lockout.check(keys);
      if (wait.delayMs > 0) {
        await decided(request, "locked", actor, `${wait.scope}: ${Math.ceil(wait.delayMs / 1000)} 秒`);
        const minutes = Math.ceil(wait.delayMs / 60_000);
        return refuse(
          `ログインに続けて失敗したため、一時的にログインできません。${minutes} 分ほど後にもう一度お試しください。`,
          429,
        );
      }
      const account = username && password ? await accounts.verify(username, password) : null;
      if (!account) {
        const after = await lockout.fail(keys);
        await decided(request, "failed", actor, after.delayMs > 0 ? `以後 ${after.scope} を制限` : "");
        return refuse("ユーザー名またはパスワードが違います。", 401);
      }
      await lockout.succeed(keys);
      await sessions.signIn(request, account);
      await decided(request, "signed-in", account.name, account.role === "editor" ? "編集者" : "閲覧者");
      return reply.redirect(next, 303);
    },
  );

  app.post("/logout", { bodyLimit: SIGN_IN_BODY_LIMIT }, async (request, reply) => {
    const account = await sessions.signedIn(request);
    await sessions.signOut(request);
    if (account) {
      await audit.append({
        actor: account.name,
        action: "sign-out",
        target: "管理画面",
        address: request.ip,
      });
    }
    return reply.redirect(`${ADMIN_PREFIX}/login`, 303);
  });
}
