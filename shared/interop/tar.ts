import type { CollectionFile } from './collection-files';

/**
 * A POSIX ustar archive of text files, written and read without a library: how the app hands
 * over Trestle's collection files as one download (a browser cannot write a folder), and
 * takes them back. `tar -xf` unpacks it into the folder tree `trestle export files` writes.
 * Pure: bytes as a Uint8Array, UTF-8 by hand (`shared/` has no TextEncoder).
 */

function utf8(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      out.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return out;
}

function fromUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end;) {
    const b = bytes[i];
    let code: number;
    if (b < 0x80) {
      code = b;
      i += 1;
    } else if (b >> 5 === 6) {
      code = ((b & 31) << 6) | (bytes[i + 1] & 63);
      i += 2;
    } else if (b >> 4 === 14) {
      code = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
      i += 3;
    } else {
      code =
        ((b & 7) << 18) |
        ((bytes[i + 1] & 63) << 12) |
        ((bytes[i + 2] & 63) << 6) |
        (bytes[i + 3] & 63);
      i += 4;
    }
    out += Number.isInteger(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  }
  return out;
}

function field(block: Uint8Array, offset: number, length: number, value: number[]): void {
  for (let i = 0; i < Math.min(length, value.length); i++) block[offset + i] = value[i];
}

const octal = (n: number, width: number) => utf8(`${n.toString(8).padStart(width - 1, '0')}\0`);

/** One 512-byte ustar header; long paths go in the prefix field (155 + 100 bytes). */
function header(path: number[], size: number, type: '0' | '5', mtime: number): Uint8Array {
  const block = new Uint8Array(512);
  let name = path;
  let prefix: number[] = [];
  if (path.length > 100) {
    // Split at a slash so the name part fits in 100 bytes and the prefix in 155.
    let cut = -1;
    for (let i = path.length - 1; i >= 0; i--)
      if (path[i] === 0x2f && path.length - i - 1 <= 100 && i <= 155) {
        cut = i;
        break;
      }
    if (cut < 0)
      throw new Error(
        `A path is too long for a tar archive: ${fromUtf8(new Uint8Array(path), 0, path.length)}`,
      );
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  field(block, 0, 100, name);
  field(block, 100, 8, octal(type === '5' ? 0o755 : 0o644, 8));
  field(block, 108, 8, octal(0, 8));
  field(block, 116, 8, octal(0, 8));
  field(block, 124, 12, octal(size, 12));
  field(block, 136, 12, octal(mtime, 12));
  field(block, 148, 8, utf8('        '));
  block[156] = type.charCodeAt(0);
  field(block, 257, 6, utf8('ustar\0'));
  field(block, 263, 2, utf8('00'));
  field(block, 345, 155, prefix);
  let sum = 0;
  for (const b of block) sum += b;
  field(block, 148, 8, utf8(`${sum.toString(8).padStart(6, '0')}\0 `));
  return block;
}

/**
 * Files (and the folders they sit in) under `root/` as a tar archive. `mtime` is fixed by
 * default (the archive of the same collection is the same bytes).
 */
export function writeTar(root: string, files: readonly CollectionFile[], mtime = 0): Uint8Array {
  const blocks: Uint8Array[] = [];
  const folders = new Set<string>();
  const base = root ? `${root.replace(/\/+$/, '')}/` : '';
  if (base) folders.add(base);
  for (const file of files) {
    const parts = `${base}${file.path}`.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(`${parts.slice(0, i).join('/')}/`);
  }
  for (const folder of [...folders].sort()) blocks.push(header(utf8(folder), 0, '5', mtime));
  for (const file of files) {
    const data = utf8(file.text);
    blocks.push(header(utf8(`${base}${file.path}`), data.length, '0', mtime));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    blocks.push(padded);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function text(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return fromUtf8(bytes, start, end);
}

/** The regular files of a tar archive (ustar or plain), as text; null when it is not one. */
export function readTar(bytes: Uint8Array, limit = 20 * 1024 * 1024): CollectionFile[] | null {
  const files: CollectionFile[] = [];
  let total = 0;
  // GNU tar's long names (a `L` entry holding the next entry's name) and pax `path=` records.
  let longName: string | null = null;
  for (let at = 0; at + 512 <= bytes.length;) {
    const block = bytes.subarray(at, at + 512);
    if (block.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
    const stored = parseInt(text(bytes, at + 148, 8).trim(), 8);
    if (!Number.isFinite(stored) || stored !== sum) return null;
    const size = parseInt(text(bytes, at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(block[156] || 48);
    const prefix = text(bytes, at + 345, 155);
    const name = text(bytes, at + 0, 100);
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    const start = at + 512;
    if (start + size > bytes.length) return null;
    if (type === 'L') {
      longName = text(bytes, start, size);
      at = start + Math.ceil(size / 512) * 512;
      continue;
    }
    if (type === 'x') {
      const record = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(fromUtf8(bytes, start, start + size));
      longName = record ? record[1] : null;
      at = start + Math.ceil(size / 512) * 512;
      continue;
    }
    longName = null;
    if (type === '0' || type === '\0') {
      total += size;
      if (total > limit) return null;
      files.push({ path, text: fromUtf8(bytes, start, start + size) });
    }
    at = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** UTF-8 bytes as text (a leading byte-order mark kept for the reader to drop). */
export function utf8Decode(bytes: Uint8Array): string {
  return fromUtf8(bytes, 0, bytes.length);
}
