import { createRequire } from "node:module";
import pino, { type Logger, type LoggerOptions } from "pino";

export type { Logger } from "pino";

export interface LoggerSettings {
  level: string;
  /** Pretty output when true and pino-pretty is installed (a devDependency). Default: stdout is a TTY. */
  pretty?: boolean;
  /** Where JSON lines go; default stdout. Tests pass a stream to read the lines back. */
  destination?: pino.DestinationStream;
}

/** Paths never written to a log, whatever a caller passes. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-line-signature"]',
  "headers.authorization",
  'headers["x-line-signature"]',
  "channelSecret",
  "channelAccessToken",
  "replyToken",
  "*.replyToken",
  // Logs carry hashed users only; a raw id passed by mistake is cut here.
  "userId",
  "*.userId",
];

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/** The process's one pino logger; modules take children of it. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    // "level":"warn", not 40: what log collectors and people read.
    formatters: { level: (label) => ({ level: label }) },
  };
  if (settings.destination) return pino(options, settings.destination);
  const pretty = settings.pretty ?? process.stdout.isTTY === true;
  if (pretty && prettyAvailable()) {
    return pino({
      ...options,
      transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss" } },
    });
  }
  return pino(options);
}
