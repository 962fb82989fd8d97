// 操作の記録: who signed in, published, forced, rolled back or edited a dictionary, and when.
import type { FastifyInstance } from "fastify";
import type { AuditLog } from "../../record/index.js";
import { sendPage } from "../page.js";

export const AUDIT_ACTIONS: Record<string, string> = {
  "sign-in": "ログイン",
  "sign-in-failed": "ログインの失敗",
  "sign-in-refused": "ログインの制限中の試行",
  "sign-in-locked": "ログインのロック",
  "sign-out": "ログアウト",
  "password-change": "パスワードの変更",
  publish: "版の公開",
  "publish-forced": "版の公開（警告を確認のうえ）",
  rollback: "ロールバック",
  "dictionary-save": "辞書の保存",
};

export async function auditRoutes(app: FastifyInstance, { audit }: { audit: AuditLog }): Promise<void> {
  app.get("/audit", async (request, reply) =>
    sendPage(request, reply, "audit", {
      title: "操作の記録",
      entries: await audit.recent(200),
      labels: AUDIT_ACTIONS,
    }),
  );
}
