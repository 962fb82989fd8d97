#!/usr/bin/env node
import { processEnvironment } from "../config.js";
import type { CliCommand, CliIo } from "./io.js";

const commands: Record<string, () => Promise<CliCommand>> = {
  reindex: async () => (await import("./reindex.js")).run,
  export: async () => (await import("./export.js")).run,
  ask: async () => (await import("./ask.js")).run,
  staff: async () => (await import("./staff.js")).run,
  report: async () => (await import("./report.js")).run,
  "forget-user": async () => (await import("./forget-user.js")).run,
  "migrate-record": async () => (await import("./migrate-record.js")).run,
  "rich-menu": async () => (await import("./rich-menu.js")).run,
  notify: async () => (await import("./notify.js")).run,
  backup: async () => (await import("./backup.js")).run,
};

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: processEnvironment(),
  cwd: process.cwd(),
};

const [name, ...argv] = process.argv.slice(2);
const load = name ? commands[name] : undefined;
if (!load) {
  io.stderr.write(`usage: bin <${Object.keys(commands).join("|")}> [args]\n`);
  process.exitCode = 2;
} else {
  const command = await load();
  process.exitCode = await command(argv, io);
}
