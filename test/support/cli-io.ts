// A CLI command's io with stdout and stderr captured, to run commands in-process.
import { PassThrough } from "node:stream";
import type { CliIo } from "../../src/cli/io.js";

export interface Captured {
  io: CliIo;
  out: () => string;
  err: () => string;
}

export function captureIo(cwd: string, env: Record<string, string | undefined>): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  return {
    io: { stdout, stderr, stdin: new PassThrough(), env, cwd },
    out: () => out,
    err: () => err,
  };
}
