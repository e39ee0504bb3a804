import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../sandbox';
import type { OperationSnapshot } from '../../shared/operations';
import type {
  ConnectionListOutcome,
  ConnectionRotationOutcome,
} from '../../shared/siteops/connections';
import { startFront } from '../front-test-support';
import { engineFor, type EngineFixture } from '../test-support';
import { SiteCalls } from './site-calls';

let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 19 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

type Result = OperationSnapshot & { outcome: ConnectionRotationOutcome };

async function rotate(input: Record<string, unknown>): Promise<Result> {
  const started = await fixture.engine.startOperation('sandbox', {
    kind: 'connectionRotation',
    ...input,
  } as never);
  return (await fixture.engine.operations.wait(started.operationId)) as Result;
}

/** Every connection on the site as `type:item:connection → server|port|user`. */
async function allConnections(): Promise<Map<string, string>> {
  const c = new SiteCalls(
    fixture.engine.executor,
    await fixture.engine.resolve('sandbox'),
    new AbortController().signal,
  );
  const out = new Map<string, string>();
  for (const type of ['workbook', 'datasource']) {
    for (const item of await c.listAll(`/${type}s`)) {
      const { body } = await c.call('GET', `/${type}s/${item.id}/connections`);
      const raw = (body as { connections?: { connection?: unknown } }).connections?.connection;
      const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
      for (const conn of list)
        out.set(
          `${type}:${item.id}:${conn.id}`,
          `${conn.serverAddress}|${conn.serverPort}|${conn.userName}`,
        );
    }
  }
  return out;
}

describe('connection rotation', () => {
  it('previews, then changes exactly the connections on one server and leaves the rest', async () => {
    const before = await allConnections();
    const servers = new Map<string, number>();
    for (const v of before.values()) {
      const s = v.split('|')[0];
      servers.set(s, (servers.get(s) ?? 0) + 1);
    }
    // A server several items use, but not every one.
    const [server] = [...servers.entries()]
      .filter(([s, n]) => s !== '' && n > 1 && n < before.size)
      .sort((a, b) => b[1] - a[1])[0];
    const matching = [...before.entries()].filter(([, v]) => v.split('|')[0] === server);

    const dry = await rotate({
      match: { serverAddress: server.toUpperCase() },
      change: { serverAddress: 'new-db.example.com', password: 's3cret-pw' },
    });
    expect(dry.state).toBe('succeeded');
    expect(dry.outcome.dryRun).toBe(true);
    expect(dry.outcome.connections).toHaveLength(matching.length);
    expect(
      dry.outcome.connections.every(
        (c) => c.after.serverAddress === 'new-db.example.com' && c.passwordChanged,
      ),
    ).toBe(true);
    expect(await allConnections()).toEqual(before);
    expect(JSON.stringify(dry)).not.toContain('s3cret-pw');

    const run = await rotate({
      match: { serverAddress: server },
      change: { serverAddress: 'new-db.example.com', serverPort: '5433', password: 's3cret-pw' },
      dryRun: false,
    });
    expect(run.state).toBe('succeeded');
    expect(run.counts.ok).toBe(matching.length);
    expect(run.outcome.connections.every((c) => c.state === 'updated')).toBe(true);
    expect(JSON.stringify(run)).not.toContain('s3cret-pw');
    const after = await allConnections();
    const expected = new Map(before);
    for (const [key, v] of matching) {
      const [, , user] = v.split('|');
      expected.set(key, `new-db.example.com|5433|${user}`);
    }
    expect(after).toEqual(expected);
  });

  it('matches nothing when no connection uses the server, and refuses an empty change', async () => {
    const none = await rotate({
      match: { serverAddress: 'nowhere.invalid' },
      change: { userName: 'x' },
      dryRun: false,
    });
    expect(none.state).toBe('succeeded');
    expect(none.outcome.connections).toEqual([]);
    expect(none.outcome.scanned.connections).toBeGreaterThan(0);
    await expect(
      fixture.engine.startOperation('sandbox', {
        kind: 'connectionRotation',
        match: { serverAddress: 'a' },
        change: {},
      } as never),
    ).rejects.toThrow(/Say what to change/);
  });

  it('lists every connection of every workbook and data source, with its item and project', async () => {
    const before = await allConnections();
    const started = await fixture.engine.startOperation('sandbox', { kind: 'connectionList' });
    const listed = (await fixture.engine.operations.wait(
      started.operationId,
    )) as OperationSnapshot & {
      outcome: ConnectionListOutcome;
    };
    expect(listed.state).toBe('succeeded');
    const got = new Map(
      listed.outcome.connections.map((c) => [
        `${c.itemType}:${c.itemId}:${c.connectionId}`,
        `${c.fields.serverAddress}|${c.fields.serverPort}|${c.fields.userName}`,
      ]),
    );
    expect(got).toEqual(before);
    expect(listed.outcome.scanned.connections).toBe(before.size);
    expect(listed.outcome.unreadable).toEqual([]);
    expect(listed.outcome.connections.every((c) => c.itemName !== '' && c.projectName !== '')).toBe(
      true,
    );
    expect(listed.progress.done).toBe(
      listed.outcome.scanned.workbooks + listed.outcome.scanned.datasources,
    );
  });

  it('updates only the picked connections, skipping those it cannot change or that changed since', async () => {
    const started = await fixture.engine.startOperation('sandbox', { kind: 'connectionList' });
    const list = (
      (await fixture.engine.operations.wait(started.operationId)) as {
        outcome: ConnectionListOutcome;
      }
    ).outcome.connections;
    const withServer = list.filter((c) => c.fields.serverAddress !== '' && c.type !== 'sqlproxy');
    const file = list.find((c) => c.fields.serverAddress === '');
    expect(withServer.length).toBeGreaterThan(3);
    expect(file).toBeDefined();
    const [a, b, stale] = withServer;
    const target = (c: (typeof list)[number], seen = c.fields) => ({
      itemType: c.itemType,
      itemId: c.itemId,
      connectionId: c.connectionId,
      itemName: c.itemName,
      seen,
    });
    const before = await allConnections();
    const run = await rotate({
      targets: [
        target(a),
        target(b),
        target(stale, { ...stale.fields, userName: 'someone-else' }),
        target(file!),
        { ...target(a), connectionId: 'no-such-connection' },
      ],
      change: { userName: 'rotated_user', password: 'picked-s3cret' },
      dryRun: false,
    });
    expect(run.state).toBe('succeeded');
    expect(run.counts).toEqual({ ok: 2, failed: 0, skipped: 3 });
    const byId = new Map(run.outcome.connections.map((c) => [c.connectionId, c]));
    expect(byId.get(a.connectionId)?.state).toBe('updated');
    expect(byId.get(a.connectionId)?.after.userName).toBe('rotated_user');
    expect(byId.get(a.connectionId)?.after.embedPassword).toBe(true);
    expect(byId.get(stale.connectionId)?.error?.message).toMatch(/changed since it was listed/);
    expect(byId.get(file!.connectionId)?.error?.message).toMatch(/file connection/);
    expect(byId.get('no-such-connection')?.error?.message).toMatch(/no longer there/);
    expect(JSON.stringify(run)).not.toContain('picked-s3cret');
    expect(JSON.stringify(fixture.engine.operations.list())).not.toContain('picked-s3cret');

    const expected = new Map(before);
    for (const c of [a, b]) {
      const key = `${c.itemType}:${c.itemId}:${c.connectionId}`;
      const [server, port] = before.get(key)!.split('|');
      expected.set(key, `${server}|${port}|rotated_user`);
    }
    expect(await allConnections()).toEqual(expected);
  });

  it('refuses a rotation that names neither a match nor connections', async () => {
    await expect(
      fixture.engine.startOperation('sandbox', {
        kind: 'connectionRotation',
        change: { userName: 'x' },
      } as never),
    ).rejects.toThrow(/Say which connections/);
  });

  it('reports a refused update with Tableau’s error, and Retry failed sends only that one again', async () => {
    const started = await fixture.engine.startOperation('sandbox', { kind: 'connectionList' });
    const list = (
      (await fixture.engine.operations.wait(started.operationId)) as {
        outcome: ConnectionListOutcome;
      }
    ).outcome.connections.filter((c) => c.fields.serverAddress !== '');
    const picked = list.slice(0, 3);
    const refused = picked[1];
    // A server in front of the sandbox that refuses the first update of one connection.
    let refusals = 0;
    const puts: string[] = [];
    const front = await startFront(sandbox.url, (req, res) => {
      if (req.method !== 'PUT') return false;
      puts.push(req.url ?? '');
      if (!req.url?.endsWith(`/connections/${refused.connectionId}`) || refusals > 0) return false;
      refusals++;
      res.writeHead(403, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            code: '403004',
            summary: 'Forbidden',
            detail: 'You do not have permission to update this connection.',
          },
        }),
      );
      return true;
    });
    try {
      const saved = await fixture.engine.saveConnection({
        name: 'Refusing front',
        serverUrl: front.url,
        auth: { kind: 'password', identity: 'admin', rememberSecret: false },
        apiVersion: { mode: 'auto' },
      });
      await fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.password);
      const first = await fixture.engine.startOperation(saved.id, {
        kind: 'connectionRotation',
        targets: picked.map((c) => ({
          itemType: c.itemType,
          itemId: c.itemId,
          connectionId: c.connectionId,
          itemName: c.itemName,
          seen: c.fields,
        })),
        change: { userName: 'retry_user', password: 'retry-s3cret' },
        dryRun: false,
      });
      const partial = (await fixture.engine.operations.wait(first.operationId)) as Result;
      expect(partial.state).toBe('partial');
      expect(partial.counts).toEqual({ ok: 2, failed: 1, skipped: 0 });
      expect(partial.canRetry).toBe(true);
      const failed = partial.outcome.connections.find((c) => c.state === 'failed');
      expect(failed?.connectionId).toBe(refused.connectionId);
      expect(failed?.error?.code).toBe('403004');
      expect(failed?.error?.message).toMatch(/permission to update this connection/);
      expect(puts).toHaveLength(3);

      fixture.engine.operations.retryFailed(first.operationId);
      const retried = (await fixture.engine.operations.wait(first.operationId)) as Result;
      expect(retried.state).toBe('succeeded');
      expect(retried.counts).toEqual({ ok: 3, failed: 0, skipped: 0 });
      expect(puts).toHaveLength(4);
      expect(puts[3]).toMatch(new RegExp(`/connections/${refused.connectionId}$`));
      expect(retried.outcome.connections.every((c) => c.state === 'updated')).toBe(true);
      expect(JSON.stringify(retried)).not.toContain('retry-s3cret');
      const now = await allConnections();
      for (const c of picked)
        expect(now.get(`${c.itemType}:${c.itemId}:${c.connectionId}`)).toBe(
          `${c.fields.serverAddress}|${c.fields.serverPort}|retry_user`,
        );
    } finally {
      await front.close();
    }
  });
});
