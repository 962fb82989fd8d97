import type { AddressInfo } from "node:net";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { createAnswerer, type ExplainingAnswerer } from "./answer/index.js";
import { buildApp } from "./app.js";
import { type Config, ConfigError, loadConfig, processEnvironment } from "./config.js";
import { createSharedChatOrdering, createSharedChatStateStore } from "./conversation/index.js";
import { type Database, databaseLocation, openDatabase } from "./db/index.js";
import {
  createEditionService,
  createRegistryStore,
  type LiveEditionHandle,
  loadBundledEdition,
  openLiveEdition,
} from "./editions/index.js";
import { fileProblem } from "./file-errors.js";
import { createMeilisearchPublisher } from "./index/index.js";
import { installLastDefence } from "./last-defence.js";
import { lateBound } from "./late-bound.js";
import {
  createKeyDeduper,
  createMulticastClient,
  createReplyClient,
  decodeFollowUp,
  renderAnswer,
} from "./line/index.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics, metricsRoute, timedSearches } from "./metrics/index.js";
import { getTokenizer } from "./nlp/index.js";
import { createDatabaseFollowStore } from "./notify/index.js";
import {
  createAuditLog,
  createDatabaseStore,
  createRecorder,
  createSignInFailures,
  createStaffAccounts,
  createStaffSessions,
  resolveUserHashKey,
  startRetention,
  USER_HASH_KEY_FILE,
} from "./record/index.js";
import { createKeyOrdering, openSharedState, rateLimitStore } from "./state/index.js";

/** Process entry: config → logger → edition → app → listen, with graceful shutdown. */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(processEnvironment());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  installLastDefence(logger);

  if (!config.line) {
    logger.warn(
      "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN are not set: the bot starts, but /webhook answers 503",
    );
  }

  // Memory, or Redis shared by every replica (REDIS_URL); an outage degrades it to per process.
  const state = await openSharedState({
    redis: config.redis,
    logger: logger.child({ module: "state" }),
  });

  const userHashSecret = userHashSecretOf(config, logger);
  const recordLogger = logger.child({ module: "record" });
  // One database (SQLite in DATA_DIR, or PostgreSQL) for the record and the console's accounts and log;
  // お知らせ keeps its follows there too, so a configured LINE channel opens it. PostgreSQL also holds the edition registry every replica follows.
  const database =
    config.record.enabled || config.admin || config.line || config.databaseUrl
      ? await openRecordDatabase(config, recordLogger)
      : null;
  const registry =
    database?.engine === "postgres"
      ? createRegistryStore(database, { keep: config.editionsKept, channel: state.channel })
      : null;
  const store = config.record.enabled && database ? createDatabaseStore(database) : null;
  const recorder = store ? createRecorder({ store, logger: recordLogger }) : undefined;
  const retention = store
    ? startRetention({ store, logger: recordLogger, days: config.record.retentionDays })
    : null;

  // Listening comes first: /healthz answers while the dictionary and the edition load; until they
  // have, /readyz answers 503 "starting", webhook events wait in the answer queue and the console waits.
  const metrics = config.metrics.port || config.metrics.token ? createMetrics() : null;
  let serving: { live: LiveEditionHandle; answerer: ExplainingAnswerer } | undefined;
  const loading = (async () => {
    const tokenizer = await getTokenizer();
    const loadedLive = await openLiveEdition({
      dataDir: config.dataDir,
      indexDataDir: config.indexDataDir,
      bundled: () => loadBundledEdition(config.indexDataDir),
      search: config.search,
      logger,
      tokenizer,
      ...(registry ? { registry } : {}),
    });
    serving = {
      live: loadedLive,
      answerer: createAnswerer({
        live: metrics ? timedSearches(loadedLive, metrics.searchSeconds) : loadedLive,
        tokenizer,
      }),
    };
    return serving;
  })();
  // A failed load ends the process below (start-up failed), never as an unhandled rejection before it.
  loading.catch(() => {});
  const live = lateBound("the live edition", () => serving?.live);
  const answerer = lateBound("the answerer", () => serving?.answerer);
  const replyClient = config.line
    ? createReplyClient({
        channelAccessToken: config.line.channelAccessToken,
        baseURL: config.lineApiBaseUrl,
        timeoutMs: config.lineApiTimeoutMs,
      })
    : null;

  // お知らせ: follows live in the database; without it, project cards offer no 「変わったらお知らせ」.
  const follows = database ? createDatabaseFollowStore(database) : null;

  // The staff console, when ADMIN_SESSION_SECRET turns it on: accounts and audit log in the database.
  const admin =
    config.admin && database
      ? {
          settings: config.admin,
          accounts: createStaffAccounts(database),
          audit: createAuditLog(database),
          sessions: createStaffSessions(database),
          signInFailures: createSignInFailures(database),
          live,
          answerer,
          render: renderAnswer,
          editions: createEditionService({
            dataDir: config.dataDir,
            indexDataDir: config.indexDataDir,
            keep: config.editionsKept,
            // A publish's Sudachi layer is filtered on a worker: this process answers citizens.
            sudachiOffThread: true,
            publisher:
              config.search.backend === "meilisearch"
                ? createMeilisearchPublisher({
                    host: config.search.host,
                    apiKey: config.search.apiKey,
                    index: config.search.index,
                  })
                : null,
            ...(registry && database ? { shared: { store: registry, database } } : {}),
          }),
          record: store,
          dataDir: config.dataDir,
          indexDataDir: config.indexDataDir,
          ...(follows
            ? {
                notify: {
                  follows,
                  client: multicastClientOf(config),
                },
              }
            : {}),
          cacheTemplates: config.env !== "development",
          rateLimitStore: rateLimitStore(state.keys),
        }
      : undefined;

  const app = buildApp({
    config: { ...config, userHash: { secret: userHashSecret } },
    logger,
    answerer,
    render: renderAnswer,
    decodeFollowUp,
    live,
    ready: loading,
    replyClient,
    dedupe: createKeyDeduper(state.keys),
    sharedState: state,
    // With REDIS_URL, a chat's topic and order are shared by every replica; else buildApp's memory ones.
    ...(config.redis
      ? {
          chats: {
            store: createSharedChatStateStore(state.keys),
            ordering: createSharedChatOrdering(createKeyOrdering(state)),
          },
        }
      : {}),
    drainTimeoutMs: config.drainTimeoutMs,
    ...(recorder ? { recorder } : {}),
    ...(follows ? { follows } : {}),
    admin,
    ...(metrics
      ? { prometheus: { metrics, ...(config.metrics.token ? { token: config.metrics.token } : {}) } }
      : {}),
  });
  const metricsServer =
    metrics && config.metrics.port ? await serveMetrics(metrics, config.metrics.port, logger) : null;

  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  installShutdown(logger, config.drainTimeoutMs, async () => {
    await app.close(); // 503 to new requests, answers what was acknowledged (preClose hook), stops listening
    await metricsServer?.close();
    retention?.stop();
    await recorder?.close(); // writes what the last replies queued
    await (await loading.catch(() => null))?.live.close();
    await database?.close();
    await state.close();
  });
  logger.info(
    `accepting requests at http://${config.host}:${port} while the dictionary and the edition load`,
  );

  const loaded = await loading;
  const info = loaded.live.current().info;
  logger.info(
    `listening on http://${config.host}:${port}, serving plan edition ${info.edition ?? "(unknown)"} (${info.source}, ${info.projects} projects, ${config.search.backend}, record ${config.record.enabled ? "on" : "off"}, shared state ${state.status().backend})${admin ? ", staff console at /admin/" : ""}`,
  );
}

/** USER_HASH_SECRET, or this installation's own key in DATA_DIR; null (a key of this process) if neither works. */
function userHashSecretOf(config: Config, logger: Logger): string | null {
  try {
    const key = resolveUserHashKey(config.dataDir, config.userHash.secret);
    if (key.source === "created")
      logger.info(
        `USER_HASH_SECRET is not set: user ids are hashed with a key made for this installation (DATA_DIR/${USER_HASH_KEY_FILE}); keep it with the record`,
      );
    return key.secret;
  } catch (error) {
    logger.warn(
      { err: error },
      "no key for hashing user ids could be read or made in DATA_DIR: hashes last only as long as this process",
    );
    return null;
  }
}

function multicastClientOf(config: Config) {
  return config.line
    ? createMulticastClient({
        channelAccessToken: config.line.channelAccessToken,
        baseURL: config.lineApiBaseUrl,
      })
    : null;
}

/**
 * The database, or null when it cannot be opened: citizens are still answered, without the record.
 * The console cannot run without its accounts: then the start fails.
 */
async function openRecordDatabase(config: Config, logger: Logger): Promise<Database | null> {
  try {
    const database = await openDatabase(databaseLocation(config.dataDir, config.databaseUrl), { logger });
    logger.info(`database: ${database.description}`);
    return database;
  } catch (error) {
    if (config.admin) throw error;
    logger.error({ err: error }, "the conversation record cannot be opened: the bot runs without it");
    return null;
  }
}

/** GET /metrics alone on a port of its own (loopback by default: the scraper runs beside the bot). */
async function serveMetrics(
  metrics: Metrics,
  at: { port: number; host: string },
  logger: Logger,
): Promise<FastifyInstance> {
  const serverLogger: FastifyBaseLogger = logger.child({ module: "metrics" }, { level: "warn" });
  const server = Fastify({ loggerInstance: serverLogger });
  await server.register(metricsRoute, { metrics, token: null });
  const address = await server.listen(at);
  logger.info(`metrics at ${address}/metrics`);
  return server;
}

function installShutdown(logger: Logger, drainTimeoutMs: number, close: () => Promise<void>): void {
  let closing = false;
  // The last lines must reach stdout before the process ends.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    // Bounded: a stuck close must not keep the process alive forever.
    const timer = setTimeout(() => {
      logger.error("shutdown timed out");
      exit(1);
    }, drainTimeoutMs + 5000);
    timer.unref();
    close().then(
      () => {
        logger.info("stopped");
        exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

main().catch((error: unknown) => {
  // A file system problem (DATA_DIR not writable, a missing INDEX_DATA_DIR) is the operator's to fix:
  // say what and where, without a stack trace.
  const problem = fileProblem(error);
  process.stderr.write(
    problem
      ? `start-up failed: ${problem}\n`
      : `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
