import type { Connection } from '../../shared/connection';
import {
  applyChange,
  matchesConnection,
  type ConnectionFields,
  type ConnectionRotationOutcome,
  type ConnectionRotationStart,
  type RotatedConnection,
} from '../../shared/siteops/connections';
import type { RequestExecutor } from '../executor';
import type { OperationContext, OperationWork } from './operations';
import { CallError, SiteCalls } from './site-calls';

type Json = Record<string, unknown>;
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

/**
 * Connection rotation as an operation: list every workbook and data source (fetch-all), query
 * each one's connections (`concurrency` at once), keep those that match, and — unless it is a
 * dry run — Update Workbook/Data Source Connection for each, one item per connection. A retry
 * updates the failed connections again. The password is held only in `start` for the calls.
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
    const what = [
      m.serverAddress,
      m.serverPort && `port ${m.serverPort}`,
      m.userName && `user ${m.userName}`,
      m.type,
    ]
      .filter(Boolean)
      .join(', ');
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
    if (round === 'first') await this.find(calls, ctx);
    const todo =
      round === 'retry'
        ? ctx.failedKeys.map((k) => this.found.get(k)).filter((c): c is RotatedConnection => !!c)
        : [...this.found.values()];
    ctx.progress({
      done: 0,
      total: todo.length,
      unit: 'connections',
      status: `${todo.length} connections match`,
    });
    if (this.start.dryRun) {
      for (const [key, c] of this.found)
        ctx.item({ key, label: this.labelOf(c), state: 'skipped', message: 'Dry run: not sent.' });
      return this.outcome();
    }
    let next = 0;
    let done = 0;
    const { password, ...visible } = this.start.change;
    await Promise.all(
      Array.from({ length: Math.min(this.start.concurrency, todo.length) }, async () => {
        while (!ctx.signal.aborted && next < todo.length) {
          const c = todo[next++];
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
            const e = {
              code: error instanceof CallError ? error.code : 'internal',
              message: error instanceof Error ? error.message : String(error),
            };
            this.found.set(key, { ...c, state: 'failed', error: e });
            ctx.item({ key, label: this.labelOf(c), state: 'failed', ...e });
          }
          done++;
          ctx.progress({ done, status: `Updated ${done} of ${todo.length} connections` });
        }
      }),
    );
    return this.outcome();
  }

  private keyOf(c: RotatedConnection): string {
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

  private async find(calls: SiteCalls, ctx: OperationContext): Promise<void> {
    ctx.progress({ status: 'Listing workbooks and data sources…' });
    const [workbooks, datasources] = await Promise.all([
      calls.listAll('/workbooks'),
      calls.listAll('/datasources'),
    ]);
    const items = [
      ...workbooks.map((w) => ({ itemType: 'workbook' as const, item: w })),
      ...datasources.map((d) => ({ itemType: 'datasource' as const, item: d })),
    ];
    this.scanned = { workbooks: workbooks.length, datasources: datasources.length, connections: 0 };
    ctx.progress({ done: 0, total: items.length, unit: 'items', status: 'Reading connections…' });
    let next = 0;
    let done = 0;
    const found: RotatedConnection[] = [];
    await Promise.all(
      Array.from({ length: Math.min(this.start.concurrency * 2, items.length) }, async () => {
        while (!ctx.signal.aborted && next < items.length) {
          const { itemType, item } = items[next++];
          const { body } = await calls.call('GET', `/${itemType}s/${item.id}/connections`);
          const list = asArray((body as { connections?: Json } | null)?.connections?.connection);
          this.scanned.connections += list.length;
          for (const c of list) {
            const before = fieldsOf(c);
            const type = String(c.type ?? '');
            if (!matchesConnection({ ...before, type }, this.start.match)) continue;
            found.push({
              itemType,
              itemId: String(item.id),
              itemName: String(item.name ?? ''),
              connectionId: String(c.id),
              type,
              before,
              after: applyChange(before, this.start.change),
              passwordChanged: this.start.change.password !== undefined,
              state: this.start.dryRun ? 'planned' : 'planned',
              error: null,
            });
          }
          done++;
          ctx.progress({
            done,
            status: `Read the connections of ${done} of ${items.length} items`,
          });
        }
      }),
    );
    found.sort((a, b) =>
      `${a.itemType}${a.itemName}${a.connectionId}`.localeCompare(
        `${b.itemType}${b.itemName}${b.connectionId}`,
      ),
    );
    for (const c of found) this.found.set(this.keyOf(c), c);
  }
}
