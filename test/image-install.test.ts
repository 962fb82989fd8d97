// Issue #16, defect 1: the image's install, replayed outside Docker from the Dockerfile's own
// instructions. Each stage gets a fresh folder: COPY copies from the repository (or the earlier
// stage's folder), the build stage's RUN lines run there as written, and the runtime stage's CMD and
// ENV start the server. One production install per run: it compiles better-sqlite3 (minutes).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Copy,
  parseCopy,
  parseDockerfile,
  parseEnvInstruction,
  parseExecForm,
  type Stage,
} from "./support/dockerfile.js";
import { type LineStandIn, startLineStandIn } from "./support/line-stand-in.js";
import { startServer } from "./support/server-process.js";
import {
  CHANNEL_ACCESS_TOKEN,
  CHANNEL_SECRET,
  callbackBody,
  sign,
  textEvent,
} from "./support/webhook-fixtures.js";

const ROOT = path.resolve(import.meta.dirname, "..");
// About 5 minutes on an idle 2-core machine; far longer when the machine is shared.
const INSTALL_TIMEOUT_MS = 45 * 60_000;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<Ran> {
  const [file = "", ...args] = command;
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  child.stdin.end(options.input ?? "");
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** A path inside the image, under the stage's WORKDIR, as a path in the stage's folder. */
function inStage(stage: Stage, folder: string, imagePath: string): string {
  const relative = path.posix.relative(stage.workdir, path.posix.resolve(stage.workdir, imagePath));
  if (relative.startsWith("..")) throw new Error(`${imagePath} is outside WORKDIR ${stage.workdir}`);
  return path.join(folder, relative);
}

/** COPY's sources resolve in the build context, or (--from) in that stage's folder. */
async function copy(instruction: Copy, from: (source: string) => string, to: string): Promise<void> {
  for (const source of instruction.sources) {
    const target = instruction.destination.endsWith("/") ? path.join(to, path.basename(source)) : to;
    await cp(from(source), target, { recursive: true });
  }
}

describe("the image's install, replayed from the Dockerfile", () => {
  const stages = parseDockerfile(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
  const runtime = stages.at(-1) as Stage;
  let root: string;
  let app: string;
  let dataDir: string;
  let standIn: LineStandIn;
  const runtimeEnv: Record<string, string> = {};
  const installEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // The npm cache on this machine: a fresh install without the network where it can.
    npm_config_prefer_offline: "true",
    // node-gyp compiles better-sqlite3 on every core.
    JOBS: "max",
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "image-install-"));
    dataDir = path.join(root, "data");
    await mkdir(dataDir);
    const folders = new Map<string, string>();
    for (const stage of stages) {
      const folder = path.join(root, stage.name);
      await mkdir(folder);
      folders.set(stage.name, folder);
      for (const { keyword, args } of stage.instructions) {
        if (keyword === "COPY") {
          const instruction = parseCopy(args);
          const source = stages.find((s) => s.name === instruction.from);
          const sourceFolder = source && folders.get(source.name);
          if (instruction.from !== null && !(source && sourceFolder))
            throw new Error(`COPY --from=${instruction.from}: no such stage`);
          const from = (file: string) =>
            source && sourceFolder ? inStage(source, sourceFolder, file) : path.join(ROOT, file);
          await copy(instruction, from, inStage(stage, folder, instruction.destination));
        } else if (keyword === "RUN" && stage !== runtime) {
          const ran = await run(["sh", "-c", args], { cwd: folder, env: installEnv });
          if (ran.code !== 0) throw new Error(`RUN ${args}\nexit ${ran.code}\n${ran.stdout}\n${ran.stderr}`);
        } else if (keyword === "RUN") {
          // The runtime stage's RUN lines prepare the system (the /data folder, owned by the user
          // named node); they install and run nothing.
          expect(args).not.toMatch(/\b(npm|npx)\b|\bnode\s+(-|\S+\.js)/);
        } else if (keyword === "ENV" && stage === runtime) {
          Object.assign(runtimeEnv, parseEnvInstruction(args));
        }
      }
    }
    app = folders.get(runtime.name) as string;
    // The image's paths, in the replayed folders; the loopback instead of the container's interface.
    Object.assign(runtimeEnv, {
      DATA_DIR: dataDir,
      INDEX_DATA_DIR: inStage(runtime, app, runtimeEnv.INDEX_DATA_DIR ?? "index-data"),
      HOST: "127.0.0.1",
      PORT: "0",
      USER_HASH_SECRET: "image-install-user-hash-secret",
    });
    standIn = await startLineStandIn();
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await standIn?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("installs as production and starts with the image's CMD: /healthz, and a signed question answered through LINE", async () => {
    expect(runtimeEnv.NODE_ENV).toBe("production");
    const cmd = runtime.instructions.find((i) => i.keyword === "CMD");
    expect(cmd).toBeDefined();
    const server = await startServer(
      {
        ...runtimeEnv,
        LINE_CHANNEL_SECRET: CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: CHANNEL_ACCESS_TOKEN,
        LINE_API_BASE_URL: standIn.baseURL,
      },
      { command: parseExecForm(cmd?.args ?? "[]"), cwd: app },
    );
    try {
      const health = await fetch(`${server.address}/healthz`);
      expect(health.status).toBe(200);
      const event = textEvent("防災訓練は実施された？");
      const body = callbackBody([event]);
      const response = await fetch(`${server.address}/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": sign(body) },
        body,
      });
      expect(response.status).toBe(200);
      await standIn.waitForRequests(1, 20_000);
      expect(standIn.replies[0]?.body.replyToken).toBe(event.replyToken);
      expect(JSON.stringify(standIn.replies[0]?.body.messages)).toContain("防災");
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  }, 60_000);

  it("runs the staff, report and reindex commands from the same install", async () => {
    const env = { ...runtimeEnv, PATH: process.env.PATH, HOME: process.env.HOME };
    const added = await run(["npm", "run", "--silent", "staff", "--", "add", "tanaka", "--role", "editor"], {
      cwd: app,
      env,
      input: "correct horse battery staple 2026\n",
    });
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const listed = await run(["npm", "run", "--silent", "staff", "--", "list"], { cwd: app, env });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("tanaka");

    const report = await run(["npm", "run", "--silent", "report", "--", "--format", "json"], {
      cwd: app,
      env,
    });
    expect(report.code).toBe(0);
    // The question the server answered in the test above.
    expect(JSON.parse(report.stdout).totals).toMatchObject({
      questions: 1,
      replies: { delivered: 1, failed: 0 },
    });

    const edition = path.join(app, "index-data", "shiroi-plan-progress-2018-07.txt");
    const reindex = await run(["npm", "run", "--silent", "reindex", "--", edition, "--force"], {
      cwd: app,
      env,
    });
    expect(reindex.code).toBe(0);
    const kept = await run(["npm", "run", "--silent", "reindex", "--", "--list"], { cwd: app, env });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("平成30年7月");
  }, 120_000);
});
