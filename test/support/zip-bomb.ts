// Zip files written byte by byte, so a test can make the directory claim sizes its entries do not have.
import { deflateRawSync, constants as zlib } from "node:zlib";

export interface ZipEntry {
  name: string;
  /** Raw deflate data. */
  deflated: Buffer;
  /** The size the local header and the directory claim once expanded. */
  claimedSize: number;
}

/** A zip of the entries as given: sizes and CRCs as claimed, not as they are. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // CRC: never checked before the damage is done
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.claimedSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, entry.deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(entry.claimedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += local.length + name.length + entry.deflated.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/** An entry honest about its size. */
export function honestEntry(name: string, text: string): ZipEntry {
  const bytes = Buffer.from(text, "utf8");
  return { name, deflated: deflateRawSync(bytes), claimedSize: bytes.length };
}

/**
 * Raw deflate data that expands to `mebibytes` MiB of spaces: one self-contained 1 MiB block
 * (a full flush resets the history), repeated, then an empty final block. Built in milliseconds.
 */
export function deflatedSpaces(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), {
    level: 9,
    finishFlush: zlib.Z_FULL_FLUSH,
  });
  const last = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: mebibytes }, () => block), last]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="進捗一覧" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/**
 * An .xlsx of about 1 MB whose worksheet entry claims `claimedSize` bytes in the zip directory but
 * really expands to `mebibytes` MiB (1 GiB by default).
 */
export function spreadsheetBomb(mebibytes = 1024, claimedSize = 1000): Buffer {
  return writeZip([
    honestEntry("[Content_Types].xml", CONTENT_TYPES),
    honestEntry("_rels/.rels", ROOT_RELS),
    honestEntry("xl/workbook.xml", WORKBOOK),
    honestEntry("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    { name: "xl/worksheets/sheet1.xml", deflated: deflatedSpaces(mebibytes), claimedSize },
  ]);
}
