import { inflateRawSync } from 'node:zlib';

/**
 * Reads entries of a zip (a .twbx, .tdsx, .tfl/.tflx) by random access: the end record and
 * the central directory from the tail, then only the entries asked for. The archive is never
 * loaded whole, so the .twb of a 1 GB .twbx costs a few reads. Stored (0) and deflated (8)
 * entries; ZIP64 archives (over 4 GB) are not read.
 */
export interface ZipSource {
  size: number;
  readSync(offset: number, length: number): Buffer;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record is 22 bytes plus a comment of up to 65,535. */
const TAIL = 22 + 0xffff;

/** True when the bytes start like a zip (a local file header). */
export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === LOCAL;
}

export function zipEntries(source: ZipSource): ZipEntry[] {
  const tailStart = Math.max(0, source.size - TAIL);
  const tail = source.readSync(tailStart, source.size - tailStart);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('it is not a zip archive (no end of central directory)');
  const count = tail.readUInt16LE(at + 10);
  const dirSize = tail.readUInt32LE(at + 12);
  const dirOffset = tail.readUInt32LE(at + 16);
  if (dirOffset === 0xffffffff || count === 0xffff)
    throw new ZipError('ZIP64 archives (over 4 GB) are not read by the sandbox');
  if (dirOffset + dirSize > source.size) throw new ZipError('the central directory is cut off');
  const dir = source.readSync(dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL)
      throw new ZipError('the central directory is damaged');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    entries.push({
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      localOffset: dir.readUInt32LE(p + 42),
      name: dir.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's bytes; at most `maxBytes` inflated (a zip bomb stops there). */
export function readZipEntry(source: ZipSource, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.size > maxBytes) throw new ZipError(`${entry.name} is larger than the sandbox reads`);
  const header = source.readSync(entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL)
    throw new ZipError(`the entry ${entry.name} is damaged`);
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = source.readSync(start, entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipError(`${entry.name} is cut off`);
  if (entry.method === 0) return data;
  if (entry.method !== 8)
    throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    throw new ZipError(`${entry.name} does not inflate (${(error as Error).message})`);
  }
}
