// The bytes a zip really expands to, counted as they are inflated, never as its directory claims.
// yauzl checks each entry's real size against the claimed one and stops at the first byte beyond
// it; the total is stopped at `maxBytes`. Nothing is kept: each chunk is counted and dropped.
import yauzl from "yauzl";

export type InflateCheck =
  | { ok: true; bytes: number }
  | { ok: false; reason: "too-large" | "corrupt"; detail: string };

export function checkInflatedSize(zip: Uint8Array, maxBytes: number): Promise<InflateCheck> {
  const buffer = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  return new Promise((resolve) => {
    let total = 0;
    let settled = false;
    const finish = (result: InflateCheck, file?: yauzl.ZipFile) => {
      if (settled) return;
      settled = true;
      file?.close();
      resolve(result);
    };
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, file) => {
      if (error || !file) return finish({ ok: false, reason: "corrupt", detail: String(error?.message) });
      file.on("error", (cause: Error) =>
        finish({ ok: false, reason: "corrupt", detail: cause.message }, file),
      );
      file.on("end", () => finish({ ok: true, bytes: total }, file));
      file.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return file.readEntry();
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) {
            return finish({ ok: false, reason: "corrupt", detail: String(streamError?.message) }, file);
          }
          stream.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > maxBytes) {
              stream.destroy();
              finish({ ok: false, reason: "too-large", detail: `more than ${maxBytes} bytes` }, file);
            }
          });
          stream.on("error", (cause: Error) =>
            finish(
              {
                ok: false,
                // yauzl: "too many bytes in the stream" / "expected N bytes": the directory lied.
                reason: /bytes/.test(cause.message) ? "too-large" : "corrupt",
                detail: cause.message,
              },
              file,
            ),
          );
          stream.on("end", () => {
            if (!settled) file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}
