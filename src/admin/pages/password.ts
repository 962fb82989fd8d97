// パスワードの変更: staff change their own password; their other sessions end, this one gets a new id.
import type { FastifyInstance } from "fastify";
import {
  ACCOUNT_PROBLEMS,
  type AuditLog,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type StaffAccounts,
} from "../../record/index.js";
import { formSchema, querySchema } from "../forms.js";
import { sendPage } from "../page.js";
import type { StaffSessions } from "../session.js";

export interface PasswordOptions {
  accounts: StaffAccounts;
  audit: AuditLog;
  sessions: StaffSessions;
}

interface PasswordBody {
  current: string;
  password: string;
  confirm: string;
}

const schema = formSchema({
  current: MAX_PASSWORD_LENGTH,
  password: MAX_PASSWORD_LENGTH,
  confirm: MAX_PASSWORD_LENGTH,
});

export async function passwordRoutes(app: FastifyInstance, options: PasswordOptions): Promise<void> {
  const { accounts, audit, sessions } = options;
  const page = { title: "パスワードの変更", minLength: MIN_PASSWORD_LENGTH };

  app.get("/password", { schema: { querystring: querySchema({ done: 16 }) } }, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done === "changed";
    return sendPage(request, reply, "password", { ...page, error: null, done });
  });

  app.post<{ Body: PasswordBody }>("/password", { schema: { body: schema } }, async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.code(401).send();
    const refuse = (error: string, status: number) =>
      sendPage(request, reply, "password", { ...page, error, done: false }, status);
    const { current, password, confirm } = request.body;
    if (!(await accounts.verify(staff.name, current))) {
      return refuse("今のパスワードが違います。", 400);
    }
    if (password !== confirm) return refuse("新しいパスワードが確認欄と一致しません。", 400);
    if (password === current) return refuse("今と違うパスワードにしてください。", 422);
    const result = await accounts.resetPassword(staff.name, password);
    if (!result.ok) return refuse(ACCOUNT_PROBLEMS[result.problem], 422);
    await sessions.endOthers(request, result.account);
    await audit.append({
      actor: staff.name,
      action: "password-change",
      target: "管理画面",
      address: request.ip,
    });
    return reply.redirect("/admin/password?done=changed", 303);
  });
}
