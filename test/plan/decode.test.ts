import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeDocument, detectLineEnding } from "../../src/plan/index.js";

const TEXT = "市民参加・協働のまちづくりプラン 進捗一覧\n(平成25～29年度)\n";
const utf8 = (text: string) => new TextEncoder().encode(text);

function decoded(bytes: Uint8Array) {
  const result = decodeDocument(bytes);
  if ("error" in result) throw new Error(result.error.message);
  return result;
}

describe("decodeDocument", () => {
  it("reads UTF-8 with and without BOM", () => {
    expect(decoded(utf8(TEXT))).toMatchObject({
      text: TEXT,
      source: { encoding: "utf-8", lineEnding: "lf", lines: 2 },
    });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(TEXT)]);
    expect(decoded(bom)).toMatchObject({ text: TEXT, source: { encoding: "utf-8-bom" } });
  });

  it("reads UTF-16 with a BOM, both byte orders", () => {
    const le = new Uint8Array([0xff, 0xfe, ...iconv.encode(TEXT, "utf16le")]);
    expect(decoded(le)).toMatchObject({ text: TEXT, source: { encoding: "utf-16le" } });
    const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(TEXT, "utf16be")]);
    expect(decoded(be)).toMatchObject({ text: TEXT, source: { encoding: "utf-16be" } });
  });

  it("falls back to CP932 when the bytes are not UTF-8, mapping 0x8160 to ～ (U+FF5E)", () => {
    const sjis = iconv.encode(TEXT.replaceAll("\n", "\r\n"), "cp932");
    expect([...sjis]).toContain(0x81);
    const result = decoded(sjis);
    expect(result.text).toBe(TEXT.replaceAll("\n", "\r\n"));
    expect(result.text).toContain("\uFF5E");
    expect(result.source).toMatchObject({ encoding: "cp932", lineEnding: "crlf", lines: 2 });
  });

  it("rejects bytes that are neither UTF-8 nor CP932", () => {
    const result = decodeDocument(new Uint8Array([0x41, 0xff, 0xfe, 0x85, 0x40]));
    expect(result).toMatchObject({ error: { severity: "error", code: "undecodable" } });
  });

  it("rejects binary data (NUL bytes) with the line where it starts", () => {
    const result = decodeDocument(utf8("一行目\n二行目\u0000\u0001"));
    expect(result).toMatchObject({ error: { code: "binary", line: 2 } });
  });

  it("rejects empty input", () => {
    expect(decodeDocument(new Uint8Array())).toMatchObject({ error: { code: "empty" } });
  });
});

describe("detectLineEnding", () => {
  it.each([
    ["a\nb\n", "lf"],
    ["a\r\nb\r\n", "crlf"],
    ["a\rb\r", "cr"],
    ["a\r\nb\nc", "mixed"],
    ["abc", "none"],
  ])("%j → %s", (text, ending) => {
    expect(detectLineEnding(text)).toBe(ending);
  });
});
