// お知らせ: after a publish, the preview (changed projects, followers, messages, the month's quota,
// the message as a citizen sees it), the send with a second confirmation, its progress and result.
// Who sent what goes to the audit log. The dashboard embeds the followers per project.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SnapshotStore } from "../../editions/index.js";
import type { IndexedEdition } from "../../index/index.js";
import { type MessageQuota, type MulticastClient, renderHtml } from "../../line/index.js";
import {
  createNewsSender,
  editionLabel,
  type FollowStore,
  isQuietHour,
  type LatestNews,
  latestNews,
  type SendOutcome,
  type SendProgress,
} from "../../notify/index.js";
import { projectsOf } from "../../plan/index.js";
import type { AuditLog } from "../../record/index.js";
import { sendPage } from "../page.js";
import { requireEditor } from "../session.js";
import { PREVIEW_POLICY } from "./try-bot.js";

export interface NotifyConsoleOptions {
  follows: FollowStore;
  /** Null when no LINE channel is configured: the preview works, sending does not. */
  client: MulticastClient | null;
  /** The kept editions: the latest publish is compared with the one before it. */
  snapshots: SnapshotStore;
  live: { current(): IndexedEdition };
  audit: AuditLog;
}

/** The one send at a time, while it runs and after. */
interface SendJob {
  key: string;
  by: string;
  startedAt: string;
  progress: SendProgress | null;
  outcome: SendOutcome | { kind: "error"; detail: string } | null;
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === "string" ? value : "";
}

export function outcomeText(outcome: SendJob["outcome"]): string {
  if (!outcome) return "送信中です。";
  switch (outcome.kind) {
    case "sent":
      return `${outcome.recipients} 人に送りました（${outcome.calls} 回の送信${outcome.alreadyAccepted > 0 ? `、うち ${outcome.alreadyAccepted} 人は以前に受け付け済み` : ""}）。`;
    case "nothing-to-send":
      return `送る相手はいません（この版のお知らせは ${outcome.alreadySent} 人に送信済み）。`;
    case "quiet-hours":
      return `夜間（${outcome.quietHours.from}時～${outcome.quietHours.until}時）のため送りませんでした。`;
    case "over-quota":
      return `今月の残りの通数（${Math.max(0, (outcome.quota.limit ?? 0) - outcome.quota.used)} 通）を超えるため送りませんでした（必要 ${outcome.needed} 通）。`;
    case "failed":
      return `送信が止まりました（LINE の応答 ${outcome.status ?? "なし"}）。${outcome.recipients} 人に送信済み、残り ${outcome.remaining} 人。もう一度送ると続きから送ります。`;
    case "error":
      return `送信できませんでした：${outcome.detail}`;
  }
}

function quotaText(quota: MessageQuota | null): string {
  if (!quota) return "不明（LINE に問い合わせできません）";
  if (quota.limit === null) return `上限なし（今月 ${quota.used} 通送信）`;
  return `残り ${Math.max(0, quota.limit - quota.used)} 通（今月の上限 ${quota.limit} 通、送信済み ${quota.used} 通）`;
}

export async function notifyRoutes(app: FastifyInstance, options: NotifyConsoleOptions): Promise<void> {
  const { follows, client, audit } = options;
  const sender = createNewsSender({ store: follows, client });
  let job: SendJob | null = null;

  const latest = (): Promise<LatestNews> => latestNews(options.snapshots, options.live.current().shortNames);

  /** The ids of changed projects someone follows (all changed ones when nobody follows any). */
  async function sampleIds(news: Extract<LatestNews, { kind: "news" }>): Promise<string[]> {
    const preview = await sender.preview(news.news);
    const followed = preview.projects.filter((p) => p.followers > 0).map((p) => p.id);
    return followed.length > 0 ? followed : preview.projects.map((p) => p.id);
  }

  async function page(request: FastifyRequest, reply: FastifyReply, template = "notify", status = 200) {
    const found = await latest();
    const news = found.kind === "news" ? found : null;
    const preview = news ? await sender.preview(news.news) : null;
    const quota = await sender.quota().catch(() => null);
    return sendPage(
      request,
      reply,
      template,
      {
        title: "お知らせ",
        found,
        live: found.kind === "no-edition" ? null : editionLabel(found.live),
        previous: news ? editionLabel(news.previous) : null,
        preview,
        quota: quotaText(quota),
        quiet: isQuietHour(new Date()),
        canSend: client !== null,
        job,
        jobText: job ? outcomeText(job.outcome) : null,
      },
      status,
    );
  }

  app.get("/notify", (request, reply) => page(request, reply));

  // The message a citizen following the changed projects gets, laid out by the LINE renderer.
  app.get("/notify/preview", async (_request, reply) => {
    const found = await latest();
    if (found.kind !== "news") return reply.code(404).send();
    return reply
      .header("Content-Security-Policy", PREVIEW_POLICY)
      .type("text/html; charset=utf-8")
      .send(renderHtml(found.news.messageFor(await sampleIds(found)), "お知らせ"));
  });

  app.post("/notify/confirm", { onRequest: requireEditor }, (request, reply) =>
    page(request, reply, "notify-confirm"),
  );

  app.post("/notify/send", { onRequest: requireEditor }, async (request, reply) => {
    const found = await latest();
    const body = request.body;
    if (found.kind !== "news" || field(body, "key") !== found.news.key || field(body, "confirmed") !== "yes")
      return page(request, reply, "notify", 409);
    if (job && job.outcome === null) return page(request, reply, "notify", 409);
    const force = field(body, "force") === "yes";
    const started: SendJob = {
      key: found.news.key,
      by: request.staff?.name ?? "?",
      startedAt: new Date().toISOString(),
      progress: null,
      outcome: null,
    };
    job = started;
    // Runs on after the redirect; the page polls its progress.
    void sender
      .send(found.news, {
        force,
        onProgress: (progress) => {
          started.progress = progress;
        },
      })
      .catch((error: unknown) => ({ kind: "error" as const, detail: (error as Error).message }))
      .then(async (outcome) => {
        started.outcome = outcome;
        await audit.append({
          actor: started.by,
          action: force ? "notify-send-forced" : "notify-send",
          target: `${editionLabel(found.live)} (${found.news.key})`,
          detail: outcomeText(outcome),
        });
      })
      .catch((error: unknown) =>
        request.log.error({ err: error }, "お知らせ: the audit entry was not written"),
      );
    return reply.redirect("/admin/notify", 303);
  });

  app.get("/notify/progress", async (request, reply) =>
    sendPage(request, reply, "notify-progress", {
      title: "お知らせの送信",
      job,
      jobText: job ? outcomeText(job.outcome) : null,
    }),
  );

  // For the dashboard: followers per project, most followed first.
  app.get("/notify/followers", async (request, reply) => {
    const titles = new Map(
      projectsOf(options.live.current().plan).map(({ project }) => [project.id, project.title]),
    );
    const rows = [...(await follows.followerCounts())]
      .map(([id, followers]) => ({ id, followers, title: titles.get(id) ?? "（いまの版にない事業）" }))
      .sort((a, b) => b.followers - a.followers || a.id.localeCompare(b.id));
    return sendPage(request, reply, "notify-followers", { title: "お知らせの登録", rows });
  });
}
