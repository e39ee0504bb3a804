import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ResponseStore } from './response-store';

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
