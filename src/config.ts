import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { parseEnv } from "node:util";
import { z } from "zod";

const ADMIN_SECRET_MIN_BYTES = 32;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** Server timeouts; the defaults cut off a slow sender (slowloris) well before LINE's 2 s matter. */
export const DEFAULT_HTTP_LIMITS = {
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 15_000,
  keepAliveTimeoutMs: 65_000,
} as const;

/** 2,000 waiting answers take well under LINE's reply-token lifetime (about a minute) to work off. */
export const DEFAULT_ANSWER_QUEUE = { concurrency: 16, maxQueued: 2_000 } as const;

/** A chat's last topic is remembered 10 minutes, for at most 100,000 chats (about 86 MB: npm run bench:answer). */
export const DEFAULT_CONVERSATION = { ttlSeconds: 600, maxChats: 100_000 } as const;

/** Largest edition file `reindex` reads (the bundled edition is about 30 KB). */
export const DEFAULT_EDITION_MAX_BYTES = 20 * 1024 * 1024;

/**
 * TRUST_PROXY: the reverse proxy whose X-Forwarded-For is believed, as its addresses or networks
 * (comma-separated, e.g. "10.0.0.2, 172.16.0.0/12") or as a hop count ("1"). Never "trust all":
 * a network of everything (0.0.0.0/0, ::/0) is refused like "true".
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === "") return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 10) return hops;
      ctx.addIssue({ code: "custom", message: "a hop count is 1 to 10" });
      return z.NEVER;
    }
    const entries = value.split(",").map((entry) => entry.trim());
    for (const entry of entries) {
      const [address = "", bits, ...rest] = entry.split("/");
      const family = isIP(address);
      const prefix = bits === undefined ? null : Number(bits);
      const validPrefix =
        prefix === null || (/^\d+$/.test(bits ?? "") && prefix >= 1 && prefix <= (family === 6 ? 128 : 32));
      if (family === 0 || rest.length > 0 || !validPrefix) {
        ctx.addIssue({
          code: "custom",
          message:
            "list the proxy's addresses or networks (e.g. 10.0.0.2, 172.16.0.0/12) or a hop count; never trust every address",
        });
        return z.NEVER;
      }
    }
    return entries;
  })
  .default(false);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LINE_CHANNEL_SECRET: optionalText,
    LINE_CHANNEL_ACCESS_TOKEN: optionalText,
    LINE_API_BASE_URL: optionalText.pipe(z.url().optional()),
    /** Every call to the LINE API must end within this (a hung call would hold an answer slot). */
    LINE_API_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** Where reindex writes snapshots and history. */
    DATA_DIR: z.string().trim().min(1).default("./data"),
    /** The bundled edition served when DATA_DIR holds no snapshot yet. */
    INDEX_DATA_DIR: z.string().trim().min(1).default("./index-data"),
    SEARCH_BACKEND: z.enum(["embedded", "meilisearch"]).default("embedded"),
    MEILISEARCH_HOST: optionalText.pipe(z.url().optional()),
    MEILISEARCH_API_KEY: optionalText,
    MEILISEARCH_INDEX: z.string().trim().min(1).default("plan_projects"),
    /** A search slower than this falls back to the embedded index. */
    MEILISEARCH_TIMEOUT_MS: z.coerce.number().int().positive().default(300),
    /** How many published editions reindex keeps for rollback. */
    EDITIONS_KEPT: z.coerce.number().int().min(1).max(100).default(5),
    /** Largest webhook body accepted, in bytes: LINE's own request limit, 2 MB. */
    WEBHOOK_BODY_LIMIT: z.coerce.number().int().positive().default(2_097_152),
    /** A request must arrive whole (headers and body) within this; slow senders are cut off. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    /** A socket with no traffic for this long is closed. */
    HTTP_CONNECTION_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(DEFAULT_HTTP_LIMITS.connectionTimeoutMs),
    /** An idle kept-alive connection is closed after this (longer than a proxy's upstream keep-alive). */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    /** Largest edition file `reindex` reads, in bytes. */
    EDITION_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_EDITION_MAX_BYTES),
    /** Answers worked on at once between the 200 and the reply. */
    ANSWER_CONCURRENCY: z.coerce.number().int().positive().default(DEFAULT_ANSWER_QUEUE.concurrency),
    /** Events waiting for an answer; past this a short "busy, please ask again" reply is sent instead. */
    ANSWER_QUEUE_MAX: z.coerce.number().int().positive().default(DEFAULT_ANSWER_QUEUE.maxQueued),
    /** Seconds a chat's last topic is remembered for follow-ups (「担当は？」); 0 turns follow-ups off. */
    CONVERSATION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(DEFAULT_CONVERSATION.ttlSeconds),
    /** Chats remembered at once in memory; past it the least recently active one is forgotten. */
    CONVERSATION_MAX_CHATS: z.coerce.number().int().positive().default(DEFAULT_CONVERSATION.maxChats),
    /** On SIGTERM, how long the events already acknowledged may take to be answered. */
    DRAIN_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
    /** The conversation record (DATA_DIR/record.sqlite) and 「解決しましたか？」. */
    CONVERSATION_RECORD: z.enum(["on", "off"]).default("on"),
    /** PostgreSQL for the record, accounts, audit log and edition registry; unset: SQLite in DATA_DIR. */
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    /** Days a record is kept before it is deleted. */
    RECORD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
    /** Key of the HMAC that hashes LINE user ids (logs and the record). Not the channel secret. */
    USER_HASH_SECRET: optionalText.pipe(
      z.string().min(16, "USER_HASH_SECRET must be at least 16 characters").optional(),
    ),
    /** Serves GET /metrics on a port of its own (on METRICS_HOST), without a token. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    METRICS_HOST: z.string().trim().min(1).default("127.0.0.1"),
    /** Serves GET /metrics on the public port, for `Authorization: Bearer <token>` only. */
    METRICS_TOKEN: optionalText.pipe(
      z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
    ),
    /** Turns the staff console (/admin) on; signs and encrypts its session cookies. */
    ADMIN_SESSION_SECRET: optionalText.pipe(
      z
        .string()
        .refine((value) => Buffer.byteLength(value, "utf8") >= ADMIN_SECRET_MIN_BYTES, {
          message: `must be at least ${ADMIN_SECRET_MIN_BYTES} bytes`,
        })
        .optional(),
    ),
    /** Mark the console's cookie Secure (HTTPS only). Default: true when NODE_ENV=production. */
    ADMIN_COOKIE_SECURE: z.enum(["true", "false"]).optional(),
    /** Minutes a console session may stay unused before it ends. */
    ADMIN_SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** Hours a console session lasts at most after sign-in. */
    ADMIN_SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(8),
    TRUST_PROXY: trustProxy,
    /** Largest edition file the console accepts, in bytes. */
    ADMIN_UPLOAD_LIMIT: z.coerce
      .number()
      .int()
      .positive()
      .default(5 * 1_048_576),
    /** Shared state for several replicas (dedupe, chat state, locks, rate limits); unset: memory. */
    REDIS_URL: optionalText.pipe(
      z
        .url({ protocol: /^rediss?$/, hostname: /./, error: "REDIS_URL must be a redis:// or rediss:// URL" })
        .optional(),
    ),
    /** Put before every Redis key and channel, so several installations can share one Redis. */
    REDIS_KEY_PREFIX: z.string().trim().min(1).max(100).default("shiroi-plan-bot:"),
  })
  .superRefine((env, ctx) => {
    if (env.SEARCH_BACKEND === "meilisearch" && !env.MEILISEARCH_HOST) {
      ctx.addIssue({
        code: "custom",
        path: ["MEILISEARCH_HOST"],
        message: "MEILISEARCH_HOST is required when SEARCH_BACKEND=meilisearch",
      });
    }
    if (
      env.NODE_ENV === "production" &&
      env.CONVERSATION_RECORD === "on" &&
      env.LINE_CHANNEL_SECRET &&
      !env.USER_HASH_SECRET
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["USER_HASH_SECRET"],
        message:
          "USER_HASH_SECRET is required while the conversation record is on (CONVERSATION_RECORD=on): set a long random string, different from the channel secret",
      });
    }
    if (Boolean(env.LINE_CHANNEL_SECRET) !== Boolean(env.LINE_CHANNEL_ACCESS_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: [env.LINE_CHANNEL_SECRET ? "LINE_CHANNEL_ACCESS_TOKEN" : "LINE_CHANNEL_SECRET"],
        message: "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set together",
      });
    }
  });

type Env = z.infer<typeof schema>;

export interface LineCredentials {
  channelSecret: string;
  channelAccessToken: string;
}

export interface Config {
  env: Env["NODE_ENV"];
  port: number;
  host: string;
  logLevel: Env["LOG_LEVEL"];
  /** Null when no channel is configured: the bot starts, warns, and /webhook answers 503. */
  line: LineCredentials | null;
  lineApiBaseUrl: string | undefined;
  lineApiTimeoutMs: number;
  dataDir: string;
  indexDataDir: string;
  search:
    | { backend: "embedded" }
    | { backend: "meilisearch"; host: string; apiKey: string | undefined; index: string; timeoutMs: number };
  webhookBodyLimit: number;
  editionsKept: number;
  http: { requestTimeoutMs: number; connectionTimeoutMs: number; keepAliveTimeoutMs: number };
  answerQueue: { concurrency: number; maxQueued: number };
  /** Follow-ups: how long and for how many chats the last topic is kept; ttlSeconds 0: off. */
  conversation: { ttlSeconds: number; maxChats: number };
  drainTimeoutMs: number;
  editionMaxBytes: number;
  record: { enabled: boolean; retentionDays: number };
  /** DATABASE_URL: PostgreSQL; null: SQLite in DATA_DIR. */
  databaseUrl: string | null;
  /**
   * USER_HASH_SECRET, the key for hashing LINE user ids; null when unset (outside production): then
   * record/ keeps a random key of this installation in DATA_DIR.
   */
  userHash: { secret: string | null };
  /** Null unless ADMIN_SESSION_SECRET is set: the console is off. */
  admin: AdminSettings | null;
  /** Whose X-Forwarded-For is believed: the proxy's addresses, a hop count, or nobody (false). */
  trustProxy: false | number | string[];
  /** REDIS_URL: state shared by every replica; null: this process's memory. */
  redis: { url: string; keyPrefix: string } | null;
  /** Where /metrics is served: its own port, and/or the public port with a bearer token; both null: off. */
  metrics: { port: { port: number; host: string } | null; token: string | null };
}

export interface AdminSettings {
  sessionSecret: string;
  cookieSecure: boolean;
  uploadLimit: number;
  /** A console session unused this long ends. Default 30 minutes. */
  sessionIdleMs?: number;
  /** A console session ends this long after sign-in. Default 8 hours. */
  sessionMaxMs?: number;
}

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * The process environment, with `.env` in the working directory read first when present; the one
 * place that reads it. Variables already set in the real environment win over the file.
 */
export function processEnvironment(envFile = ".env"): Record<string, string | undefined> {
  return { ...readEnvFile(envFile), ...process.env };
}

/** The variables of an env file (Node's own parser); {} when there is none. */
export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError([`${file}: ${(error as Error).message}`]);
  }
  return parseEnv(text) as Record<string, string>;
}

export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    // Issues name the variable, never its value: values may be secrets.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    line:
      env.LINE_CHANNEL_SECRET && env.LINE_CHANNEL_ACCESS_TOKEN
        ? { channelSecret: env.LINE_CHANNEL_SECRET, channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN }
        : null,
    lineApiBaseUrl: env.LINE_API_BASE_URL,
    lineApiTimeoutMs: env.LINE_API_TIMEOUT_MS,
    dataDir: env.DATA_DIR,
    indexDataDir: env.INDEX_DATA_DIR,
    search:
      env.SEARCH_BACKEND === "meilisearch" && env.MEILISEARCH_HOST
        ? {
            backend: "meilisearch",
            host: env.MEILISEARCH_HOST,
            apiKey: env.MEILISEARCH_API_KEY,
            index: env.MEILISEARCH_INDEX,
            timeoutMs: env.MEILISEARCH_TIMEOUT_MS,
          }
        : { backend: "embedded" },
    webhookBodyLimit: env.WEBHOOK_BODY_LIMIT,
    editionsKept: env.EDITIONS_KEPT,
    http: {
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: env.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    answerQueue: { concurrency: env.ANSWER_CONCURRENCY, maxQueued: env.ANSWER_QUEUE_MAX },
    conversation: { ttlSeconds: env.CONVERSATION_TTL_SECONDS, maxChats: env.CONVERSATION_MAX_CHATS },
    drainTimeoutMs: env.DRAIN_TIMEOUT_MS,
    editionMaxBytes: env.EDITION_MAX_BYTES,
    record: { enabled: env.CONVERSATION_RECORD === "on", retentionDays: env.RECORD_RETENTION_DAYS },
    databaseUrl: env.DATABASE_URL ?? null,
    userHash: { secret: env.USER_HASH_SECRET ?? null },
    metrics: {
      port: env.METRICS_PORT === undefined ? null : { port: env.METRICS_PORT, host: env.METRICS_HOST },
      token: env.METRICS_TOKEN ?? null,
    },
    admin: env.ADMIN_SESSION_SECRET
      ? {
          sessionSecret: env.ADMIN_SESSION_SECRET,
          cookieSecure: (env.ADMIN_COOKIE_SECURE ?? String(env.NODE_ENV === "production")) === "true",
          uploadLimit: env.ADMIN_UPLOAD_LIMIT,
          sessionIdleMs: env.ADMIN_SESSION_IDLE_MINUTES * 60_000,
          sessionMaxMs: env.ADMIN_SESSION_MAX_HOURS * 3_600_000,
        }
      : null,
    trustProxy: env.TRUST_PROXY,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : null,
  };
}
