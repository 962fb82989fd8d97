import type { AddressInfo } from "node:net";
import { createDictionaryFiles } from "./admin/index.js";
import { createAnswerer } from "./answer/index.js";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig, processEnvironment } from "./config.js";
import { loadBundledEdition, openLiveEdition } from "./editions/index.js";
import { installLastDefence } from "./last-defence.js";
import { createMemoryDeduper, createReplyClient, decodeFollowUp, renderAnswer } from "./line/index.js";
import { createLogger, type Logger } from "./logger.js";
import { getTokenizer } from "./nlp/index.js";
import { createAuditLog, createStaffAccounts, openRecordDatabase } from "./record/index.js";

const SHUTDOWN_DRAIN_MS = 5000;

/** Process entry: config → logger → edition → app → listen, with graceful shutdown. */
export async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
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

  const tokenizer = await getTokenizer();
  const live = await openLiveEdition({
    dataDir: config.dataDir,
    indexDataDir: config.indexDataDir,
    bundled: () => loadBundledEdition(config.indexDataDir),
    search: config.search,
    logger,
    tokenizer,
  });
  const answerer = createAnswerer({ live, tokenizer });
  const replyClient = config.line
    ? createReplyClient({
        channelAccessToken: config.line.channelAccessToken,
        baseURL: config.lineApiBaseUrl,
      })
    : null;

  // The staff console, when ADMIN_SESSION_SECRET turns it on: accounts and audit log in the record database.
  const recordDb = config.admin ? openRecordDatabase({ dataDir: config.dataDir }) : null;
  const admin =
    config.admin && recordDb
      ? {
          settings: config.admin,
          accounts: createStaffAccounts(recordDb),
          audit: createAuditLog(recordDb),
          live,
          answerer,
          render: renderAnswer,
          dictionaries: createDictionaryFiles({
            indexDataDir: config.indexDataDir,
            apply: () => live.rebuild(),
          }),
          cacheTemplates: config.env !== "development",
        }
      : undefined;

  const app = buildApp({
    config,
    logger,
    answerer,
    render: renderAnswer,
    decodeFollowUp,
    live,
    replyClient,
    dedupe: createMemoryDeduper(),
    drainTimeoutMs: SHUTDOWN_DRAIN_MS,
    admin,
  });

  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const info = live.current().info;
  logger.info(
    `listening on http://${config.host}:${port}, serving plan edition ${info.edition ?? "(unknown)"} (${info.source}, ${info.projects} projects, ${config.search.backend})${admin ? ", staff console at /admin/" : ""}`,
  );

  installShutdown(logger, async () => {
    await app.close(); // stops accepting, then drains in-flight replies (onClose hook)
    await live.close();
    recordDb?.close();
  });
}

function installShutdown(logger: Logger, close: () => Promise<void>): void {
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
    }, SHUTDOWN_DRAIN_MS + 5000);
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
  process.stderr.write(
    `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
