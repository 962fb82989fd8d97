// 版の更新: upload → validation → diff with the guards' warnings → publish (a second, explicit
// confirmation when a guard fires) → the running bot switched. The kept editions, with rollback.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CheckResult, EditionService, KeptEdition, PublishOutcome } from "../../editions/index.js";
import type { EditionInfo } from "../../index/index.js";
import type { AuditLog } from "../../record/index.js";
import { createPendingUploads, readEditionUpload, type UploadedFile } from "../edition-upload.js";
import { sendPage } from "../page.js";
import { requireEditor } from "../session.js";

export interface EditionOptions {
  editions: EditionService;
  /** Makes the server serve the newest snapshot now, rather than at its next poll. */
  reload: () => Promise<unknown>;
  current: () => EditionInfo;
  audit: AuditLog;
}

const FLASH: Record<string, string> = {
  published: "公開しました。ボットは新しい版で答えています。",
  "rolled-back": "選んだ版に戻しました。ボットはその版で答えています。",
  unchanged: "稼働中の版と同じ内容のため、公開していません（戻す先の版もそのまま残しています）。",
};

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (typeof value === "string") return value;
  const part = value as { value?: unknown } | undefined;
  return typeof part?.value === "string" ? part.value : "";
}

export async function editionRoutes(app: FastifyInstance, options: EditionOptions): Promise<void> {
  const { editions, audit } = options;
  const pending = createPendingUploads();

  async function overview(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const kept: KeptEdition[] = await editions.list();
    const done = (request.query as Record<string, unknown>).done;
    return sendPage(
      request,
      reply,
      "editions",
      {
        title: "版の更新",
        live: options.current(),
        kept,
        flash: typeof done === "string" ? (FLASH[done] ?? null) : null,
        error: null,
        ...extra,
      },
      status,
    );
  }

  function showCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    check: CheckResult,
    token: string | null,
    notice: string | null,
    status = 200,
  ) {
    return sendPage(
      request,
      reply,
      "edition-check",
      { title: "版の更新: 確認", check, token, notice },
      status,
    );
  }

  app.get("/editions", (request, reply) => overview(request, reply));

  app.post("/editions/check", { onRequest: requireEditor }, async (request, reply) => {
    const upload = await readEditionUpload(request.body);
    if (!upload.ok) return overview(request, reply, { error: upload.message }, upload.status);
    const check = await editions.check(upload.file);
    const token = check.ok ? pending.put(request.staff?.name ?? "", upload.file) : null;
    return showCheck(request, reply, check, token, null, check.ok ? 200 : 422);
  });

  app.post("/editions/publish", { onRequest: requireEditor }, async (request, reply) => {
    const actor = request.staff?.name ?? "";
    const token = field(request.body, "token");
    const file: UploadedFile | null = pending.get(actor, token);
    if (!file) {
      return overview(
        request,
        reply,
        { error: "確認の有効期限が切れました。ファイルをもう一度選んでください。" },
        410,
      );
    }
    const check = await editions.check(file);
    if (!check.ok) return showCheck(request, reply, check, null, null, 422);
    const confirmed = field(request.body, "confirm") === "yes";
    const force = check.guards.length > 0 && confirmed;
    const outcome: PublishOutcome = await editions.publish(check, { force, actor });
    switch (outcome.status) {
      case "published":
        pending.delete(token);
        await audit.append({
          actor,
          action: force ? "publish-forced" : "publish",
          target: outcome.info.source,
          detail: [
            outcome.info.edition ?? "",
            `${outcome.info.projects} 事業`,
            `sha256 ${outcome.info.sha256.slice(0, 12)}`,
            force ? `警告: ${check.guards.map((g) => g.code).join(", ")}` : "",
          ]
            .filter(Boolean)
            .join(" / "),
        });
        await options.reload();
        return reply.redirect("/admin/editions?done=published", 303);
      case "unchanged":
        pending.delete(token);
        return reply.redirect("/admin/editions?done=unchanged", 303);
      case "refused":
        return showCheck(
          request,
          reply,
          check,
          token,
          "警告があるため公開していません。内容を確かめ、「警告を確認しました」にチェックしてから公開してください。",
          409,
        );
      case "stale":
        return showCheck(
          request,
          reply,
          await editions.check(file),
          token,
          "確認のあとで稼働中の版が変わりました。新しい差分を確かめてから、もう一度公開してください。",
          409,
        );
      case "locked":
        return showCheck(
          request,
          reply,
          check,
          token,
          "別の取り込みが実行中です。しばらくしてからもう一度お試しください。",
          409,
        );
    }
  });

  app.post("/editions/rollback", { onRequest: requireEditor }, async (request, reply) => {
    const id = field(request.body, "id");
    const actor = request.staff?.name ?? "";
    const outcome = await editions.rollback(id || undefined, { actor });
    if (outcome.status === "locked") {
      return overview(
        request,
        reply,
        { error: "別の取り込みが実行中です。しばらくしてからもう一度お試しください。" },
        409,
      );
    }
    if (outcome.status === "none") {
      return overview(request, reply, { error: "その版はもう保管されていません。" }, 404);
    }
    await audit.append({
      actor,
      action: "rollback",
      target: outcome.info.source,
      detail: [outcome.info.edition ?? "", `${outcome.info.projects} 事業`, `id ${outcome.id}`]
        .filter(Boolean)
        .join(" / "),
    });
    await options.reload();
    return reply.redirect("/admin/editions?done=rolled-back", 303);
  });
}
