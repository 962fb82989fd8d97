// The real entry point's start: node dist/server.js on a fresh DATA_DIR, polled until /healthz and
// /readyz answer 200; the OS's view of its memory then.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { processStats } from "./process-stats.js";

const SERVER = new URL("../../dist/server.js", import.meta.url).pathname;
const RUNS = 3;
const GIVE_UP_MS = 60_000;

export interface StartFigures {
  runs: number;
  healthzMs: number;
  readyzMs: number;
  rssMb: number;
  peakRssMb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

async function firstOk(url: string, since: number): Promise<number> {
  while (performance.now() - since < GIVE_UP_MS) {
    const ok = await fetch(url).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} never answered 200`);
}

async function startOnce(): Promise<Omit<StartFigures, "runs">> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-start-"));
  const port = await freePort();
  const since = performance.now();
  const child = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      USER_HASH_SECRET: "bench-start-user-hash-secret",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const healthzMs = await firstOk(`${base}/healthz`, since);
    const readyzMs = await firstOk(`${base}/readyz`, since);
    const stats = processStats(child.pid);
    return {
      healthzMs,
      readyzMs,
      rssMb: stats?.rssMb ?? Number.NaN,
      peakRssMb: stats?.peakRssMb ?? Number.NaN,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Null when the server is not built. */
export async function measureStart(): Promise<StartFigures | null> {
  if (!existsSync(SERVER)) return null;
  const runs: Omit<StartFigures, "runs">[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce());
  return {
    runs: RUNS,
    healthzMs: median(runs.map((r) => r.healthzMs)),
    readyzMs: median(runs.map((r) => r.readyzMs)),
    rssMb: median(runs.map((r) => r.rssMb)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}
