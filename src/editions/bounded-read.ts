// Edition files are read with a bound: /dev/zero, a FIFO or a mistaken 4 GB export must not fill memory.
import { open } from "node:fs/promises";

export class EditionFileTooLargeError extends Error {
  override readonly name = "EditionFileTooLargeError";
  readonly code = "EDITION_FILE_TOO_LARGE";

  constructor(
    readonly file: string,
    readonly maxBytes: number,
  ) {
    super(
      `${file} は ${formatBytes(maxBytes)} を超えています。進捗一覧のファイルか確認してください ` +
        `(larger than ${formatBytes(maxBytes)}; is it the progress list? EDITION_MAX_BYTES sets the limit)`,
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${bytes} bytes`;
}

const CHUNK = 1024 * 1024;

/**
 * The whole file, or EditionFileTooLargeError as soon as more than `maxBytes` were read. Reads in
 * chunks and never trusts the size the file system reports (a device or pipe reports 0).
 */
export async function readFileBounded(file: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new EditionFileTooLargeError(file, maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
