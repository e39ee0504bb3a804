import fs from 'node:fs';
import path from 'node:path';

/** A store file that could not be read: moved aside (kept, never deleted) and reported. */
export interface CorruptFileReport {
  file: string;
  movedTo: string;
  reason: string;
}

/**
 * Where Trestle keeps its documents (connections, collections, history, settings, secrets),
 * one file per key. Electron uses electron-store behind this interface; the web host and tests
 * use JSON files or memory.
 */
export interface DocumentStore {
  get(key: string): unknown;
  /** Replaces the document atomically: a crash leaves the old or the new file, never half. */
  set(key: string, value: unknown): void;
  /** Moves a document that cannot be migrated aside, keeping it, and reports where. */
  quarantine(key: string, reason: string): CorruptFileReport | null;
  /** Files the store writes, so tests can search them for secrets. */
  files(): string[];
  /** Files found corrupt and moved aside since start, for the user to be told. */
  reports(): CorruptFileReport[];
  /**
   * Appends one record to the key's journal, on disk before it returns: what a crash before
   * the next `set` would otherwise lose. `set` empties the journal. Optional: a store without
   * one relies on prompt writes and the exit flush.
   */
  append?(key: string, record: unknown): void;
  /** The records appended since the last `set`, oldest first. */
  journal?(key: string): unknown[];
}

export class MemoryStore implements DocumentStore {
  private readonly data = new Map<string, unknown>();
  get(key: string): unknown {
    const value = this.data.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }
  quarantine(key: string, reason: string): CorruptFileReport | null {
    this.data.delete(key);
    return { file: `memory:${key}`, movedTo: '', reason };
  }
  files(): string[] {
    return [];
  }
  reports(): CorruptFileReport[] {
    return [];
  }
}

function asideName(file: string): string {
  return `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

/** Moves a file aside under a dated name; the caller reports it. */
export function moveAside(file: string, reason: string): CorruptFileReport {
  const movedTo = asideName(file);
  fs.renameSync(file, movedTo);
  return { file, movedTo, reason };
}

/**
 * One JSON file per key in a folder, written atomically (temp file, fsync, rename). A file
 * that does not parse is moved aside and reported through `onCorrupt`.
 */
export class JsonDirStore implements DocumentStore {
  private readonly cache = new Map<string, unknown>();
  private readonly found: CorruptFileReport[] = [];

  constructor(
    private readonly dir: string,
    private readonly notify: (report: CorruptFileReport) => void = () => undefined,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    removeTornWrites(dir);
  }

  private onCorrupt(report: CorruptFileReport): void {
    this.found.push(report);
    this.notify(report);
  }

  reports(): CorruptFileReport[] {
    return [...this.found];
  }

  private fileFor(key: string): string {
    if (!/^[a-z][a-z0-9-]*$/.test(key)) throw new Error(`Bad store key ${key}`);
    return path.join(this.dir, `${key}.json`);
  }

  get(key: string): unknown {
    if (this.cache.has(key)) return structuredClone(this.cache.get(key));
    const file = this.fileFor(key);
    if (!fs.existsSync(file)) return undefined;
    try {
      const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      this.cache.set(key, value);
      return structuredClone(value);
    } catch (error) {
      this.onCorrupt(moveAside(file, `not valid JSON: ${(error as Error).message}`));
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    const file = this.fileFor(key);
    writeFileAtomic(file, JSON.stringify(value));
    // The document now holds what the journal did (a crash just before this leaves both:
    // the records are read again and recognised by id).
    fs.rmSync(this.journalFor(key), { force: true });
    // No deep copy of a large document on every write: the next get reads the file.
    this.cache.delete(key);
  }

  private journalFor(key: string): string {
    return this.fileFor(key).replace(/\.json$/, '.journal');
  }

  append(key: string, record: unknown): void {
    fs.appendFileSync(this.journalFor(key), `${JSON.stringify(record)}\n`, { mode: 0o600 });
  }

  journal(key: string): unknown[] {
    const file = this.journalFor(key);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return [];
    }
    const lines = text.split('\n');
    const records: unknown[] = [];
    let unreadable = 0;
    lines.forEach((line, i) => {
      if (!line) return;
      try {
        records.push(JSON.parse(line));
      } catch {
        // The last line may be torn by the crash; any other is damage worth keeping aside.
        if (i < lines.length - 1) unreadable++;
      }
    });
    if (unreadable > 0) {
      this.onCorrupt(copyAside(file, `${unreadable} journal records of ${key} could not be read`));
    }
    return records;
  }

  quarantine(key: string, reason: string): CorruptFileReport | null {
    const file = this.fileFor(key);
    this.cache.delete(key);
    if (!fs.existsSync(file)) return null;
    const report = moveAside(file, reason);
    this.onCorrupt(report);
    return report;
  }

  files(): string[] {
    return fs
      .readdirSync(this.dir)
      .filter((name) => name.endsWith('.json') || name.endsWith('.journal'))
      .map((name) => path.join(this.dir, name));
  }
}

/** Copies a file aside under a dated name (the original stays in use); the caller reports it. */
function copyAside(file: string, reason: string): CorruptFileReport {
  const movedTo = asideName(file);
  fs.copyFileSync(file, movedTo);
  return { file, movedTo, reason };
}

/** `<file>.<pid>.<random>.tmp`: what `writeFileAtomic` leaves if the process dies before its rename. */
const TORN_WRITE = /\.(\d+)\.[a-z0-9]+\.tmp$/;

/** True while a process with this pid runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temp files of atomic writes whose process has died (a crash between write and
 * rename): the document itself is whole, old or new, so they hold nothing to keep.
 */
export function removeTornWrites(dir: string): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const pid = TORN_WRITE.exec(name)?.[1];
    if (!pid || processAlive(Number(pid))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Temp file in the same folder, fsync, rename: readers see the old file or the new one. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}
