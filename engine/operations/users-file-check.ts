import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import {
  MAX_USER_ROWS,
  parseUsersCsvInChunks,
  UsersFileError,
  type UserRow,
  type UsersFile,
} from '../../shared/bulk/users-csv';
import type {
  UsersFileCheckOutcome,
  UsersFileRow,
  UsersFileSlice,
} from '../../shared/bulk/users-ops';
import { EngineError } from '../errors';
import type { OperationContext, OperationWork } from './operations';

/** Files of about this many bytes at most: 100,000 users of ~200 characters each, and room. */
const MAX_FILE_BYTES = 100_000_000;

/** Lets the event loop serve other work (IPC, HTTP, other operations) between chunks. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface StoredUsersFile {
  id: string;
  name: string;
  file: UsersFile;
  /** Index of the rows with problems, for the "problems only" view. */
  problemRows: number[];
}

/**
 * Users files read and checked in main (issue 14: a 100,000-row CSV keeps the dialog
 * responsive): the rows stay here, the renderer asks for slices, and an import names the file
 * by id instead of sending its text again. A few at a time; the oldest goes first.
 */
export class UsersFiles {
  private readonly files = new Map<string, StoredUsersFile>();

  constructor(private readonly keep = 4) {}

  add(name: string, file: UsersFile): StoredUsersFile {
    const stored: StoredUsersFile = {
      id: randomUUID(),
      name,
      file,
      problemRows: file.rows.flatMap((r, i) => (r.problems.length ? [i] : [])),
    };
    this.files.set(stored.id, stored);
    while (this.files.size > this.keep) this.files.delete(this.files.keys().next().value as string);
    return stored;
  }

  get(id: string): StoredUsersFile {
    const stored = this.files.get(id);
    if (!stored)
      throw new EngineError(
        'bulk.fileGone',
        'That users file is no longer open in Trestle: choose it again.',
      );
    return stored;
  }

  slice(
    id: string,
    request: { offset: number; limit: number; only: 'all' | 'problems' },
  ): UsersFileSlice {
    const { file, problemRows } = this.get(id);
    const total = request.only === 'problems' ? problemRows.length : file.rows.length;
    const end = Math.min(total, request.offset + request.limit);
    const rows: UsersFileRow[] = [];
    for (let i = request.offset; i < end; i++)
      rows.push(previewRow(file.rows[request.only === 'problems' ? problemRows[i] : i]));
    return { total, offset: request.offset, rows };
  }
}

function previewRow(row: UserRow): UsersFileRow {
  return {
    line: row.line,
    name: row.name,
    siteRole: row.siteRole,
    authSetting: row.authSetting,
    email: row.email,
    fullName: row.fullName,
    hasPassword: row.password !== null,
    groups: row.groups,
    problems: row.problems,
    warnings: row.warnings,
  };
}

async function readText(path: string): Promise<string> {
  try {
    const stat = await fs.promises.stat(path);
    if (!stat.isFile()) throw new EngineError('bulk.badFile', `${path} is not a file.`);
    if (stat.size > MAX_FILE_BYTES)
      throw new EngineError(
        'bulk.badFile',
        `${path} has ${stat.size.toLocaleString('en-US')} bytes; a users file has at most ${MAX_USER_ROWS.toLocaleString('en-US')} users.`,
      );
    return await fs.promises.readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError(
      'bulk.badFile',
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
}

/**
 * Reads and checks a users file as an operation: a chunk of rows at a time with the event loop
 * served in between, progress in rows, cancellable. What makes the file unusable is the
 * outcome's `error` (with its line), so the dialog shows it where the file is chosen.
 */
export class UsersFileCheckWork implements OperationWork {
  readonly kind = 'usersFileCheck';
  readonly unit = 'rows';
  readonly title: string;

  constructor(
    private readonly files: UsersFiles,
    readonly connectionId: string,
    private readonly csv: { text?: string; path?: string; name: string },
    private readonly format: 'tabcmd' | 'headed' | undefined,
  ) {
    this.title = `Check ${csv.name}`;
  }

  canRetry(): boolean {
    return false;
  }

  async run(ctx: OperationContext): Promise<UsersFileCheckOutcome> {
    const empty = {
      kind: 'usersFileCheck' as const,
      fileId: null,
      name: this.csv.name,
      format: null,
      rows: 0,
      invalid: 0,
      warnings: 0,
      unknownColumns: [],
      hasGroups: false,
    };
    ctx.progress({ status: `Reading ${this.csv.name}…` });
    let file: UsersFile;
    try {
      const text = this.csv.text ?? (await readText(this.csv.path as string));
      file = await parseUsersCsvInChunks(
        text,
        { format: this.format },
        {
          pause: yieldToLoop,
          signal: ctx.signal,
          progress: (rows, estimate) =>
            ctx.progress({
              done: rows,
              total: Math.max(rows, estimate),
              status: `Checked ${rows.toLocaleString('en-US')} rows…`,
            }),
        },
      );
    } catch (error) {
      if (ctx.signal.aborted) return { ...empty, error: 'Cancelled.' };
      if (error instanceof UsersFileError || error instanceof EngineError)
        return { ...empty, error: error.message };
      throw error;
    }
    const stored = this.files.add(this.csv.name, file);
    const rows = file.rows.length;
    ctx.progress({
      done: rows,
      total: rows,
      status: `${rows.toLocaleString('en-US')} rows checked`,
    });
    return {
      ...empty,
      fileId: stored.id,
      format: file.format,
      rows,
      invalid: stored.problemRows.length,
      warnings: file.rows.filter((r) => r.warnings.length > 0).length,
      unknownColumns: file.unknownColumns,
      hasGroups: file.hasGroups,
      error: null,
    };
  }
}
