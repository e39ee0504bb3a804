import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/** The real files to publish (`../shared/reference/samples/`), never copied into the repo. */
export const SAMPLES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'reference',
  'samples',
);

export function sampleFile(name: string): string {
  return path.join(SAMPLES, name);
}

/** The SHA-256 of a file, read as a stream. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `trestle-${name}-`));
}

/**
 * A packaged workbook of about `megabytes` MB, written to disk a megabyte at a time: a real
 * zip holding a .twb (RESTAPISample.twb, so it has views) and a large extract of random bytes
 * (stored, so the file is as large as asked).
 */
export async function bigPackagedWorkbook(file: string, megabytes: number): Promise<void> {
  const twb = fs.readFileSync(sampleFile('RESTAPISample.twb'));
  const fd = fs.openSync(file, 'w');
  const entries: Array<{ name: Buffer; crc: number; size: number; offset: number }> = [];
  let offset = 0;
  const write = (bytes: Buffer, at?: number) => {
    fs.writeSync(fd, bytes, 0, bytes.length, at ?? offset);
    if (at === undefined) offset += bytes.length;
  };
  const local = (name: Buffer, crc: number, size: number) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(size, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    return Buffer.concat([header, name]);
  };
  // The .twb first, then the extract, whose CRC is known once written (its header is patched).
  const twbName = Buffer.from('Big.twb');
  entries.push({ name: twbName, crc: crc32(twb), size: twb.length, offset });
  write(local(twbName, crc32(twb), twb.length));
  write(twb);
  const dataName = Buffer.from('Data/Extracts/big.hyper');
  const dataOffset = offset;
  write(local(dataName, 0, 0));
  let crc = 0;
  const size = megabytes * 1024 * 1024;
  const block = 1024 * 1024;
  for (let done = 0; done < size; done += block) {
    const chunk = randomBytes(Math.min(block, size - done));
    crc = crc32(chunk, crc);
    write(chunk);
  }
  write(local(dataName, crc, size), dataOffset);
  entries.push({ name: dataName, crc, size, offset: dataOffset });
  const directoryOffset = offset;
  for (const entry of entries) {
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.size, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(entry.offset, 42);
    write(Buffer.concat([central, entry.name]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(offset - directoryOffset, 12);
  end.writeUInt32LE(directoryOffset, 16);
  write(end);
  fs.closeSync(fd);
}

export interface FaultyProxy {
  url: string;
  /** Every request seen: method and path (with query). */
  seen: Array<{ method: string; path: string; failed: boolean }>;
  /** Fails the next `times` requests that `match`, with a Tableau 500 (after reading the body). */
  failNext(match: (method: string, path: string) => boolean, times: number): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of the sandbox that can fail chosen requests with 500 (Tableau's
 * `<error code="500000">`) before they reach it: a chunk that fails twice, then goes through.
 * Bodies are streamed both ways.
 */
export async function faultyProxy(target: string): Promise<FaultyProxy> {
  const seen: FaultyProxy['seen'] = [];
  let rule: { match: (method: string, path: string) => boolean; left: number } | null = null;
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const fail = rule && rule.left > 0 && rule.match(method, url);
    seen.push({ method, path: url, failed: Boolean(fail) });
    if (fail && rule) {
      rule.left--;
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'application/json;charset=utf-8' });
        res.end(
          JSON.stringify({
            error: { code: '500000', summary: 'Internal Server Error', detail: 'Injected.' },
          }),
        );
      });
      return;
    }
    const upstream = http.request(
      new URL(url, target),
      { method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    failNext: (match, times) => {
      rule = { match, left: times };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
