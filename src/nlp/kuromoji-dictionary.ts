// kuromoji's IPADIC dictionary loaded at its real size. kuromoji's own loader keeps about twice the
// dictionary: each file gunzipped into a buffer and copied again into a typed array, 40 MB of empty
// buffers from its constructors, files padded with zeros to 10 or 40 MB, and the surface → entries
// map as a JavaScript object of 326,000 arrays (about 60 MB of heap). Here each file is gunzipped
// once into a buffer of exactly its uncompressed size (off the event loop), padding is cut where
// reading it is provably the same as reading nothing, and the map is two typed arrays. The
// structures built are kuromoji's own (DynamicDictionaries, Tokenizer): kuromoji stays the tokenizer.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const require = createRequire(import.meta.url);
const gunzipAsync = promisify(gunzip);

/** kuromoji's internals this loader builds (kuromoji 0.1.x, src/). */
interface ByteBufferLike {
  buffer: Uint8Array;
  position: number;
}
type ByteBufferClass = new (buffer: Uint8Array) => ByteBufferLike;
interface TokenInfoDictionaryLike {
  dictionary: ByteBufferLike;
  pos_buffer: ByteBufferLike;
  target_map: Record<number, ArrayLike<number>>;
  loadTargetMap(buffer: Uint8Array): unknown;
}
interface UnknownDictionaryLike extends TokenInfoDictionaryLike {
  character_definition: unknown;
}
interface KuromojiInternals {
  ByteBuffer: ByteBufferClass;
  TokenInfoDictionary: { prototype: TokenInfoDictionaryLike };
  UnknownDictionary: { prototype: UnknownDictionaryLike };
  ConnectionCosts: { prototype: object };
  CharacterDefinition: { load(categories: Uint8Array, compatible: Uint32Array, invoke: Uint8Array): unknown };
  DynamicDictionaries: new (
    trie: unknown,
    tokenInfo: TokenInfoDictionaryLike,
    costs: object,
    unknown: UnknownDictionaryLike,
  ) => object;
  Tokenizer: new (dictionaries: object) => KuromojiTokenizer;
  doublearray: { load(base: Int32Array, check: Int32Array): unknown };
}

/** kuromoji's Tokenizer, as built here: tokenize() as `kuromoji.builder().build()` gives it. */
export interface KuromojiTokenizer {
  tokenize(text: string): import("kuromoji").IpadicFeatures[];
}

function internals(): KuromojiInternals {
  const kuromojiDir = path.dirname(require.resolve("kuromoji/package.json"));
  const from = (file: string) => require(path.join(kuromojiDir, "src", file));
  return {
    ByteBuffer: from("util/ByteBuffer.js"),
    TokenInfoDictionary: from("dict/TokenInfoDictionary.js"),
    UnknownDictionary: from("dict/UnknownDictionary.js"),
    ConnectionCosts: from("dict/ConnectionCosts.js"),
    CharacterDefinition: from("dict/CharacterDefinition.js"),
    DynamicDictionaries: from("dict/DynamicDictionaries.js"),
    Tokenizer: from("Tokenizer.js"),
    doublearray: require(require.resolve("doublearray", { paths: [kuromojiDir] })),
  };
}

/** A .dat.gz file, gunzipped in the thread pool into one buffer of its exact uncompressed size. */
export async function readGzipped(file: string): Promise<Buffer> {
  const compressed = await readFile(file);
  if (compressed.length < 18) throw new Error(`${file} is not a gzip file`);
  // ISIZE, the last four bytes: the uncompressed size modulo 2^32 (the files are a few MB).
  const size = compressed.readUInt32LE(compressed.length - 4);
  // One output chunk larger than the data: zlib hands that chunk back as it is, with no concatenation.
  const data = await gunzipAsync(compressed, { chunkSize: Math.max(size + 1, 1024) });
  if (data.length !== size) throw new Error(`${file} did not decompress to its recorded size`);
  return data;
}

/**
 * The bytes up to the last non-zero one and four zeros more. kuromoji reads these buffers as bytes,
 * shorts and ints (at most four bytes) and strings ending at a zero, and reads zero past the end of
 * a buffer: every read gives what it gave on the padded buffer.
 */
export function withoutZeroPadding(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return realSize(bytes, Math.min(bytes.length, end + 4));
}

/** A copy of exactly `length` elements when that is shorter, so the padded buffer can go. */
function realSize<T extends Uint8Array | Int32Array>(array: T, length: number): T {
  if (length >= array.length) return array;
  const copy = (array instanceof Int32Array ? new Int32Array(length) : new Uint8Array(length)) as T;
  copy.set(array.subarray(0, length));
  return copy;
}

function int32View(bytes: Uint8Array): Int32Array {
  if (bytes.byteOffset % 4 !== 0 || bytes.length % 4 !== 0) throw new Error("not an array of 32-bit ints");
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

/**
 * The double-array trie's BASE and CHECK without their unused tail: doublearray answers an index past
 * the end with the value its builder writes into every unused cell (BASE −i+1, CHECK −i−1), so cells
 * holding exactly that are cut without changing a lookup.
 */
export function trimmedTrie(base: Int32Array, check: Int32Array): { base: Int32Array; check: Int32Array } {
  let baseEnd = base.length;
  while (baseEnd > 0 && base[baseEnd - 1] === -(baseEnd - 1) + 1) baseEnd--;
  let checkEnd = check.length;
  while (checkEnd > 0 && check[checkEnd - 1] === -(checkEnd - 1) - 1) checkEnd--;
  return { base: realSize(base, baseEnd), check: realSize(check, checkEnd) };
}

/**
 * tid_map.dat (a count, then per surface: its trie id, n, and n entry offsets, 32-bit little-endian)
 * as offsets and values in two typed arrays. Reading it through the map gives what kuromoji's object
 * gives: for an id, its entries in file order, or undefined.
 */
export function compactTargetMap(bytes: Uint8Array): Record<number, ArrayLike<number>> {
  const ints = int32View(
    bytes.length % 4 === 0 ? bytes : bytes.subarray(0, bytes.length - (bytes.length % 4)),
  );
  // Pass 1: the largest id and how many entries each id has; (0, 0) records are the file's padding.
  let maxKey = -1;
  for (let i = 1; i + 1 < ints.length; ) {
    const key = ints[i] as number;
    const count = ints[i + 1] as number;
    if (count > 0 && key > maxKey) maxKey = key;
    i += 2 + Math.max(0, count);
  }
  const offsets = new Int32Array(maxKey + 2);
  let total = 0;
  for (let i = 1; i + 1 < ints.length; ) {
    const key = ints[i] as number;
    const count = Math.max(0, ints[i + 1] as number);
    if (count > 0) offsets[key + 1] = (offsets[key + 1] as number) + count;
    total += count;
    i += 2 + count;
  }
  for (let k = 1; k < offsets.length; k++) offsets[k] = (offsets[k] as number) + (offsets[k - 1] as number);
  const values = new Int32Array(total);
  const filled = new Int32Array(maxKey + 1);
  for (let i = 1; i + 1 < ints.length; ) {
    const key = ints[i] as number;
    const count = Math.max(0, ints[i + 1] as number);
    for (let j = 0; j < count; j++) {
      values[(offsets[key] as number) + (filled[key] as number)] = ints[i + 2 + j] as number;
      filled[key] = (filled[key] as number) + 1;
    }
    i += 2 + count;
  }
  const entriesOf = (property: string | symbol): Int32Array | undefined => {
    if (typeof property !== "string") return undefined;
    const key = Number(property);
    if (!Number.isInteger(key) || key < 0 || key > maxKey) return undefined;
    const from = offsets[key] as number;
    const to = offsets[key + 1] as number;
    return to > from ? values.subarray(from, to) : undefined;
  };
  return new Proxy({} as Record<number, ArrayLike<number>>, {
    get: (_target, property) => entriesOf(property),
    has: (_target, property) => entriesOf(property) !== undefined,
  });
}

/** Builds kuromoji's Tokenizer from the dictionary in `dicPath`, each file read once. */
export async function loadKuromojiTokenizer(dicPath: string): Promise<KuromojiTokenizer> {
  const k = internals();
  const read = (name: string) => readGzipped(path.join(dicPath, name));
  // One file at a time: at most one padded buffer is alive beside the arrays kept.
  const trie = trimmedTrie(int32View(await read("base.dat.gz")), int32View(await read("check.dat.gz")));
  const tokenInfo = Object.create(k.TokenInfoDictionary.prototype) as TokenInfoDictionaryLike;
  tokenInfo.dictionary = new k.ByteBuffer(withoutZeroPadding(await read("tid.dat.gz")));
  tokenInfo.pos_buffer = new k.ByteBuffer(withoutZeroPadding(await read("tid_pos.dat.gz")));
  tokenInfo.target_map = compactTargetMap(await read("tid_map.dat.gz"));
  const costs = Object.create(k.ConnectionCosts.prototype) as {
    loadConnectionCosts(buffer: Int16Array): void;
  };
  const cc = await read("cc.dat.gz");
  costs.loadConnectionCosts(new Int16Array(cc.buffer, cc.byteOffset, Math.floor(cc.length / 2)));
  const unknown = Object.create(k.UnknownDictionary.prototype) as UnknownDictionaryLike;
  unknown.dictionary = new k.ByteBuffer(withoutZeroPadding(await read("unk.dat.gz")));
  unknown.pos_buffer = new k.ByteBuffer(withoutZeroPadding(await read("unk_pos.dat.gz")));
  unknown.target_map = {};
  unknown.loadTargetMap(withoutZeroPadding(await read("unk_map.dat.gz")));
  const compatible = await read("unk_compat.dat.gz");
  unknown.character_definition = k.CharacterDefinition.load(
    await read("unk_char.dat.gz"),
    new Uint32Array(compatible.buffer, compatible.byteOffset, compatible.length / 4),
    withoutZeroPadding(await read("unk_invoke.dat.gz")),
  );
  const dictionaries = new k.DynamicDictionaries(
    k.doublearray.load(trie.base, trie.check),
    tokenInfo,
    costs,
    unknown,
  );
  return new k.Tokenizer(dictionaries);
}
