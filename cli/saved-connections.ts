import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '../shared/connection';
import type { CorruptFileReport, DocumentStore } from '../engine/store/document-store';
import { Persistence } from '../engine/store/persistence';
import { ConnectionStore } from '../engine/connections';
import { CliError, EXIT } from './command';

/** The web host's data folder, where its saved connections live. */
export const DEFAULT_DATA_DIR = path.join(os.homedir(), '.trestle-web');

/**
 * The documents the CLI reads from a data folder; history, workspace and the rest stay unread.
 * `variables`: a run resolves `{{names}}` from the connection's environment and the globals,
 * as the app does (secret values are not there: the web host never stores them, and the
 * desktop app's ciphertext opens only in the app — give those with `--env`).
 */
const READ_KINDS = new Set(['connections', 'settings', 'variables']);

/**
 * A data folder opened read-only: the connections and settings documents are read (the web
 * host's `<kind>.json` or the desktop app's `trestle-<kind>.json`), and whatever the engine
 * writes stays in memory. The CLI changes nothing in the user's folder: a corrupt file is
 * reported, not moved aside, and an old document is migrated in memory only.
 */
export class ReadOnlyDataDir implements DocumentStore {
  private readonly written = new Map<string, unknown>();
  private readonly problems: CorruptFileReport[] = [];

  constructor(readonly dir: string) {}

  /** The file a kind is read from, when the folder has one. */
  fileFor(key: string): string | null {
    for (const name of [`${key}.json`, `trestle-${key}.json`]) {
      const file = path.join(this.dir, name);
      if (fs.existsSync(file)) return file;
    }
    return null;
  }

  get(key: string): unknown {
    if (this.written.has(key)) return structuredClone(this.written.get(key));
    const file = READ_KINDS.has(key) ? this.fileFor(key) : null;
    if (!file) return undefined;
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    } catch (error) {
      if (key === 'connections') {
        throw new CliError(
          `${file} could not be read (${(error as Error).message}); open Trestle to repair it, or give the server with --server.`,
          EXIT.usage,
        );
      }
      // Unreadable settings: the defaults serve, and the file is left as it is.
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    this.written.set(key, structuredClone(value));
  }

  quarantine(key: string, reason: string): CorruptFileReport | null {
    const file = this.fileFor(key) ?? path.join(this.dir, `${key}.json`);
    this.written.delete(key);
    const report = { file, movedTo: '', reason };
    this.problems.push(report);
    return report;
  }

  files(): string[] {
    return [];
  }

  reports(): CorruptFileReport[] {
    return [...this.problems];
  }
}

/**
 * The saved connection called `name` (exactly, then ignoring case; or its id), read from
 * `dir` through the engine's own migration and validation.
 */
export function findSavedConnection(dir: string, name: string): Connection {
  if (!fs.existsSync(dir)) {
    throw new CliError(
      `There is no Trestle data folder at ${dir}. Give another with --data-dir DIR, or the server with --server URL.`,
      EXIT.usage,
    );
  }
  const store = new ReadOnlyDataDir(dir);
  const persistence = new Persistence(store);
  const saved = new ConnectionStore(persistence).list();
  const problem = persistence.reports().find((r) => r.file.includes('connections'));
  if (problem) {
    throw new CliError(
      `${problem.file} could not be read (${problem.reason}); open Trestle to repair it.`,
      EXIT.usage,
    );
  }
  const found =
    saved.find((c) => c.name === name) ??
    unique(saved.filter((c) => c.name.toLowerCase() === name.toLowerCase())) ??
    saved.find((c) => c.id === name);
  if (found) return found;
  const names = saved.map((c) => `“${c.name}”`).join(', ');
  throw new CliError(
    `No saved connection called “${name}” in ${dir} (there are: ${names}).`,
    EXIT.usage,
  );
}

function unique<T>(list: T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}
