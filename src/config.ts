import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

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
    /** How many published editions reindex keeps for rollback. */
    EDITIONS_KEPT: z.coerce.number().int().min(1).max(100).default(5),
    /** Largest webhook body accepted, in bytes. */
    WEBHOOK_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
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
  editionsKept: number;
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
  };
}
