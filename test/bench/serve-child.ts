// A server under test in a child process (test/bench/webhook.ts --serve KIND): it prints its address first.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface ServerChild {
  child: ChildProcessWithoutNullStreams;
  address: string;
  stop(): Promise<void>;
}

/**
 * `memoryCgroup`: a cgroup (v1 memory or v2) directory the child joins before Node starts, so its
 * limit (memory.limit_in_bytes / memory.max) holds the server from its first allocation.
 */
export async function startServerChild(
  kind: string,
  standInURL: string,
  nodeArgs: string[] = [],
  memoryCgroup?: string,
): Promise<ServerChild> {
  const command = [
    process.execPath,
    ...nodeArgs,
    "--import",
    "tsx",
    new URL("./webhook.ts", import.meta.url).pathname,
    "--serve",
    kind,
    standInURL,
  ];
  const [file, ...args] = memoryCgroup
    ? ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', memoryCgroup, ...command]
    : command;
  const child = spawn(file as string, args, {
    stdio: ["ignore", "pipe", "inherit"],
  }) as unknown as ChildProcessWithoutNullStreams;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    child.kill("SIGTERM");
    await exited;
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let buffered = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const line = buffered.split("\n")[0];
        if (buffered.includes("\n") && line) resolve((JSON.parse(line) as { address: string }).address);
      });
      exited.then(() => reject(new Error(`${kind} server exited`)));
    });
    return { child, address, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
