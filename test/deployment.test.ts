// How the bot is installed, configured and deployed (issue #11, defects 6 and 8): .env is read, the
// real environment wins, `npm start` runs what `npm ci` built, and deploy/ agrees with itself.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, processEnvironment, readEnvFile } from "../src/config.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

describe(".env", () => {
  it("is read when present, and the real environment wins", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "dotenv-"));
    try {
      const file = path.join(dir, ".env");
      await writeFile(file, "# comment\nPORT=4321\nDATA_DIR=/srv/bot-data\nLOG_LEVEL=warn\n");
      expect(readEnvFile(file)).toEqual({ PORT: "4321", DATA_DIR: "/srv/bot-data", LOG_LEVEL: "warn" });
      const previous = process.env.LOG_LEVEL;
      process.env.LOG_LEVEL = "error";
      try {
        const config = loadConfig(processEnvironment(file));
        expect(config.port).toBe(4321);
        expect(config.dataDir).toBe("/srv/bot-data");
        expect(config.logLevel).toBe("error");
      } finally {
        if (previous === undefined) delete process.env.LOG_LEVEL;
        else process.env.LOG_LEVEL = previous;
      }
      expect(readEnvFile(path.join(dir, "missing.env"))).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("npm scripts", () => {
  const pkg = JSON.parse(read("package.json")) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
  };

  it("npm start runs the built server without compiling; npm ci builds it once (prepare)", () => {
    expect(pkg.scripts.start).toBe("node dist/server.js");
    expect(pkg.scripts.prestart).toBeUndefined();
    expect(pkg.scripts.prepare).toContain("tsc -p tsconfig.build.json");
    // `npm ci --omit=dev` runs prepare too: the compiler and the types it needs are dependencies.
    for (const name of ["typescript", "@types/node"]) expect(pkg.dependencies[name]).toBeDefined();
    for (const command of ["reindex", "export", "ask"]) {
      expect(pkg.scripts[command]).toBe(`node dist/cli/bin.js ${command}`);
    }
  });
});

describe("deploy/", () => {
  const compose = read("deploy/docker-compose.yml");
  /** The lines of one service's block in the compose file. */
  function service(name: string): string {
    const start = compose.indexOf(`\n  ${name}:\n`);
    const rest = compose.slice(start + 1);
    const end = rest.slice(1).search(/\n {2}[a-z]|\n[a-z]/);
    return end < 0 ? rest : rest.slice(0, end + 1);
  }

  it("uses the Compose Specification (v2) and says so", () => {
    expect(compose).not.toMatch(/^version:/m);
    expect(compose).toMatch(/Compose v2/);
    expect(read("deploy/README.md")).toMatch(/Compose v2/);
  });

  it("gives each container only the secrets it uses", () => {
    expect(compose).not.toContain("env_file");
    const meilisearch = service("meilisearch");
    const bot = service("bot");
    const reindex = service("reindex");
    expect(meilisearch).toContain("MEILI_MASTER_KEY:");
    expect(meilisearch).not.toContain("LINE_");
    expect(bot).toContain("LINE_CHANNEL_SECRET:");
    expect(bot).not.toMatch(/^\s+MEILI_MASTER_KEY:/m);
    expect(reindex).not.toContain("LINE_");
    expect(reindex).not.toMatch(/^\s+MEILI_MASTER_KEY:/m);
  });

  it("runs a pinned official Redis, unpublished and without persistence, that the bot uses with a password", () => {
    const redis = service("redis");
    expect(redis).toMatch(/image: redis:\d+\.\d+\.\d+-alpine\n/);
    expect(redis).not.toContain("ports:");
    expect(redis).not.toContain("LINE_");
    expect(redis).toContain("${REDIS_PASSWORD:?");
    expect(redis).toMatch(/- --appendonly\n\s+- "no"/);
    expect(service("bot")).toMatch(/REDIS_URL: redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379\/0\n/);
    expect(service("reindex")).not.toContain("REDIS_");
    expect(read("deploy/env.example")).toMatch(/^REDIS_PASSWORD=$/m);
  });

  it("runs a pinned official PostgreSQL that only the bot is told how to reach", () => {
    const postgres = service("postgres");
    expect(postgres).toMatch(/image: postgres:\d+\.\d+/);
    expect(postgres).not.toMatch(/^\s+ports:/m);
    expect(service("bot")).toMatch(/DATABASE_URL: postgres:\/\/bot:\$\{POSTGRES_PASSWORD/);
    expect(service("meilisearch")).not.toContain("POSTGRES");
    expect(read("deploy/env.example")).toMatch(/^POSTGRES_PASSWORD=$/m);
  });

  it("runs the reindex command the README shows, inside the image", () => {
    expect(service("reindex")).toContain('entrypoint: ["npm", "run", "--silent", "reindex", "--"]');
    expect(read("README.md")).toContain("npm run reindex -- ");
    expect(read("Dockerfile")).toMatch(/COPY package\.json package-lock\.json \.\/\n/);
  });

  it("agrees on the body limit: LINE's 2 MB", () => {
    expect(read("deploy/README.md")).toMatch(/2 MB/);
    expect(read("deploy/README.md")).not.toMatch(/1 ?MiB/);
  });

  it("runs the bot as production with the console, a drain below the grace period, and memory limits (issue #16)", () => {
    const bot = service("bot");
    expect(bot).toMatch(/^\s+NODE_ENV: production$/m);
    expect(service("reindex")).toMatch(/^\s+NODE_ENV: production$/m);
    for (const name of ["ADMIN_SESSION_SECRET", "ADMIN_COOKIE_SECURE", "ADMIN_UPLOAD_LIMIT"]) {
      expect(bot).toContain(`${name}:`);
      expect(read("deploy/env.example")).toContain(name);
    }
    const drain = Number(/DRAIN_TIMEOUT_MS:-(\d+)/.exec(bot)?.[1]);
    const grace = Number(/stop_grace_period: (\d+)s/.exec(bot)?.[1]);
    expect(grace * 1000).toBeGreaterThan(drain);
    expect(loadConfig({}).drainTimeoutMs).toBe(drain);
    for (const name of ["bot", "meilisearch", "reindex"]) expect(service(name)).toMatch(/mem_limit: \d+[mg]/);
    const guide = read("deploy/README.md");
    expect(guide).toMatch(/path \/admin \/admin\/\*/);
    expect(guide).toMatch(/location \/admin/);
    expect(guide).toContain("staff -- add");
    expect(guide).toContain("run --silent backup -- /backups");
    expect(guide).toMatch(/pg_dump/);
    expect(read(".env.example")).toMatch(/^NODE_ENV=production$/m);
  });

  it("keeps staff's edition files and secrets out of git", () => {
    const ignored = read(".gitignore").split("\n");
    expect(ignored).toContain("deploy/editions/");
    expect(ignored).toContain(".env");
  });
});

describe("start-up errors", () => {
  it("a DATA_DIR that cannot be written stops the server with one line, no stack trace", async () => {
    const unwritable =
      process.getuid?.() === 0 ? "/sys/kernel/shiroi-test/data" : path.join("/proc", "shiroi-test");
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: "0", HOST: "127.0.0.1", DATA_DIR: unwritable },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/start-up failed: .*(権限がありません|not found)/);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
