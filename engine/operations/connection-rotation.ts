import type { Connection } from '../../shared/connection';
import {
  applyChange,
  changeBlocker,
  matchesConnection,
  type ConnectionFields,
  type ConnectionListOutcome,
  type ConnectionListStart,
  type ConnectionRotationOutcome,
  type ConnectionRotationStart,
  type ListedConnection,
  type RotatedConnection,
} from '../../shared/siteops/connections';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import type { OperationContext, OperationWork } from './operations';
import { CallError, SiteCalls } from './site-calls';

type Json = Record<string, unknown>;
type ItemType = 'workbook' | 'datasource';
const asArray = (v: unknown): Json[] =>
  Array.isArray(v) ? (v as Json[]) : v && typeof v === 'object' ? [v as Json] : [];

function fieldsOf(c: Json): ConnectionFields {
  return {
    serverAddress: String(c.serverAddress ?? ''),
    serverPort: String(c.serverPort ?? ''),
    userName: String(c.userName ?? ''),
    embedPassword: c.embedPassword === true || c.embedPassword === 'true',
  };
}

function errorOf(error: unknown): { code: string; message: string } {
  return {
    code: error instanceof CallError ? error.code : 'internal',
    message:
      error instanceof CallError && error.explanation
        ? `${error.message} — ${error.explanation}`
        : error instanceof Error
          ? error.message
          : String(error),
  };
}

const sameFields = (a: ConnectionFields, b: ConnectionFields) =>
  a.serverAddress === b.serverAddress &&
  a.serverPort === b.serverPort &&
  a.userName === b.userName &&
  a.embedPassword === b.embedPassword;

/** One item's connections (Query Workbook / Data Source Connections). */
async function connectionsOf(calls: SiteCalls, itemType: ItemType, itemId: string) {
  const { body } = await calls.call('GET', `/${itemType}s/${itemId}/connections`);
  return asArray((body as { connections?: Json } | null)?.connections?.connection);
}

/** Runs `fn` over `items`, `concurrency` at once, stopping when cancelled. */
async function pool<T>(
  items: T[],
  concurrency: number,
  signal: AbortSignal,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (!signal.aborted && next < items.length) await fn(items[next++]);
    }),
  );
}

interface SiteConnections {
  workbooks: number;
  datasources: number;
  connections: ListedConnection[];
  unreadable: ConnectionListOutcome['unreadable'];
}

/**
 * Every workbook and data source (fetch-all), then each one's connections, `concurrency` items
 * at once. An item whose connections cannot be read is reported in `unreadable` (and as a failed
 * item) and the rest goes on.
 */
async function readSiteConnections(
  calls: SiteCalls,
  ctx: OperationContext,
  concurrency: number,
): Promise<SiteConnections> {
  ctx.progress({ status: 'Listing workbooks and data sources…' });
  const [workbooks, datasources] = await Promise.all([
    calls.listAll('/workbooks'),
    calls.listAll('/datasources'),
  ]);
  const items = [
    ...workbooks.map((w) => ({ itemType: 'workbook' as const, item: w })),
    ...datasources.map((d) => ({ itemType: 'datasource' as const, item: d })),
  ];
  ctx.progress({ done: 0, total: items.length, unit: 'items', status: 'Reading connections…' });
  const out: SiteConnections = {
    workbooks: workbooks.length,
    datasources: datasources.length,
    connections: [],
    unreadable: [],
  };
  let done = 0;
  await pool(items, concurrency, ctx.signal, async ({ itemType, item }) => {
    const itemId = String(item.id);
    const itemName = String(item.name ?? '');
    try {
      for (const c of await connectionsOf(calls, itemType, itemId)) {
        const ds = (c.datasource ?? {}) as Json;
        out.connections.push({
          itemType,
          itemId,
          itemName,
          projectName: String((item.project as Json | undefined)?.name ?? ''),
          connectionId: String(c.id),
          type: String(c.type ?? ''),
          fields: fieldsOf(c),
          authenticationType: String(c.authenticationType ?? ''),
          datasourceName: String(ds.name ?? ''),
        });
      }
    } catch (error) {
      if (ctx.signal.aborted) return;
      const e = errorOf(error);
      out.unreadable.push({ itemType, itemId, itemName, ...e });
      ctx.item({
        key: `${itemType}:${itemId}`,
        label: `${itemType === 'workbook' ? 'Workbook' : 'Data source'} “${itemName}”`,
        state: 'failed',
        ...e,
      });
    }
    done++;
    ctx.progress({ done, status: `Read the connections of ${done} of ${items.length} items` });
  });
  out.connections.sort((a, b) =>
    `${a.itemType}${a.itemName}${a.connectionId}`.localeCompare(
      `${b.itemType}${b.itemName}${b.connectionId}`,
    ),
  );
  return out;
}

/**
 * The Connections view's list: every connection of every workbook and data source, nothing
 * sent but reads. Items that could not be read are failed items; to try them again, list again.
 */
export class ConnectionListWork implements OperationWork {
  readonly kind = 'connectionList';
  readonly unit = 'items';
  readonly title = 'List the connections of every workbook and data source';

  constructor(
    private readonly deps: { executor: RequestExecutor; connection: Connection },
    private readonly start: ConnectionListStart,
  ) {}

  get connectionId(): string {
    return this.deps.connection.id;
  }

  canRetry(): boolean {
    return false;
  }

  async run(ctx: OperationContext): Promise<ConnectionListOutcome> {
    const calls = new SiteCalls(this.deps.executor, this.deps.connection, ctx.signal);
    const site = await readSiteConnections(calls, ctx, this.start.concurrency * 2);
    ctx.progress({
      status: `${site.connections.length} connections on ${site.workbooks} workbooks and ${site.datasources} data sources`,
    });
    return {
      kind: 'connectionList',
      scanned: {
        workbooks: site.workbooks,
        datasources: site.datasources,
        connections: site.connections.length,
      },
      unreadable: site.unreadable,
      connections: site.connections,
    };
  }
}

/**
 * Connection rotation as an operation. With `match` (the CLI): list every workbook and data
 * source (fetch-all), query each one's connections, keep those that match. With `targets` (the
 * app): read only the picked connections' items and keep the picked connections that are still
 * as the user saw them. Then — unless it is a dry run — Update Workbook/Data Source Connection
 * for each, one item per connection; connections the change cannot apply to are skipped with
 * the reason. A retry updates the failed connections again. The password is held only in
 * `start`, for the calls.
 */
export class ConnectionRotationWork implements OperationWork {
  readonly kind = 'connectionRotation';
  readonly unit = 'connections';
  readonly title: string;
  private readonly found = new Map<string, RotatedConnection>();
  private scanned = { workbooks: 0, datasources: 0, connections: 0 };

  constructor(
    private readonly deps: { executor: RequestExecutor; connection: Connection },
    private readonly start: ConnectionRotationStart,
  ) {
    const m = start.match;
    if (!m && !start.targets)
      throw new EngineError(
        'connections.noMatch',
        'Say which connections: a server address, port, user name or type to match, or the connections themselves.',
      );
    const what = m
      ? [
          m.serverAddress,
          m.serverPort && `port ${m.serverPort}`,
          m.userName && `user ${m.userName}`,
          m.type,
        ]
          .filter(Boolean)
          .join(', ')
      : `${start.targets?.length ?? 0} picked`;
    this.title = `${start.dryRun ? 'Preview' : 'Update'} connections: ${what}`;
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  canRetry(): boolean {
    return !this.start.dryRun;
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<ConnectionRotationOutcome> {
    const calls = new SiteCalls(this.deps.executor, this.deps.connection, ctx.signal);
    if (round === 'first') {
      if (this.start.targets) await this.findTargets(calls, ctx);
      else await this.findMatching(calls, ctx);
    }
    const todo =
      round === 'retry'
        ? ctx.failedKeys.map((k) => this.found.get(k)).filter((c): c is RotatedConnection => !!c)
        : [...this.found.values()].filter((c) => c.state === 'planned');
    ctx.progress({
      done: 0,
      total: todo.length,
      unit: 'connections',
      status: `${todo.length} connections to ${this.start.dryRun ? 'preview' : 'update'}`,
    });
    if (this.start.dryRun) {
      for (const c of todo)
        ctx.item({
          key: this.keyOf(c),
          label: this.labelOf(c),
          state: 'skipped',
          message: 'Dry run: not sent.',
        });
      return this.outcome();
    }
    let done = 0;
    const { password, ...visible } = this.start.change;
    await pool(todo, this.start.concurrency, ctx.signal, async (c) => {
      const key = this.keyOf(c);
      try {
        const { body } = await calls.call(
          'PUT',
          `/${c.itemType}s/${c.itemId}/connections/${c.connectionId}`,
          {
            connection: {
              ...visible,
              ...(password ? { password, embedPassword: visible.embedPassword ?? true } : {}),
            },
          },
        );
        const answered = (body as { connection?: Json } | null)?.connection;
        const after = answered ? fieldsOf(answered) : c.after;
        this.found.set(key, { ...c, after, state: 'updated', error: null });
        ctx.item({ key, label: this.labelOf(c), state: 'ok' });
      } catch (error) {
        const e = errorOf(error);
        this.found.set(key, { ...c, state: 'failed', error: e });
        ctx.item({ key, label: this.labelOf(c), state: 'failed', ...e });
      }
      done++;
      ctx.progress({ done, status: `Updated ${done} of ${todo.length} connections` });
    });
    return this.outcome();
  }

  private keyOf(c: { itemType: string; itemId: string; connectionId: string }): string {
    return `${c.itemType}:${c.itemId}:${c.connectionId}`;
  }

  private labelOf(c: RotatedConnection): string {
    return `${c.itemType === 'workbook' ? 'Workbook' : 'Data source'} “${c.itemName}”: ${c.type} ${c.before.serverAddress}`;
  }

  private outcome(): ConnectionRotationOutcome {
    return {
      kind: 'connectionRotation',
      dryRun: this.start.dryRun,
      scanned: { ...this.scanned },
      connections: [...this.found.values()],
    };
  }

  /** A found connection: planned, or skipped with the reason the change cannot apply. */
  private plan(
    ctx: OperationContext,
    c: Omit<RotatedConnection, 'after' | 'passwordChanged' | 'state' | 'error'>,
    notSent: string | null = null,
  ): void {
    const blocked = notSent ?? changeBlocker({ type: c.type, fields: c.before }, this.start.change);
    const planned: RotatedConnection = {
      ...c,
      after: blocked ? c.before : applyChange(c.before, this.start.change),
      passwordChanged: !blocked && this.start.change.password !== undefined,
      state: blocked ? 'skipped' : 'planned',
      error: blocked ? { code: 'connection.notChanged', message: blocked } : null,
    };
    const key = this.keyOf(c);
    this.found.set(key, planned);
    if (blocked)
      ctx.item({ key, label: this.labelOf(planned), state: 'skipped', message: blocked });
  }

  private async findMatching(calls: SiteCalls, ctx: OperationContext): Promise<void> {
    const site = await readSiteConnections(calls, ctx, this.start.concurrency * 2);
    const [unreadable] = site.unreadable;
    if (unreadable)
      throw new EngineError(
        unreadable.code,
        `The connections of ${unreadable.itemType} “${unreadable.itemName}” could not be read: ${unreadable.message}`,
      );
    this.scanned = {
      workbooks: site.workbooks,
      datasources: site.datasources,
      connections: site.connections.length,
    };
    const match = this.start.match ?? {};
    for (const c of site.connections) {
      if (!matchesConnection({ ...c.fields, type: c.type }, match)) continue;
      this.plan(ctx, {
        itemType: c.itemType,
        itemId: c.itemId,
        itemName: c.itemName,
        connectionId: c.connectionId,
        type: c.type,
        before: c.fields,
      });
    }
  }

  private async findTargets(calls: SiteCalls, ctx: OperationContext): Promise<void> {
    const targets = this.start.targets ?? [];
    const byItem = new Map<string, typeof targets>();
    for (const t of targets) {
      const key = `${t.itemType}:${t.itemId}`;
      byItem.set(key, [...(byItem.get(key) ?? []), t]);
    }
    const groups = [...byItem.values()];
    ctx.progress({
      done: 0,
      total: groups.length,
      unit: 'items',
      status: 'Reading the picked connections…',
    });
    let done = 0;
    await pool(groups, this.start.concurrency * 2, ctx.signal, async (group) => {
      const { itemType, itemId } = group[0];
      let current: Json[] | null = null;
      let readError: { code: string; message: string } | null = null;
      try {
        current = await connectionsOf(calls, itemType, itemId);
        this.scanned.connections += current.length;
      } catch (error) {
        if (ctx.signal.aborted) return;
        readError = errorOf(error);
      }
      if (itemType === 'workbook') this.scanned.workbooks++;
      else this.scanned.datasources++;
      for (const t of group) {
        const raw = current?.find(
          (c) => String(c.id).toLowerCase() === t.connectionId.toLowerCase(),
        );
        const before = raw ? fieldsOf(raw) : (t.seen ?? fieldsOf({}));
        const base = {
          itemType,
          itemId,
          itemName: t.itemName,
          connectionId: t.connectionId,
          type: raw ? String(raw.type ?? '') : '',
          before,
        };
        if (readError)
          this.plan(
            ctx,
            base,
            `Its connections could not be read (${readError.code}: ${readError.message}); list again.`,
          );
        else if (!raw) this.plan(ctx, base, 'The connection is no longer there; list again.');
        else if (t.seen && !sameFields(t.seen, before))
          this.plan(ctx, base, 'It changed since it was listed; list again and preview.');
        else this.plan(ctx, base);
      }
      done++;
      ctx.progress({ done, status: `Read ${done} of ${groups.length} items` });
    });
  }
}
