// 版の更新: upload → validation → diff with the guards' warnings → publish (a second, explicit
// confirmation when a guard fires) → the running bot switched. The kept editions, with rollback.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CheckResult, EditionService, KeptEdition, PublishOutcome } from "../../editions/index.js";
import type { EditionInfo } from "../../index/index.js";
import type { AuditLog } from "../../record/index.js";
import { createPendingUploads, type LiveSeen, liveSeenOf, readEditionUpload } from "../edition-upload.js";
import { formSchema, querySchema } from "../forms.js";
import { sendPage } from "../page.js";
import { requireEditor } from "../session.js";

export interface EditionOptions {
  editions: EditionService;
  /** Makes the server serve the newest snapshot now, rather than at its next poll. */
  reload: () => Promise<unknown>;
  current: () => EditionInfo;
  audit: AuditLog;
  /** Largest edition file accepted, in bytes. */
  uploadLimit: number;
}

const STALE = "確認のあとで稼働中の版が変わりました。新しい差分を確かめてから、もう一度公開してください。";

/** The upload form: the file part is an object the multipart plugin attaches. */
const checkSchema = {
  type: "object",
  properties: { edition: { type: "object" } },
  required: ["edition"],
} as const;
const publishSchema = formSchema({
  token: { maxLength: 64, pattern: "^[0-9a-f]+$" },
  confirm: { maxLength: 3, optional: true },
  /** The live edition's sha256 the editor checked against (If-Match, as a form field). */
  live: { maxLength: 64, optional: true },
});
const rollbackSchema = formSchema({ id: { maxLength: 200, minLength: 1, pattern: "^[A-Za-z0-9._:-]+$" } });

/** The live edition named by If-Match (a header) or the form's `live` field; null when neither. */
function ifMatch(request: FastifyRequest, body: Record<string, unknown>): string | null {
  const header = request.headers["if-match"];
  if (typeof header === "string" && header.trim() !== "")
    return header.trim().replace(/^W\//, "").replace(/"/g, "");
  return typeof body.live === "string" && body.live !== "" ? body.live : null;
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
  // Only the editor's upload reads multipart, after the session and role checks (onRequest).
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: options.uploadLimit, files: 1, fields: 8, fieldSize: 64 * 1024, parts: 10 },
  });

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

  app.get("/editions", { schema: { querystring: querySchema({ done: 32 }) } }, (request, reply) =>
    overview(request, reply),
  );

  app.post(
    "/editions/check",
    { onRequest: requireEditor, schema: { body: checkSchema } },
    async (request, reply) => {
      const upload = await readEditionUpload(request.body);
      if (!upload.ok) return overview(request, reply, { error: upload.message }, upload.status);
      const check = await editions.check(upload.file);
      const token = check.ok
        ? pending.put(request.staff?.name ?? "", upload.file, liveSeenOf(check.live))
        : null;
      return showCheck(request, reply, check, token, null, check.ok ? 200 : 422);
    },
  );

  app.post(
    "/editions/publish",
    { onRequest: requireEditor, schema: { body: publishSchema } },
    async (request, reply) => {
      const actor = request.staff?.name ?? "";
      const body = request.body as Record<string, unknown>;
      const token = field(body, "token");
      const pendingUpload = pending.get(actor, token);
      if (!pendingUpload) {
        return overview(
          request,
          reply,
          { error: "確認の有効期限が切れました。ファイルをもう一度選んでください。" },
          410,
        );
      }
      const { file, seen } = pendingUpload;
      const check = await editions.check(file);
      if (!check.ok) return showCheck(request, reply, check, null, null, 422);
      // The diff the editor approved was against `seen`: publish only onto that live edition.
      const named = ifMatch(request, body);
      if (!sameLive(liveSeenOf(check.live), seen) || (named !== null && named !== seen.sha256)) {
        return showCheck(request, reply, check, token, STALE, 409);
      }
      const confirmed = field(request.body, "confirm") === "yes";
      const force = check.guards.length > 0 && confirmed;
      const outcome: PublishOutcome = await editions.publish(check, { force, actor });
      switch (outcome.status) {
        case "published":
          pending.delete(token);
          await audit.append({
            actor,
            address: request.ip,
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
          return showCheck(request, reply, await editions.check(file), token, STALE, 409);
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
    },
  );

  app.post(
    "/editions/rollback",
    { onRequest: requireEditor, schema: { body: rollbackSchema } },
    async (request, reply) => {
      const id = field(request.body, "id");
      const actor = request.staff?.name ?? "";
      const outcome = await editions.rollback(id, { actor });
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
        address: request.ip,
        action: "rollback",
        target: outcome.info.source,
        detail: [outcome.info.edition ?? "", `${outcome.info.projects} 事業`, `id ${outcome.id}`]
          .filter(Boolean)
          .join(" / "),
      });
      await options.reload();
      return reply.redirect("/admin/editions?done=rolled-back", 303);
    },
  );
}

function sameLive(a: LiveSeen, b: LiveSeen): boolean {
  return a.sha256 === b.sha256 && a.id === b.id;
}
