// In a process of its own: the point is that the process survives what would end it.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const SCRIPT = `
import { createLogger } from "./src/logger.ts";
import { installLastDefence } from "./src/last-defence.ts";
installLastDefence(createLogger({ level: "info", pretty: false }));
const cause = new Error("socket hang up");
Promise.reject(Object.assign(new Error("JSON.parse in a callback", { cause }), { code: "BAD_BODY" }));
setTimeout(() => { console.log(JSON.stringify({ msg: "still serving" })); }, 100);
`;

describe("the last line of defence", () => {
  it("logs an unhandled rejection with its context and keeps the process running", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "unhandled rejection; still serving")).toMatchObject({
      level: "error",
      code: "BAD_BODY",
      cause: "Error: socket hang up",
      unhandledRejections: 1,
    });
    expect(lines.at(-1)?.msg).toBe("still serving");
  });
});
