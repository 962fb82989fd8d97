// A loopback TCP proxy in front of a real server (Redis, PostgreSQL) that can cut it off on demand:
// `cut()` drops every connection and refuses new ones (an outage), `hang()` keeps connections open but
// forwards nothing (a server that stopped answering), `restore()` ends either.

import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";

export type ProxyMode = "open" | "cut" | "hang";

export interface TcpProxy {
  /** Host and port to connect to instead of the server's. */
  host: string;
  port: number;
  readonly mode: ProxyMode;
  cut(): void;
  hang(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "open";
  const pairs = new Set<[Socket, Socket]>();

  const server: Server = createServer((client) => {
    if (mode === "cut") {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk) => {
      if (mode === "open") upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (mode === "open") client.write(chunk);
    });
    client.on("close", forget);
    upstream.on("close", forget);
    client.on("error", forget);
    upstream.on("error", forget);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const dropAll = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    host: "127.0.0.1",
    port,
    get mode() {
      return mode;
    },
    cut() {
      mode = "cut";
      dropAll();
    },
    hang() {
      mode = "hang";
    },
    restore() {
      // Connections that hung may hold half-forwarded commands: start afresh.
      if (mode === "hang") dropAll();
      mode = "open";
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
