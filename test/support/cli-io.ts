// A CLI command's io with stdout and stderr captured (optionally a terminal with typed input).
import { PassThrough } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";

export interface Captured {
  io: CliIo;
  out: () => string;
  err: () => string;
}

export function captureIo(
  cwd: string,
  env: Record<string, string | undefined>,
  options: { tty?: boolean; input?: string } = {},
): Captured {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  if (options.input !== undefined) stdin.end(options.input);
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  return { io: { stdout, stderr, stdin, env, cwd }, out: () => out, err: () => err };
}
