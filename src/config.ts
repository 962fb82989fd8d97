import { z } from "zod";

const ADMIN_SECRET_MIN_BYTES = 32;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LINE_CHANNEL_SECRET: optionalText,
    LINE_CHANNEL_ACCESS_TOKEN: optionalText,
    LINE_API_BASE_URL: optionalText.pipe(z.url().optional()),
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
    /** Largest webhook body accepted, in bytes. */
    WEBHOOK_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
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
    /** Largest edition file the console accepts, in bytes. */
    ADMIN_UPLOAD_LIMIT: z.coerce
      .number()
      .int()
      .positive()
      .default(5 * 1_048_576),
  })
  .superRefine((env, ctx) => {
    if (env.SEARCH_BACKEND === "meilisearch" && !env.MEILISEARCH_HOST) {
      ctx.addIssue({
        code: "custom",
        path: ["MEILISEARCH_HOST"],
        message: "MEILISEARCH_HOST is required when SEARCH_BACKEND=meilisearch",
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
  dataDir: string;
  indexDataDir: string;
  search:
    | { backend: "embedded" }
    | { backend: "meilisearch"; host: string; apiKey: string | undefined; index: string; timeoutMs: number };
  webhookBodyLimit: number;
  /** Null unless ADMIN_SESSION_SECRET is set: the console is off. */
  admin: AdminSettings | null;
}

export interface AdminSettings {
  sessionSecret: string;
  cookieSecure: boolean;
  uploadLimit: number;
}

export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The process environment; the one place that reads it. */
export function processEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
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
    admin: env.ADMIN_SESSION_SECRET
      ? {
          sessionSecret: env.ADMIN_SESSION_SECRET,
          cookieSecure: (env.ADMIN_COOKIE_SECURE ?? String(env.NODE_ENV === "production")) === "true",
          uploadLimit: env.ADMIN_UPLOAD_LIMIT,
        }
      : null,
  };
}
