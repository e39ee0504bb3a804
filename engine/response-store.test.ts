import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeOrphanedSpills, ResponseStore } from './response-store';

const body = (count: number) => {
  const users = Array.from({ length: count }, (_, i) => ({ id: `u${i}`, name: `user ${i} é` }));
  const parsed = {
    pagination: { pageNumber: '1', pageSize: String(count), totalAvailable: String(count) },
    users: { user: users },
  };
  return { parsed, raw: Buffer.from(JSON.stringify(parsed, null, 1)) };
};

describe('response store', () => {
  it('serves byte, line and item slices with counts', async () => {
    const store = new ResponseStore();
    const { raw, parsed } = body(50);
    const { id, listPath, count } = store.put(raw, parsed);
    expect({ listPath, count }).toEqual({ listPath: 'users.user', count: 50 });
    const items = await store.slice(id, { kind: 'items', start: 10, end: 12 });
    expect(items).toMatchObject({
      start: 10,
      end: 12,
      total: 50,
      items: [{ id: 'u10' }, { id: 'u11' }],
    });
    const bytes = await store.slice(id, { kind: 'bytes', start: 0, end: 20 });
    expect(bytes.total).toBe(raw.length);
    expect(bytes.text).toBe(raw.subarray(0, 20).toString());
    const lines = await store.slice(id, { kind: 'lines', start: 0, end: 2 });
    expect(lines.text).toBe(raw.toString().split('\n').slice(0, 2).join('\n'));
    expect(lines.total).toBe(raw.toString().split('\n').length);
  });

  it('never cuts a UTF-8 character in a byte slice', async () => {
    const store = new ResponseStore();
    const raw = Buffer.from('aé€b');
    const { id } = store.put(raw, null);
    const slice = await store.slice(id, { kind: 'bytes', start: 0, end: 2 });
    expect(slice).toMatchObject({ start: 0, end: 1, text: 'a' });
    const middle = await store.slice(id, { kind: 'bytes', start: 2, end: 5 });
    expect(middle).toMatchObject({ start: 3, end: 3, text: '' });
    const whole = await store.slice(id, { kind: 'bytes', start: 2, end: 6 });
    expect(whole).toMatchObject({ start: 3, end: 6, text: '€' });
  });

  it('spills large bodies to temp files, still slices them, and removes them on release and exit', async () => {
    const store = new ResponseStore({ spillBytes: 1024, memoryBytes: 4096 });
    const big = body(200);
    const first = store.put(big.raw, big.parsed);
    const [file] = store.files();
    expect(fs.existsSync(file)).toBe(true);
    const lines = await store.slice(first.id, { kind: 'lines', start: 3, end: 5 });
    expect(lines.text).toBe(big.raw.toString().split('\n').slice(3, 5).join('\n'));
    const bytes = await store.slice(first.id, { kind: 'bytes', start: 100, end: 200 });
    expect(bytes.text).toBe(big.raw.subarray(100, 200).toString());
    store.release(first.id);
    await expect(store.slice(first.id, { kind: 'items', start: 0, end: 1 })).rejects.toMatchObject({
      code: 'response.notFound',
    });
    const second = store.put(big.raw, big.parsed);
    const [other] = store.files();
    store.clear();
    expect(fs.existsSync(other)).toBe(false);
    expect(store.has(second.id)).toBe(false);
  });

  it('keeps a merged list once and writes its text only when asked', async () => {
    const store = new ResponseStore();
    const items = Array.from({ length: 3 }, (_, i) => ({ id: `u${i}` }));
    const id = store.putItems(items, 'users.user');
    expect(store.files()).toEqual([]);
    const lines = await store.slice(id, { kind: 'lines', start: 0, end: 10 });
    expect(JSON.parse(lines.text as string)).toEqual({ users: { user: items } });
    expect(store.files()).toHaveLength(1);
    store.clear();
  });
});

describe('sorted item slices', () => {
  const projects = [
    { id: 'p0', name: 'Sales 10', size: '200', owner: { id: 'u-b' } },
    { id: 'p1', name: 'sales 9', size: 30, owner: { id: 'u-a' } },
    { id: 'p2', name: '', size: 'large', owner: {} },
    { id: 'p3', name: 'Finance', size: '', owner: { id: 'u-a' } },
    { id: 'p4', name: 'Sales 10', size: 30, owner: { id: 'u-c' } },
    { id: 'p5', name: 'finance', owner: { id: 'u-a' } },
  ];
  const stored = (items: unknown[] = projects) => {
    const parsed = { projects: { project: items } };
    const store = new ResponseStore();
    const { id } = store.put(Buffer.from(JSON.stringify(parsed)), parsed);
    return { store, id };
  };
  const ids = async (
    store: ResponseStore,
    id: string,
    key: string,
    direction: 'asc' | 'desc',
    start = 0,
    end = 100,
  ) => {
    const slice = await store.slice(id, { kind: 'items', start, end, sort: { key, direction } });
    return (slice.items as { id: string }[]).map((item) => item.id);
  };

  it('orders text case-blind and numerically aware, empty cells last', async () => {
    const { store, id } = stored();
    // "sales 9" before "Sales 10"; Finance and finance tie (original order); the empty name last.
    expect(await ids(store, id, 'name', 'asc')).toEqual(['p3', 'p5', 'p1', 'p0', 'p4', 'p2']);
  });

  it('puts numbers (and numeric strings) before text, and keeps equal cells in their order', async () => {
    const { store, id } = stored();
    // p1 and p4 are both 30: they keep the order they came in; p3 ('') and p5 (absent) last.
    expect(await ids(store, id, 'size', 'asc')).toEqual(['p1', 'p4', 'p0', 'p2', 'p3', 'p5']);
  });

  it('reverses for descending but still keeps empties last and ties stable', async () => {
    const { store, id } = stored();
    expect(await ids(store, id, 'size', 'desc')).toEqual(['p2', 'p0', 'p1', 'p4', 'p3', 'p5']);
    expect(await ids(store, id, 'name', 'desc')).toEqual(['p0', 'p4', 'p1', 'p3', 'p5', 'p2']);
  });

  it('sorts by a dotted column and serves windows of the sorted order', async () => {
    const { store, id } = stored();
    expect(await ids(store, id, 'owner.id', 'asc')).toEqual(['p1', 'p3', 'p5', 'p0', 'p4', 'p2']);
    const window = await store.slice(id, {
      kind: 'items',
      start: 2,
      end: 4,
      sort: { key: 'owner.id', direction: 'asc' },
    });
    expect(window).toMatchObject({ start: 2, end: 4, total: 6 });
    expect(window.items).toEqual([projects[5], projects[0]]);
    // Unsorted slices are untouched by the kept order.
    expect(await store.slice(id, { kind: 'items', start: 0, end: 2 })).toMatchObject({
      items: [projects[0], projects[1]],
    });
  });

  it('sorts a merged fetch-all list of 100,000 items and pages through it', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({
      id: `u${i}`,
      name: `user${(i * 7919) % 100_000}`,
    }));
    const store = new ResponseStore();
    const id = store.putItems(items, 'users.user');
    const first = await store.slice(id, {
      kind: 'items',
      start: 0,
      end: 3,
      sort: { key: 'name', direction: 'desc' },
    });
    expect((first.items as { name: string }[]).map((u) => u.name)).toEqual([
      'user99999',
      'user99998',
      'user99997',
    ]);
    const last = await ids(store, id, 'name', 'desc', 99_999, 100_000);
    expect(last).toEqual(['u0']);
  });

  it('filters in main, over the sorted order, and counts the matches as the total', async () => {
    const { store, id } = stored();
    const filter = { text: 'sales', columns: ['id', 'name'] };
    const matched = await store.slice(id, { kind: 'items', start: 0, end: 10, filter });
    expect(matched.total).toBe(3);
    expect((matched.items as { id: string }[]).map((p) => p.id)).toEqual(['p0', 'p1', 'p4']);
    const sorted = await store.slice(id, {
      kind: 'items',
      start: 1,
      end: 10,
      filter,
      sort: { key: 'owner.id', direction: 'desc' },
    });
    // Owners u-c, u-b, u-a: the filter keeps the sort's order; windows start inside the matches.
    expect(sorted).toMatchObject({ start: 1, end: 3, total: 3 });
    expect((sorted.items as { id: string }[]).map((p) => p.id)).toEqual(['p0', 'p1']);
    // `column:value` looks in that column even when it is hidden; a bare word only in visible ones.
    const byOwner = await store.slice(id, {
      kind: 'items',
      start: 0,
      end: 10,
      filter: { text: 'owner.id:u-a', columns: ['name'] },
    });
    expect((byOwner.items as { id: string }[]).map((p) => p.id)).toEqual(['p1', 'p3', 'p5']);
    const hidden = await store.slice(id, {
      kind: 'items',
      start: 0,
      end: 10,
      filter: { text: 'u-a', columns: ['name'] },
    });
    expect(hidden.total).toBe(0);
  });

  it('filters a 100,000-item fetch-all and pages through the matches', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({
      id: `u${i}`,
      name: `user${i}`,
      siteRole: i % 10 === 0 ? 'Creator' : 'Viewer',
    }));
    const store = new ResponseStore();
    const id = store.putItems(items, 'users.user');
    const filter = { text: 'siteRole:creator', columns: ['id', 'name', 'siteRole'] };
    const last = await store.slice(id, { kind: 'items', start: 9_999, end: 10_200, filter });
    expect(last).toMatchObject({ start: 9_999, end: 10_000, total: 10_000 });
    expect(last.items).toEqual([items[99_990]]);
  });

  it('keeps the last four orders per response and drops them on release', async () => {
    const { store, id } = stored();
    for (const key of ['id', 'name', 'size', 'owner.id']) await ids(store, id, key, 'asc');
    await ids(store, id, 'name', 'asc'); // used again: now the most recent
    await ids(store, id, 'name', 'desc');
    expect(store.sortOrders(id)).toEqual(['asc:size', 'asc:owner.id', 'asc:name', 'desc:name']);
    store.release(id);
    expect(store.sortOrders(id)).toEqual([]);
    await expect(ids(store, id, 'name', 'asc')).rejects.toMatchObject({
      code: 'response.notFound',
    });
  });
});

describe('spill folders left by a crash', () => {
  it('removes a dead run’s folder at start and keeps a running one’s', () => {
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-spill-sweep-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      const folder = (name: string) => {
        fs.mkdirSync(path.join(temp, name));
        fs.writeFileSync(path.join(temp, name, 'body'), 'x');
        return name;
      };
      const crashed = folder(`trestle-responses-${dead}-abc123`);
      const running = folder(`trestle-responses-${process.pid}-def456`);
      const legacyFresh = folder('trestle-responses-ghi789');
      const legacyOld = folder('trestle-responses-jkl012');
      const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
      fs.utimesSync(path.join(temp, legacyOld), dayAgo, dayAgo);
      const removed = removeOrphanedSpills(temp).map((f) => path.basename(f));
      expect(removed.sort()).toEqual([crashed, legacyOld].sort());
      expect(fs.readdirSync(temp).sort()).toEqual([legacyFresh, running].sort());
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });
});
