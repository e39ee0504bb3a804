import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * Where the sandbox keeps what clients upload (publish files, upload sessions): in memory
 * while small, in a temp folder beyond that, so a 1 GB publish costs the sandbox disk, not RAM.
 * The folder is made on first use and removed when the server stops (or the process exits).
 */
export interface ByteStoreLimits {
  /** A blob larger than this goes to disk. */
  memoryPerBlob: number;
  /** All blobs in memory together stay under this; later ones go to disk. */
  memoryTotal: number;
}

export const DEFAULT_BYTE_LIMITS: ByteStoreLimits = {
  memoryPerBlob: 8 * 1024 * 1024,
  memoryTotal: 64 * 1024 * 1024,
};

export class ByteStore {
  private dir: string | null = null;
  private counter = 0;
  inMemory = 0;
  private readonly blobs = new Set<StoredBytes>();
  private onExit: (() => void) | null = null;

  constructor(readonly limits: ByteStoreLimits = DEFAULT_BYTE_LIMITS) {}

  create(): StoredBytes {
    const blob = new StoredBytes(this);
    this.blobs.add(blob);
    return blob;
  }

  /** A new file in the temp folder (made now if needed). */
  newFile(): string {
    if (!this.dir) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-sandbox-'));
      const dir = this.dir;
      this.onExit = () => fs.rmSync(dir, { recursive: true, force: true });
      process.once('exit', this.onExit);
    }
    return path.join(this.dir, `${++this.counter}.bin`);
  }

  /** The temp folder, if one was made (tests check it is gone after stop). */
  get folder(): string | null {
    return this.dir;
  }

  forget(blob: StoredBytes): void {
    this.blobs.delete(blob);
  }

  /** Drops every blob and the temp folder. */
  dispose(): void {
    for (const blob of [...this.blobs]) blob.dispose();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    if (this.onExit) process.off('exit', this.onExit);
    this.dir = null;
    this.onExit = null;
  }
}

/**
 * Bytes written once, in order, then read any number of times: whole, a range, or as a
 * stream. Memory until the store's limits say disk; the switch is made while writing.
 */
export class StoredBytes {
  private chunks: Buffer[] = [];
  private file: string | null = null;
  private handle: fs.promises.FileHandle | null = null;
  private disposed = false;
  kept = false;
  size = 0;

  constructor(private readonly store: ByteStore) {}

  get onDisk(): boolean {
    return this.file !== null;
  }

  async append(chunk: Buffer): Promise<void> {
    if (this.disposed) throw new Error('stored bytes were disposed');
    if (chunk.length === 0) return;
    if (!this.file) {
      const { memoryPerBlob, memoryTotal } = this.store.limits;
      if (
        this.size + chunk.length <= memoryPerBlob &&
        this.store.inMemory + chunk.length <= memoryTotal
      ) {
        this.chunks.push(Buffer.from(chunk));
        this.size += chunk.length;
        this.store.inMemory += chunk.length;
        return;
      }
      await this.spill();
    }
    this.handle ??= await fs.promises.open(this.file!, 'a', 0o600);
    await this.handle.write(chunk);
    this.size += chunk.length;
  }

  /** Done writing: the file is closed (reads open it as needed). */
  async finish(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }

  /** Everything, as one buffer: for small files only (a .twb, a payload). */
  async readAll(): Promise<Buffer> {
    return this.read(0, this.size);
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return Buffer.alloc(0);
    if (!this.file) return Buffer.concat(this.chunks).subarray(offset, end);
    await this.finish();
    const handle = await fs.promises.open(this.file, 'r');
    try {
      const out = Buffer.alloc(end - offset);
      let read = 0;
      while (read < out.length) {
        const { bytesRead } = await handle.read(out, read, out.length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return out.subarray(0, read);
    } finally {
      await handle.close();
    }
  }

  /** A range, read at once (small reads: a zip's directory, one entry, a .twb). */
  readSync(offset: number, length: number): Buffer {
    const end = Math.min(this.size, offset + length);
    if (end <= offset) return Buffer.alloc(0);
    if (!this.file) return Buffer.concat(this.chunks).subarray(offset, end);
    const fd = fs.openSync(this.file, 'r');
    try {
      const out = Buffer.alloc(end - offset);
      let read = 0;
      while (read < out.length) {
        const n = fs.readSync(fd, out, read, out.length - read, offset + read);
        if (n === 0) break;
        read += n;
      }
      return out.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Marks the bytes as taken by a handler: the server does not drop them after the request. */
  keep(): this {
    this.kept = true;
    return this;
  }

  stream(): Readable {
    if (!this.file)
      return Readable.from(this.chunks.length ? this.chunks : [], { objectMode: false });
    return fs.createReadStream(this.file, { highWaterMark: 1024 * 1024 });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.file) this.store.inMemory -= this.size;
    this.chunks = [];
    const file = this.file;
    const handle = this.handle;
    this.handle = null;
    if (file)
      void (async () => {
        await handle?.close().catch(() => undefined);
        await fs.promises.rm(file, { force: true });
      })();
    this.store.forget(this);
  }

  private async spill(): Promise<void> {
    this.file = this.store.newFile();
    this.handle = await fs.promises.open(this.file, 'w', 0o600);
    for (const chunk of this.chunks) await this.handle.write(chunk);
    this.store.inMemory -= this.size;
    this.chunks = [];
  }
}

/**
 * A file kept as the pieces it arrived in (the chunks of an upload session, or one part):
 * read across them without ever joining them, so committing a 1 GB upload copies nothing.
 */
export class KeptFile {
  readonly size: number;

  constructor(readonly pieces: StoredBytes[]) {
    this.size = pieces.reduce((sum, p) => sum + p.size, 0);
  }

  readSync(offset: number, length: number): Buffer {
    const out: Buffer[] = [];
    let start = 0;
    const end = Math.min(this.size, offset + length);
    for (const piece of this.pieces) {
      const pieceEnd = start + piece.size;
      if (pieceEnd > offset && start < end) {
        const from = Math.max(offset, start) - start;
        const to = Math.min(end, pieceEnd) - start;
        out.push(piece.readSync(from, to - from));
      }
      start = pieceEnd;
      if (start >= end) break;
    }
    return Buffer.concat(out);
  }

  /** The first bytes, for telling a file's type. */
  head(length: number): Buffer {
    return this.readSync(0, length);
  }

  stream(): Readable {
    const pieces = this.pieces;
    return Readable.from(
      (async function* () {
        for (const piece of pieces) yield* piece.stream();
      })(),
      { objectMode: false },
    );
  }

  /** Taken for good (a published item's revision): the server does not drop its pieces. */
  keep(): this {
    for (const piece of this.pieces) piece.keep();
    return this;
  }

  dispose(): void {
    for (const piece of this.pieces) piece.dispose();
  }
}

const stores = new WeakMap<object, ByteStore>();

/** The byte store of one running sandbox (its server state), made on first use. */
export function byteStoreOf(state: object): ByteStore {
  let store = stores.get(state);
  if (!store) {
    store = new ByteStore();
    stores.set(state, store);
  }
  return store;
}
