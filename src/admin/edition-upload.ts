// An edition file as the browser sends it: one multipart file part, of a type staff publish, with a
// plain name. Sizes are bounded by the multipart limits before this sees the bytes.
import { randomBytes } from "node:crypto";
import path from "node:path";

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export const EDITION_EXTENSIONS = [".txt", ".csv", ".tsv", ".xlsx"] as const;
const MAX_NAME_LENGTH = 200;

export type UploadRead = { ok: true; file: UploadedFile } | { ok: false; status: 400 | 415; message: string };

interface FilePart {
  type: "file";
  filename: string;
  toBuffer(): Promise<Buffer>;
}

function isFilePart(value: unknown): value is FilePart {
  const part = value as Partial<FilePart> | null;
  return part?.type === "file" && typeof part.filename === "string" && typeof part.toBuffer === "function";
}

/** The last path component, without control characters, bounded. */
export function plainFileName(name: string): string {
  const base = path.win32.basename(path.posix.basename(name));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return base.replace(/[\u0000-\u001f\u007f]/g, "").slice(-MAX_NAME_LENGTH);
}

export async function readEditionUpload(body: unknown, field = "edition"): Promise<UploadRead> {
  const part = (body as Record<string, unknown> | null)?.[field];
  if (!isFilePart(part) || part.filename === "") {
    return { ok: false, status: 400, message: "ファイルを選んでください。" };
  }
  const name = plainFileName(part.filename);
  const extension = path.extname(name).toLowerCase();
  if (!(EDITION_EXTENSIONS as readonly string[]).includes(extension)) {
    return {
      ok: false,
      status: 415,
      message: `取り込めるのは ${EDITION_EXTENSIONS.join("、")} のファイルです（${name}）。`,
    };
  }
  const bytes = await part.toBuffer();
  if (bytes.length === 0) return { ok: false, status: 400, message: `${name} は空のファイルです。` };
  return { ok: true, file: { name, bytes } };
}

/** The live edition an upload was checked against: its sha256, and its kept id (null: bundled). */
export interface LiveSeen {
  sha256: string | null;
  id: string | null;
}

export function liveSeenOf(live: { info: { sha256: string }; id?: string } | null): LiveSeen {
  return { sha256: live?.info.sha256 ?? null, id: live?.id ?? null };
}

export interface PendingUpload {
  file: UploadedFile;
  seen: LiveSeen;
}

export interface PendingUploads {
  /** Keeps the file for its owner until publish; returns the token that names it. */
  put(owner: string, file: UploadedFile, seen: LiveSeen): string;
  get(owner: string, token: string): PendingUpload | null;
  delete(token: string): void;
}

/** Uploads between the check and the publish: bounded in number and time, each for its owner only. */
export function createPendingUploads(
  options: { max?: number; ttlMs?: number; now?: () => number } = {},
): PendingUploads {
  const max = options.max ?? 20;
  const ttlMs = options.ttlMs ?? 30 * 60_000;
  const now = options.now ?? Date.now;
  const uploads = new Map<string, { owner: string; upload: PendingUpload; at: number }>();

  const prune = () => {
    for (const [token, upload] of uploads) if (now() - upload.at > ttlMs) uploads.delete(token);
    while (uploads.size > max) {
      const oldest = uploads.keys().next().value;
      if (oldest === undefined) break;
      uploads.delete(oldest);
    }
  };

  return {
    put(owner, file, seen) {
      const token = randomBytes(16).toString("hex");
      uploads.set(token, { owner, upload: { file, seen }, at: now() });
      prune();
      return token;
    },
    get(owner, token) {
      prune();
      const kept = uploads.get(token);
      return kept && kept.owner === owner ? kept.upload : null;
    },
    delete(token) {
      uploads.delete(token);
    },
  };
}
