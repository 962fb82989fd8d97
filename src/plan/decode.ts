import iconv from "iconv-lite";
import type { ParseIssue, SourceInfo } from "./model.js";

export type DecodeResult = { text: string; source: SourceInfo } | { error: ParseIssue };

type Encoding = SourceInfo["encoding"];

/** Index of the first control character a text edition never holds (tab, LF, VT, FF, CR allowed); -1 if none. */
function firstBinaryControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f) return i;
  }
  return -1;
}

function issue(code: string, message: string): { error: ParseIssue } {
  return { error: { line: 0, severity: "error", code, message } };
}

function sniff(bytes: Uint8Array): { encoding: Encoding; text: string } | null {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return decodeUtf8(bytes.subarray(3), "utf-8-bom");
  }
  if (b0 === 0xff && b1 === 0xfe)
    return { encoding: "utf-16le", text: iconv.decode(bytes.subarray(2), "utf16le") };
  if (b0 === 0xfe && b1 === 0xff)
    return { encoding: "utf-16be", text: iconv.decode(bytes.subarray(2), "utf16be") };
  const utf8 = decodeUtf8(bytes, "utf-8");
  if (utf8) return utf8;
  const cp932 = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "cp932");
  return cp932.includes("\uFFFD") ? null : { encoding: "cp932", text: cp932 };
}

function decodeUtf8(bytes: Uint8Array, encoding: Encoding): { encoding: Encoding; text: string } | null {
  try {
    return { encoding, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return null;
  }
}

export function detectLineEnding(text: string): SourceInfo["lineEnding"] {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf > 0, cr > 0, lf > 0].filter(Boolean).length;
  if (kinds === 0) return "none";
  if (kinds > 1) return "mixed";
  return crlf > 0 ? "crlf" : cr > 0 ? "cr" : "lf";
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Lines as an editor numbers them: a final line break does not open another line. */
function countLines(text: string): number {
  if (text === "") return 0;
  const lines = splitLines(text);
  return lines[lines.length - 1] === "" ? lines.length - 1 : lines.length;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function hasMagic(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/**
 * UTF-16 saved without a byte order mark. UTF-8 and Shift_JIS text never holds a NUL byte; UTF-16
 * holds one in every ASCII character (tabs, line breaks, digits), on the same side of the pair.
 */
function utf16WithoutBom(bytes: Uint8Array): "utf16le" | "utf16be" | null {
  if (bytes.length % 2 !== 0) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  // A kanji whose low byte is 00 (U+3000, U+4E00) puts a few on the other side.
  if (oddNul >= 2 && oddNul > 8 * evenNul) return "utf16le";
  if (evenNul >= 2 && evenNul > 8 * oddNul) return "utf16be";
  return null;
}

/**
 * Bytes → text by encoding only (UTF-8, UTF-16, CP932), without judging the content: for text that is
 * not an edition, such as a list of questions. Null when no encoding fits.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), utf16);
  const decoded = sniff(bytes);
  return decoded ? decoded.text.replace(/^\uFEFF/, "") : null;
}

/** Bytes → text. UTF-8 (BOM or not), UTF-16 with BOM, else CP932 (Shift_JIS) when strict UTF-8 fails. */
export function decodeDocument(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return issue("empty", "空のファイルです (empty input)");
  if (hasMagic(bytes, ZIP) || hasMagic(bytes, OLE)) {
    const legacy = hasMagic(bytes, OLE);
    return issue(
      "excel-file",
      `Excel ファイルです${legacy ? "（.xls 形式）" : ""}。テキスト（タブ区切り）として保存するか${legacy ? " .xlsx として保存して指定して" : " .xlsx のまま指定して"}ください ` +
        `(this is an Excel ${legacy ? ".xls" : ".xlsx"} file: save it as tab-separated text, or give the .xlsx file itself)`,
    );
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), utf16);
    return describeText(text, utf16 === "utf16le" ? "utf-16le" : "utf-16be");
  }
  const decoded = sniff(bytes);
  if (!decoded) {
    return issue("undecodable", "文字コードを判別できません: UTF-8 でも Shift_JIS (CP932) でもありません");
  }
  return describeText(decoded.text, decoded.encoding);
}

/** Checks decoded text for binary content and describes it. */
export function describeText(text: string, encoding: Encoding): DecodeResult {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const control = firstBinaryControl(body);
  if (control >= 0) {
    const line = splitLines(body.slice(0, control)).length;
    const code = body.charCodeAt(control).toString(16).padStart(4, "0");
    return {
      error: {
        line,
        severity: "error",
        code: "binary",
        message: `テキストではありません: 制御文字 U+${code} を含みます (binary data)`,
      },
    };
  }
  return {
    text: body,
    source: { encoding, lineEnding: detectLineEnding(body), lines: countLines(body) },
  };
}
