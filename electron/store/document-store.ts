import fs from 'node:fs';
import path from 'node:path';

/**
 * Where Trestle keeps its documents (connections, collections, history, settings). Electron
 * uses electron-store behind this interface; the web host and tests use a JSON file or memory.
 */
export interface DocumentStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Files the store writes, so tests can search them for secrets. */
  files(): string[];
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
  files(): string[] {
    return [];
  }
}

export interface CorruptFileReport {
  file: string;
  movedTo: string;
  reason: string;
}

/**
 * One JSON file, written atomically (temp file + rename). A file that does not parse is moved
 * aside — kept, never deleted — and reported through `onCorrupt`.
 */
export class JsonFileStore implements DocumentStore {
  private data: Record<string, unknown>;

  constructor(
    private readonly file: string,
    onCorrupt: (report: CorruptFileReport) => void = () => undefined,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.data = {};
    if (!fs.existsSync(file)) return;
    const text = fs.readFileSync(file, 'utf8');
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      this.data = parsed as Record<string, unknown>;
    } catch (error) {
      const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(file, movedTo);
      onCorrupt({ file, movedTo, reason: (error as Error).message });
    }
  }

  get(key: string): unknown {
    const value = this.data[key];
    return value === undefined ? undefined : structuredClone(value);
  }

  set(key: string, value: unknown): void {
    this.data[key] = structuredClone(value);
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.data, null, 2), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }

  files(): string[] {
    return [this.file];
  }
}
