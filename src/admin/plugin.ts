// The staff console under /admin: security plugins first, then sign-in, then the pages behind it.
import { hkdfSync } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import csrfProtection from "@fastify/csrf-protection";
import formBody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import rateLimit, { type FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import secureSession from "@fastify/secure-session";
import fastifyStatic from "@fastify/static";
import fastifyView from "@fastify/view";
import { Eta } from "eta";
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Answer, ExplainingAnswerer } from "../answer/index.js";
import type { AdminSettings } from "../config.js";
import type { EditionService } from "../editions/index.js";
import type { BackendHealth, IndexedEdition } from "../index/index.js";
import type { LineMessage } from "../line/index.js";
import type {
  AuditLog,
  ConversationStore,
  SignInFailureStore,
  StaffAccounts,
  StaffSessionStore,
} from "../record/index.js";
import { createDictionaryFiles } from "./dictionary-files.js";
import { createLockout, type LockoutOptions } from "./lockout.js";
import { sendPage } from "./page.js";
import { auditRoutes } from "./pages/audit.js";
import { dashboardRoutes } from "./pages/dashboard.js";
import { editionRoutes } from "./pages/editions.js";
import { type NotifyConsoleOptions, notifyRoutes } from "./pages/notify.js";
import { passwordRoutes } from "./pages/password.js";
import { questionRoutes } from "./pages/questions.js";
import { synonymRoutes } from "./pages/synonyms.js";
import { type TryBotOptions, tryBotRoutes } from "./pages/try-bot.js";
import { createStaffSessionPolicy, DEFAULT_SESSION_TIMEOUTS, requireStaff } from "./session.js";
import { signInRoutes } from "./sign-in.js";

export interface AdminOptions {
  settings: AdminSettings;
  accounts: StaffAccounts;
  audit: AuditLog;
  /** Where sessions live (the record database): sign-out, a password reset or removal ends them. */
  sessions: StaffSessionStore;
  /** Where failed sign-ins are counted (the record database), per account, address and overall. */
  signInFailures: SignInFailureStore;
  /** Sign-in decisions are logged here (default: the app's logger). */
  logger?: FastifyBaseLogger;
  /** The clock of sessions and lockouts (tests). */
  now?: () => number;
  /** The edition served right now (a LiveEditionHandle fits); reload() serves a new publish at once. */
  live: { current(): IndexedEdition; health(): Promise<BackendHealth>; reload(): Promise<unknown> };
  /** Publish, rollback and the kept editions: the same service the reindex command uses. */
  editions: EditionService;
  /** The staff dictionaries (synonyms, department aliases) are saved in DATA_DIR/dictionaries/… */
  dataDir: string;
  /** …and seeded from index-data/. */
  indexDataDir: string;
  answerer: ExplainingAnswerer;
  render: (answer: Answer) => LineMessage[];
  /** ボットを試す: several messages answered in a row, as one chat (conversation/ replays them). */
  converse: TryBotOptions["converse"];
  /** The conversation record's reports; null when the record is off. */
  record: Pick<ConversationStore, "report"> | null;
  lockout?: LockoutOptions;
  /** Sign-in attempts per address per minute. Default 10. */
  signInPerMinute?: number;
  /** お知らせ: follows and the LINE client; absent: no お知らせ page. */
  notify?: Omit<NotifyConsoleOptions, "live" | "audit" | "snapshots">;
  /** Where rate limits count (shared by every replica with Redis); default this process's memory. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
  /** Cache compiled templates (production). Default true. */
  cacheTemplates?: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const VIEWS = path.join(here, "views");
const ASSETS = path.join(here, "assets");
const HTMX = path.dirname(createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js"));

/** 32 bytes for the cookie's encryption, derived from ADMIN_SESSION_SECRET. */
function sessionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "shiroi-plan-bot", "admin-session-v1", 32));
}

/** Japanese messages for the errors the security plugins raise. */
function describeError(error: FastifyError): { status: number; title: string; message: string } {
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (error.code?.startsWith("FST_CSRF_")) {
    return {
      status: 403,
      title: "フォームの有効期限が切れました",
      message:
        "安全のため、この送信は受け付けませんでした。ページを読み込み直して、もう一度送信してください。",
    };
  }
  if (status === 413 || error.code === "FST_REQ_FILE_TOO_LARGE" || error.code === "FST_FILES_LIMIT") {
    return { status: 413, title: "ファイルが大きすぎます", message: "送信できる大きさを超えています。" };
  }
  if (status === 429) {
    return {
      status,
      title: "しばらくお待ちください",
      message: "短い間に多くの試行がありました。1 分ほど待ってから、もう一度お試しください。",
    };
  }
  if (status < 500) return { status, title: "送信を受け付けられません", message: "入力を確かめてください。" };
  return {
    status,
    title: "エラーが発生しました",
    message: "処理できませんでした。時間をおいて、もう一度お試しください。",
  };
}

export async function adminPlugin(app: FastifyInstance, options: AdminOptions): Promise<void> {
  const { settings, accounts } = options;
  const maxMs = settings.sessionMaxMs ?? DEFAULT_SESSION_TIMEOUTS.maxMs;
  const sessions = createStaffSessionPolicy({
    store: options.sessions,
    accounts,
    idleMs: settings.sessionIdleMs,
    maxMs,
    now: options.now,
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The LINE preview carries the message's own colours and bar widths as style attributes.
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Only over HTTPS: on plain HTTP (a test machine) it would pin the host to HTTPS.
    strictTransportSecurity: settings.cookieSecure,
    referrerPolicy: { policy: "same-origin" },
  });
  app.addHook("onSend", async (_request, reply) => {
    reply.header("Cache-Control", "no-store");
  });

  await app.register(secureSession, {
    key: sessionKey(settings.sessionSecret),
    cookieName: "shiroi_admin",
    expiry: Math.ceil(maxMs / 1000),
    cookie: {
      path: "/admin",
      httpOnly: true,
      sameSite: "strict",
      secure: settings.cookieSecure,
    },
  });
  await app.register(csrfProtection, {
    sessionPlugin: "@fastify/secure-session",
    // Forms send _csrf (multipart parts arrive as field objects); htmx sends the header.
    getToken: (request: FastifyRequest) => {
      const field = (request.body as Record<string, unknown> | undefined)?._csrf;
      const fromBody =
        typeof field === "string"
          ? field
          : typeof (field as { value?: unknown } | undefined)?.value === "string"
            ? (field as { value: string }).value
            : undefined;
      const header = request.headers["x-csrf-token"];
      return fromBody ?? (typeof header === "string" ? header : "");
    },
  });
  // Multipart is read on the editor's upload route only (see pages/editions.ts).
  await app.register(formBody, { bodyLimit: 1024 * 1024 });
  await app.register(rateLimit, {
    global: false,
    ...(options.rateLimitStore ? { store: options.rateLimitStore } : {}),
  });
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: VIEWS, cache: options.cacheTemplates ?? true }) },
    templates: VIEWS,
    production: options.cacheTemplates ?? true,
  });
  await app.register(fastifyStatic, {
    root: [ASSETS, HTMX],
    prefix: "/assets/",
    allowedPath: (pathName) => ["/admin.css", "/admin.js", "/htmx.min.js"].includes(pathName),
    index: false,
    decorateReply: false,
  });

  app.decorateRequest("staff", null);

  // Every state change carries the form's token.
  app.addHook("preHandler", async (request, reply) => {
    if (request.method === "GET" || request.method === "HEAD") return;
    await new Promise<void>((resolve, reject) =>
      app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())),
    );
  });

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, title, message } = describeError(error);
    if (status >= 500) request.log.error({ err: error }, "admin request failed");
    return sendPage(request, reply, "error", { title, message }, status);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendPage(
      request,
      reply,
      "error",
      { title: "ページが見つかりません", message: "アドレスを確かめてください。" },
      404,
    ),
  );

  await app.register(signInRoutes, {
    accounts,
    audit: options.audit,
    lockout: createLockout({ ...options.lockout, store: options.signInFailures, now: options.now }),
    sessions,
    perMinute: options.signInPerMinute ?? 10,
    logger: options.logger ?? app.log,
  });

  await app.register(async (pages) => {
    pages.addHook("onRequest", requireStaff(sessions));
    await pages.register(dashboardRoutes, { live: options.live, record: options.record });
    await pages.register(tryBotRoutes, {
      answerer: options.answerer,
      render: options.render,
      converse: options.converse,
    });
    const { live, editions, audit } = options;
    const dictionaries = createDictionaryFiles({
      dataDir: options.dataDir,
      indexDataDir: options.indexDataDir,
      publish: (texts, by) => editions.publishDictionaries(texts, by),
      reload: () => live.reload(),
    });
    await pages.register(synonymRoutes, { dictionaries, audit });
    await pages.register(editionRoutes, {
      editions,
      audit,
      uploadLimit: settings.uploadLimit,
      reload: () => live.reload(),
      current: () => live.current().info,
    });
    await pages.register(questionRoutes, { record: options.record, live });
    await pages.register(auditRoutes, { audit: options.audit });
    await pages.register(passwordRoutes, { accounts, audit, sessions });
    if (options.notify)
      await pages.register(notifyRoutes, { ...options.notify, live, audit, snapshots: editions.store });
  });
}
