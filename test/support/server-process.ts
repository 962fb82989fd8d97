// The bot as a process of its own, for tests that need the real entry point.
import { type ChildProcess, spawn } from "node:child_process";

export interface Started {
  child: ChildProcess;
  address: string;
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** How the server is started: src/server.ts through tsx by default. */
export interface Entry {
  command: string[];
  cwd?: string;
}

const SOURCE_ENTRY: Entry = { command: [process.execPath, "--import", "tsx", "src/server.ts"] };

/** Starts the server as `npm start` would (its own process), and waits for its listening line. */
export async function startServer(
  env: Record<string, string>,
  entry: Entry = SOURCE_ENTRY,
): Promise<Started> {
  const [command = process.execPath, ...args] = entry.command;
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
    ...(entry.cwd ? { cwd: entry.cwd } : {}),
  });
  const lines: Record<string, unknown>[] = [];
  // "close", not "exit": it comes after the last line of stdout was read.
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const address = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
        buffered = buffered.slice(newline + 1);
        lines.push(line);
        const match = /^listening on (http:\/\/\S+),/.exec(String(line.msg));
        if (match?.[1]) resolve(match[1]);
        newline = buffered.indexOf("\n");
      }
    });
    exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, address, lines, exited };
}
