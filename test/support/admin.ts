// The app with the staff console, on the seed edition, with its own DATA_DIR and index-data copy.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { AdminOptions } from "../../src/admin/index.js";
import { createAnswerer } from "../../src/answer/index.js";
import { type AppDeps, buildApp } from "../../src/app.js";
import { type Database, openDatabase } from "../../src/db/index.js";
import {
  createEditionService,
  type EditionService,
  type LiveEditionHandle,
  loadBundledEdition,
  openLiveEdition,
} from "../../src/editions/index.js";
import { createMemoryDeduper, decodeFollowUp, renderAnswer } from "../../src/line/index.js";
import { createLogger } from "../../src/logger.js";
import { getTokenizer } from "../../src/nlp/index.js";
import {
  type AuditLog,
  type ConversationStore,
  createAuditLog,
  createDatabaseStore,
  createSignInFailures,
  createStaffAccounts,
  createStaffSessions,
  type SignInFailureStore,
  type StaffAccounts,
  type StaffSessionStore,
} from "../../src/record/index.js";

export const INDEX_DATA = path.resolve(import.meta.dirname, "../../index-data");
export const SESSION_SECRET = "a test secret that is at least 32 bytes long";
export const EDITOR = { name: "editor1", password: "editor-password-1" };
export const VIEWER = { name: "viewer1", password: "viewer-password-1" };

export interface ConsoleFixture {
  app: FastifyInstance;
  dataDir: string;
  indexDataDir: string;
  live: LiveEditionHandle;
  /** The service the console publishes with (what `reindex` uses too). */
  editions: EditionService;
  accounts: StaffAccounts;
  audit: AuditLog;
  /** The record database the accounts, sessions, lockouts and audit log live in. */
  db: Database;
  sessions: StaffSessionStore;
  signInFailures: SignInFailureStore;
  /** The conversation record, written in the caller (tests seed it). */
  record: ConversationStore;
  close(): Promise<void>;
}

/** A fresh DATA_DIR and index-data copy, with an editor and a viewer account. */
export async function startConsole(
  overrides: Partial<AdminOptions> = {},
  config: Partial<AppDeps["config"]> = {},
): Promise<ConsoleFixture> {
  const root = await mkdtemp(path.join(tmpdir(), "admin-"));
  const dataDir = path.join(root, "data");
  const indexDataDir = path.join(root, "index-data");
  await cp(INDEX_DATA, indexDataDir, { recursive: true });
  const logger = createLogger({ level: "silent" });
  const tokenizer = await getTokenizer();
  const live = await openLiveEdition({
    dataDir,
    indexDataDir,
    bundled: () => loadBundledEdition(indexDataDir),
    search: { backend: "embedded" },
    logger,
    watch: false,
    tokenizer,
  });
  const db = await openDatabase({ dataDir }, { writeIn: "caller" });
  const accounts = createStaffAccounts(db);
  const audit = createAuditLog(db);
  const sessions = createStaffSessions(db);
  const signInFailures = createSignInFailures(db);
  const record = createDatabaseStore(db);
  await accounts.add(EDITOR.name, "editor", EDITOR.password);
  await accounts.add(VIEWER.name, "viewer", VIEWER.password);
  const answerer = createAnswerer({ live, tokenizer, cacheSize: 0 });
  const editions = createEditionService({ dataDir, indexDataDir, publisher: null, tokenizer });
  const app = buildApp({
    config: { line: null, webhookBodyLimit: 1_048_576, ...config },
    logger,
    answerer,
    render: renderAnswer,
    decodeFollowUp,
    live,
    replyClient: null,
    dedupe: createMemoryDeduper(),
    admin: {
      settings: { sessionSecret: SESSION_SECRET, cookieSecure: false, uploadLimit: 256 * 1024 },
      accounts,
      audit,
      sessions,
      signInFailures,
      live,
      answerer,
      render: renderAnswer,
      editions,
      dataDir,
      indexDataDir,
      record,
      ...overrides,
    },
  });
  await app.ready();
  return {
    app,
    dataDir,
    indexDataDir,
    live,
    editions,
    accounts,
    audit,
    db,
    sessions,
    signInFailures,
    record,
    async close() {
      await app.close();
      await live.close();
      await db.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A browser's cookie jar, for one cookie. */
export class Session {
  cookie = "";

  constructor(private readonly app: FastifyInstance) {}

  keep(response: LightMyRequestResponse): LightMyRequestResponse {
    // The raw header: the value stays encoded as the server wrote it.
    const headers = response.headers["set-cookie"];
    for (const header of Array.isArray(headers) ? headers : headers ? [headers] : []) {
      const pair = header.split(";")[0] ?? "";
      if (pair.startsWith("shiroi_admin=")) this.cookie = pair === "shiroi_admin=" ? "" : pair;
    }
    return response;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({ method: "GET", url, headers: { ...headers, cookie: this.cookie } }),
    );
  }

  async post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.keep(
      await this.app.inject({
        method: "POST",
        url,
        headers: { ...headers, cookie: this.cookie, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  }

  /** A multipart form with one file, as a browser sends an upload. */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { field?: string; name: string; bytes: Uint8Array | string; type?: string },
  ): Promise<LightMyRequestResponse> {
    const boundary = `----console-test-${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? "edition"}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? "application/octet-stream"}\r\n\r\n`,
      ),
      Buffer.from(file.bytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return this.keep(
      await this.app.inject({
        method: "POST",
        url,
        headers: { cookie: this.cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }

  /** The CSRF token of the form on `url`. */
  async token(url: string): Promise<string> {
    const page = await this.get(url);
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
    if (!match?.[1]) throw new Error(`no CSRF token on ${url} (${page.statusCode})`);
    return match[1];
  }

  async signIn(name: string, password: string): Promise<LightMyRequestResponse> {
    const _csrf = await this.token("/admin/login");
    return this.post("/admin/login", { _csrf, username: name, password });
  }
}
