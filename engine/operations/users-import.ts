import type { Connection } from '../../shared/connection';
import { parseUsersCsv, UsersFileError, type UsersFile } from '../../shared/bulk/users-csv';
import type {
  JournalEntry,
  UserRowResult,
  UsersJournal,
  UsersOutcome,
} from '../../shared/bulk/users-ops';
import {
  describeChanges,
  planUsers,
  type PlanOptions,
  type PlanRow,
  type SiteState,
  type UsersPlan,
} from '../../shared/bulk/users-plan';
import { importColumns, type ImportUser } from '../../shared/bulk/users-csv-import';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import type { OperationContext, OperationWork } from './operations';
import { CallError, SiteCalls, text } from './site-calls';
import { importUsersByJob } from './users-csv-import';

export interface UsersWorkDeps {
  executor: RequestExecutor;
  connection: Connection;
  /** The signed-in user and site, for "never demote yourself" and the journal's target. */
  session: () => { userId: string; siteId: string } | null;
}

/** Parses the file now, so a file that cannot be used is refused before anything starts. */
export function readUsersFile(text: string, name: string, format?: 'tabcmd' | 'headed'): UsersFile {
  try {
    return parseUsersCsv(text, { format });
  } catch (error) {
    if (error instanceof UsersFileError)
      throw new EngineError('bulk.badFile', `${name}: ${error.message}`);
    throw error;
  }
}

/** Runs `work` over `items` with at most `concurrency` at once, stopping early on abort. */
async function pool<T>(
  items: T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (!signal.aborted && next < items.length) await work(items[next++]);
    }),
  );
}

function failure(error: unknown): UserRowResult['error'] {
  if (error instanceof CallError)
    return { code: error.code, message: error.message, explanation: error.explanation };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * A users CSV applied to the site as an operation: read the site (users, groups, the members
 * of the groups the file names), plan, and — unless it is a dry run — create groups, then each
 * row's calls in order (rows with bounded concurrency), then the missing users if asked. Every
 * change goes into the journal with what was there before. A retry plans the failed rows again
 * against the site as it is now, so nothing is done twice.
 */
export class UsersImportWork implements OperationWork {
  readonly kind = 'usersImport';
  readonly unit = 'users';
  readonly title: string;
  private readonly results = new Map<number, UserRowResult>();
  private readonly journal: JournalEntry[] = [];
  private plan: UsersPlan | null = null;
  private importJob: UsersOutcome['importJob'] = null;

  constructor(
    private readonly deps: UsersWorkDeps,
    private readonly file: UsersFile,
    private readonly fileName: string,
    private readonly options: Omit<PlanOptions, 'selfId'> & {
      dryRun: boolean;
      concurrency: number;
      /** New users through Tableau's CSV import job (first round only; a retry goes per call). */
      csvImport?: boolean;
      /** Query Job pacing for the import job (tests make it short). */
      jobPoll?: { intervalMs: number; maxIntervalMs: number };
    },
  ) {
    this.title = `${options.dryRun ? 'Dry run' : 'Import users'}: ${fileName}`;
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  canRetry(): boolean {
    return !this.options.dryRun;
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<UsersOutcome> {
    const calls = new SiteCalls(this.deps.executor, this.deps.connection, ctx.signal);
    ctx.progress({ status: 'Reading the site’s users and groups…', total: this.file.rows.length });
    const site = await readSite(calls, this.file);
    const retryLines = new Set(
      [...this.results.values()].filter((r) => r.state === 'failed').map((r) => r.line),
    );
    const file =
      round === 'retry'
        ? { ...this.file, rows: this.file.rows.filter((r) => retryLines.has(r.line)) }
        : this.file;
    const plan = planUsers(file, site, { ...this.options, selfId: this.deps.session()?.userId });
    if (round === 'first') this.plan = plan;
    const rowsByLine = new Map(plan.rows.map((r) => [r.line, r]));

    for (const row of plan.rows)
      this.record(ctx, rowResult(row, row.action === 'invalid' ? 'skipped' : 'planned'));
    if (round === 'first')
      for (const [i, m] of plan.missing.entries())
        this.record(ctx, {
          line: -(i + 1),
          name: m.name,
          action: m.action,
          changes:
            m.action === 'remove'
              ? `remove (${m.siteRole})`
              : `siteRole ${m.siteRole} → Unlicensed`,
          state: 'planned',
          userId: m.id,
          problems: [],
          warnings: [],
          error: null,
        });
    if (this.options.dryRun) return this.outcome(ctx);

    // Groups first: rows add members to them.
    const groups = new Map(site.groups.map((g) => [g.name.toLowerCase(), g.id]));
    for (const name of plan.groupsToCreate) {
      if (ctx.signal.aborted) break;
      try {
        const { body } = await calls.call('POST', '/groups', { group: { name } });
        const id = (body as { group?: { id?: string } }).group?.id;
        if (!id)
          throw new CallError('bulk.noId', `Create Group for “${name}” answered without an id.`);
        groups.set(name.toLowerCase(), id);
        this.journal.push({ op: 'createdGroup', id, name });
      } catch (error) {
        // The rows that need this group fail on their own, naming it.
        ctx.progress({ status: `Could not create group “${name}”: ${(error as Error).message}` });
      }
    }
    let active = plan.rows.filter((r) => r.action === 'create' || r.action === 'update');
    const imported = new Map<number, string>();
    if (round === 'first' && this.options.csvImport && !ctx.signal.aborted) {
      const byJob = active.filter(
        (r) => r.action === 'create' && importUser(r, this.file) !== null,
      );
      if (byJob.length > 0) {
        await this.importByJob(ctx, calls, byJob, site, imported);
        // Rows the job did not create keep their failure; created ones go on to their groups.
        active = active.filter((r) => !byJob.includes(r) || imported.has(r.line));
      }
    }
    await pool(active, this.options.concurrency, ctx.signal, async (row) => {
      ctx.progress({ status: `${row.action === 'create' ? 'Creating' : 'Updating'} ${row.name}` });
      this.record(
        ctx,
        await this.applyRow(
          calls,
          row,
          site,
          groups,
          this.file.rows.find((r) => r.line === row.line)?.password ?? null,
          imported.get(row.line),
        ),
      );
    });
    if (round === 'first') {
      const missing = [...this.results.values()].filter((r) => r.line < 0);
      await pool(missing, this.options.concurrency, ctx.signal, async (m) => {
        this.record(ctx, await this.applyMissing(calls, m, site));
      });
    }
    // Cancelled before their turn: still planned, so say so.
    for (const r of this.results.values())
      if (r.state === 'planned' && (rowsByLine.has(r.line) || r.line < 0))
        this.record(ctx, {
          ...r,
          state: 'skipped',
          error: { code: 'operation.cancelled', message: 'Not done: cancelled.' },
        });
    return this.outcome(ctx);
  }

  private async applyRow(
    calls: SiteCalls,
    row: PlanRow,
    site: SiteState,
    groups: Map<string, string>,
    password: string | null,
    /** Set when the CSV import job created the user already: only its groups are left to do. */
    importedId?: string,
  ): Promise<UserRowResult> {
    let userId = importedId ?? row.userId;
    try {
      const fields = Object.fromEntries(
        row.changes.filter((c) => c.field !== 'password').map((c) => [c.field, c.to]),
      ) as Record<string, string>;
      if (row.action === 'create' && importedId) {
        // Created, with its name, email and password, by the import job (journaled there).
      } else if (row.action === 'create') {
        const { body } = await calls.call('POST', '/users', {
          user: {
            name: row.name,
            siteRole: fields.siteRole,
            ...(fields.authSetting ? { authSetting: fields.authSetting } : {}),
          },
        });
        userId = (body as { user?: { id?: string } }).user?.id ?? null;
        if (!userId) throw new CallError('bulk.noId', 'Add User to Site answered without an id.');
        this.journal.push({ op: 'createdUser', id: userId, name: row.name });
        const rest = {
          ...(fields.fullName ? { fullName: fields.fullName } : {}),
          ...(fields.email ? { email: fields.email } : {}),
        };
        if (Object.keys(rest).length > 0 || password)
          await calls.call('PUT', `/users/${userId}`, {
            user: { ...rest, ...(password ? { password } : {}) },
          });
      } else {
        const before = site.users.find((u) => u.id === userId);
        const update = {
          ...fields,
          ...(row.changes.some((c) => c.field === 'password') && password ? { password } : {}),
        };
        if (Object.keys(update).length > 0) {
          await calls.call('PUT', `/users/${userId}`, { user: update });
          this.journal.push({
            op: 'updatedUser',
            id: userId as string,
            name: row.name,
            before: Object.fromEntries(
              Object.keys(fields).map((f) => [
                f,
                (before as unknown as Record<string, string | null>)?.[f] ?? null,
              ]),
            ),
          });
        }
      }
      for (const name of row.groupsAdd) {
        const groupId = groups.get(name.toLowerCase());
        if (!groupId)
          throw new CallError(
            'bulk.noGroup',
            `The group “${name}” does not exist and could not be created.`,
          );
        try {
          await calls.call('POST', `/groups/${groupId}/users`, { user: { id: userId } });
          this.journal.push({
            op: 'addedToGroup',
            groupId,
            groupName: name,
            userId: userId as string,
            userName: row.name,
          });
        } catch (error) {
          // 409011: already a member (added since the plan was made): nothing to do, nothing to undo.
          if (!(error instanceof CallError && error.code === '409011')) throw error;
        }
      }
      for (const name of row.groupsRemove) {
        const groupId = groups.get(name.toLowerCase()) as string;
        await calls.call('DELETE', `/groups/${groupId}/users/${userId}`);
        this.journal.push({
          op: 'removedFromGroup',
          groupId,
          groupName: name,
          userId: userId as string,
          userName: row.name,
        });
      }
      return { ...rowResult(row, 'done'), userId };
    } catch (error) {
      return { ...rowResult(row, 'failed'), userId, error: failure(error) };
    }
  }

  /** The new users of `rows` through Tableau's CSV import job; `imported` gets line → id. */
  private async importByJob(
    ctx: OperationContext,
    calls: SiteCalls,
    rows: PlanRow[],
    site: SiteState,
    imported: Map<number, string>,
  ): Promise<void> {
    const fresh = () =>
      new SiteCalls(this.deps.executor, this.deps.connection, new AbortController().signal);
    try {
      const result = await importUsersByJob(
        ctx,
        calls,
        rows.map((r) => ({ line: r.line, user: importUser(r, this.file) as ImportUser })),
        site.users,
        { calls: fresh, ...(this.options.jobPoll ?? { intervalMs: 500, maxIntervalMs: 5000 }) },
      );
      this.importJob = { ...result.job, users: rows.length };
      for (const row of rows) {
        const r = result.rows.get(row.line);
        if (r && 'userId' in r) {
          imported.set(row.line, r.userId);
          this.journal.push({ op: 'createdUser', id: r.userId, name: row.name });
        } else
          this.record(ctx, {
            ...rowResult(row, r?.error.code === 'operation.cancelled' ? 'skipped' : 'failed'),
            error: r?.error ?? null,
          });
      }
    } catch (error) {
      // The request was refused as a whole: no user was created, every row says why.
      for (const row of rows)
        this.record(ctx, { ...rowResult(row, 'failed'), error: failure(error) });
    }
  }

  private async applyMissing(
    calls: SiteCalls,
    m: UserRowResult,
    site: SiteState,
  ): Promise<UserRowResult> {
    const user = site.users.find((u) => u.id === m.userId);
    if (!user)
      return {
        ...m,
        state: 'skipped',
        error: { code: 'bulk.gone', message: 'No longer on the site.' },
      };
    try {
      if (m.action === 'unlicense') {
        await calls.call('PUT', `/users/${user.id}`, { user: { siteRole: 'Unlicensed' } });
        this.journal.push({
          op: 'updatedUser',
          id: user.id,
          name: user.name,
          before: { siteRole: user.siteRole },
        });
      } else {
        const memberOf = Object.entries(site.members)
          .filter(([, ids]) => ids.includes(user.id))
          .map(([id]) => ({ id, name: site.groups.find((g) => g.id === id)?.name ?? id }));
        await calls.call('DELETE', `/users/${user.id}`);
        this.journal.push({
          op: 'removedUser',
          name: user.name,
          before: {
            siteRole: user.siteRole,
            authSetting: user.authSetting,
            fullName: user.fullName,
            email: user.email,
          },
          groups: memberOf,
        });
      }
      return { ...m, state: 'done' };
    } catch (error) {
      return { ...m, state: 'failed', error: failure(error) };
    }
  }

  private record(ctx: OperationContext, result: UserRowResult): void {
    this.results.set(result.line, result);
    ctx.item({
      key: `line:${result.line}`,
      label:
        result.line > 0 ? `Line ${result.line}: ${result.name}` : `Not in the file: ${result.name}`,
      state: result.state === 'failed' ? 'failed' : result.state === 'skipped' ? 'skipped' : 'ok',
      code: result.error?.code ?? (result.problems.length ? 'bulk.invalid' : undefined),
      message:
        result.error?.message ??
        (result.problems.join(' ') ||
          `${result.action}${result.changes ? `: ${result.changes}` : ''}`),
    });
    const rows = [...this.results.values()];
    ctx.progress({
      done: rows.filter((r) => r.state !== 'planned').length,
      total: rows.length,
    });
  }

  private outcome(ctx: OperationContext): UsersOutcome {
    const rows = [...this.results.values()].sort(
      (a, b) => (a.line < 0 ? 1e9 - a.line : a.line) - (b.line < 0 ? 1e9 - b.line : b.line),
    );
    const plan = this.plan as UsersPlan;
    const session = this.deps.session();
    ctx.progress({ status: this.options.dryRun ? 'Dry run: nothing was sent' : 'Done' });
    return {
      kind: 'usersImport',
      mode: 'import',
      dryRun: this.options.dryRun,
      format: this.file.format,
      unknownColumns: this.file.unknownColumns,
      counts: {
        ...plan.counts,
        done: rows.filter((r) => r.state === 'done').length,
        failed: rows.filter((r) => r.state === 'failed').length,
      },
      groupsToCreate: plan.groupsToCreate,
      rows,
      importJob: this.importJob,
      journal:
        this.options.dryRun || !session
          ? null
          : {
              kind: 'trestle-users-journal',
              connectionId: this.deps.connection.id,
              server: new URL(this.deps.connection.serverUrl).origin,
              siteId: session.siteId,
              at: new Date().toISOString(),
              entries: [...this.journal],
            },
    };
  }
}

/** A planned new user as the import file has it, or null when the file cannot say its role. */
function importUser(row: PlanRow, file: UsersFile): ImportUser | null {
  const to = (field: string) => row.changes.find((c) => c.field === field)?.to ?? null;
  const siteRole = to('siteRole');
  if (!siteRole || !importColumns(siteRole)) return null;
  const wantsPassword = row.changes.some((c) => c.field === 'password');
  return {
    name: row.name,
    siteRole,
    authSetting: to('authSetting'),
    fullName: to('fullName'),
    email: to('email'),
    password: wantsPassword ? (file.rows.find((r) => r.line === row.line)?.password ?? null) : null,
  };
}

function rowResult(row: PlanRow, state: UserRowResult['state']): UserRowResult {
  return {
    line: row.line,
    name: row.name,
    action: row.action,
    changes: describeChanges(row),
    state,
    userId: row.userId,
    problems: row.problems,
    warnings: row.warnings,
    error: null,
  };
}

/** The site as the plan needs it: every user, every group, the members of the groups the file names. */
export async function readSite(
  calls: SiteCalls,
  file: { rows: { groups: string[] | null }[] },
): Promise<SiteState> {
  const users = (await calls.listAll('/users', { fields: '_all_' })).map((u) => ({
    id: String(u.id),
    name: String(u.name),
    siteRole: String(u.siteRole),
    authSetting: text(u.authSetting),
    fullName: text(u.fullName),
    email: text(u.email),
  }));
  const named = new Set(file.rows.flatMap((r) => r.groups ?? []).map((g) => g.toLowerCase()));
  const groups =
    named.size === 0
      ? []
      : (await calls.listAll('/groups')).map((g) => ({ id: String(g.id), name: String(g.name) }));
  const members: Record<string, string[]> = {};
  for (const group of groups.filter((g) => named.has(g.name.toLowerCase())))
    members[group.id] = (await calls.listAll(`/groups/${group.id}/users`)).map((u) => String(u.id));
  return { users, groups, members };
}

/**
 * A journal undone, newest change first: memberships back, fields back, created users and
 * groups deleted, removed users added again (with a new id: Tableau cannot restore the old one).
 */
export class UsersUndoWork implements OperationWork {
  readonly kind = 'usersImport';
  readonly unit = 'changes';
  readonly title = 'Undo a users import';
  private readonly results = new Map<number, UserRowResult>();

  constructor(
    private readonly deps: UsersWorkDeps,
    private readonly journal: UsersJournal,
    private readonly options: { dryRun: boolean; concurrency: number },
  ) {}

  get connectionId(): string {
    return this.deps.connection.id;
  }

  canRetry(): boolean {
    return !this.options.dryRun;
  }

  async run(ctx: OperationContext): Promise<UsersOutcome> {
    const calls = new SiteCalls(this.deps.executor, this.deps.connection, ctx.signal);
    const entries = [...this.journal.entries].reverse();
    const pending = entries
      .map((entry, i) => ({ entry, line: i + 1 }))
      .filter(({ line }) => this.results.get(line)?.state !== 'done');
    for (const { entry, line } of pending) this.record(ctx, line, entry, 'planned');
    if (!this.options.dryRun) {
      // In order: a user is re-added before joining its groups, members leave before a group goes.
      for (const { entry, line } of pending) {
        if (ctx.signal.aborted) break;
        try {
          await undoEntry(calls, entry);
          this.record(ctx, line, entry, 'done');
        } catch (error) {
          this.record(ctx, line, entry, 'failed', failure(error));
        }
      }
      for (const { entry, line } of pending)
        if (this.results.get(line)?.state === 'planned')
          this.record(ctx, line, entry, 'skipped', {
            code: 'operation.cancelled',
            message: 'Not done: cancelled.',
          });
    }
    const rows = [...this.results.values()].sort((a, b) => a.line - b.line);
    ctx.progress({ status: this.options.dryRun ? 'Dry run: nothing was sent' : 'Done' });
    return {
      kind: 'usersImport',
      mode: 'undo',
      dryRun: this.options.dryRun,
      format: 'journal',
      unknownColumns: [],
      counts: {
        create: 0,
        update: 0,
        unchanged: 0,
        invalid: 0,
        missing: 0,
        done: rows.filter((r) => r.state === 'done').length,
        failed: rows.filter((r) => r.state === 'failed').length,
      },
      groupsToCreate: [],
      rows,
      journal: null,
    };
  }

  private record(
    ctx: OperationContext,
    line: number,
    entry: JournalEntry,
    state: UserRowResult['state'],
    error: UserRowResult['error'] = null,
  ): void {
    const result: UserRowResult = {
      line,
      name: 'name' in entry ? entry.name : entry.userName,
      action: 'undo',
      changes: describeUndo(entry),
      state,
      userId: 'userId' in entry ? entry.userId : 'id' in entry ? entry.id : null,
      problems: [],
      warnings:
        entry.op === 'removedUser'
          ? ['Re-added with a new id: content the user owned is not given back.']
          : [],
      error,
    };
    this.results.set(line, result);
    ctx.item({
      key: `change:${line}`,
      label: `${line}. ${result.changes}`,
      state: state === 'failed' ? 'failed' : state === 'skipped' ? 'skipped' : 'ok',
      code: error?.code,
      message: error?.message,
    });
    const rows = [...this.results.values()];
    ctx.progress({ done: rows.filter((r) => r.state !== 'planned').length, total: rows.length });
  }
}

export function describeUndo(entry: JournalEntry): string {
  switch (entry.op) {
    case 'createdUser':
      return `remove ${entry.name}, added by the import`;
    case 'updatedUser':
      return `restore ${entry.name}: ${Object.entries(entry.before)
        .map(([f, v]) => `${f} ${v ?? '—'}`)
        .join(', ')}`;
    case 'addedToGroup':
      return `take ${entry.userName} out of ${entry.groupName}`;
    case 'removedFromGroup':
      return `put ${entry.userName} back in ${entry.groupName}`;
    case 'createdGroup':
      return `delete group ${entry.name}, created by the import`;
    case 'removedUser':
      return `add ${entry.name} back as ${entry.before.siteRole}`;
  }
}

async function undoEntry(calls: SiteCalls, entry: JournalEntry): Promise<void> {
  const gone = (error: unknown) => error instanceof CallError && error.status === 404;
  switch (entry.op) {
    case 'createdUser':
      try {
        await calls.call('DELETE', `/users/${entry.id}`);
      } catch (error) {
        if (!gone(error)) throw error;
      }
      return;
    case 'updatedUser': {
      const user = Object.fromEntries(Object.entries(entry.before).map(([f, v]) => [f, v ?? '']));
      await calls.call('PUT', `/users/${entry.id}`, { user });
      return;
    }
    case 'addedToGroup':
      try {
        await calls.call('DELETE', `/groups/${entry.groupId}/users/${entry.userId}`);
      } catch (error) {
        if (!gone(error)) throw error;
      }
      return;
    case 'removedFromGroup':
      await calls.call('POST', `/groups/${entry.groupId}/users`, { user: { id: entry.userId } });
      return;
    case 'createdGroup':
      try {
        await calls.call('DELETE', `/groups/${entry.id}`);
      } catch (error) {
        if (!gone(error)) throw error;
      }
      return;
    case 'removedUser': {
      const { body } = await calls.call('POST', '/users', {
        user: {
          name: entry.name,
          siteRole: entry.before.siteRole,
          ...(entry.before.authSetting ? { authSetting: entry.before.authSetting } : {}),
        },
      });
      const id = (body as { user?: { id?: string } }).user?.id;
      if (!id) throw new CallError('bulk.noId', 'Add User to Site answered without an id.');
      const rest = {
        ...(entry.before.fullName ? { fullName: entry.before.fullName } : {}),
        ...(entry.before.email ? { email: entry.before.email } : {}),
      };
      if (Object.keys(rest).length) await calls.call('PUT', `/users/${id}`, { user: rest });
      for (const g of entry.groups)
        await calls.call('POST', `/groups/${g.id}/users`, { user: { id } });
      return;
    }
  }
}
