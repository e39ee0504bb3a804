import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import type { FetchAllOutcome } from '../shared/operations';
import { engineFor, fetchAllOf, USERS, type EngineFixture } from './test-support';
import { csvChunks } from './export';

let sandbox: RunningSandbox;
let fixture: EngineFixture;
let dir: string;
let fetched: FetchAllOutcome;
let ids: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-export-'));
  sandbox = await startSandbox({ port: 0, seed: 3, scale: 100_000 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
  fetched = (await fetchAllOf(fixture.engine, 'sandbox', USERS, { concurrency: 8 })).outcome;
  const slice = await fixture.engine.responses.slice(fetched.responseId as string, {
    kind: 'items',
    start: 0,
    end: 100_000,
  });
  ids = (slice.items as Array<{ id: string }>).map((user) => user.id);
});
afterAll(async () => {
  await fixture?.engine.dispose();
  await sandbox?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A response made of these items, as a fetch-all would leave it. */
function listOf(items: unknown[]): string {
  return fixture.engine.responses.putItems(items, 'users.user');
}

describe('export', () => {
  it('streams a 100,000-user fetch-all to a CSV of 100,001 lines with the same ids', async () => {
    expect(fetched).toMatchObject({ items: 100_000, missing: { items: 0, pages: [] } });
    const csv = fixture.engine.exportResponse(fetched.responseId as string, 'csv');
    const target = path.join(dir, csv.name);
    const size = await csv.writeTo(target);
    const text = fs.readFileSync(target, 'utf8');
    expect(Buffer.byteLength(text)).toBe(size);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(100_001);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((row) => row.id)).toEqual(ids);
    // Bounded memory: the text is made a chunk at a time, none near the whole.
    let largest = 0;
    let chunks = 0;
    for (const chunk of csvChunks(Array.from({ length: 100_000 }, (_, i) => ({ id: ids[i] })))) {
      largest = Math.max(largest, chunk.length);
      chunks++;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(largest).toBeLessThan(size / 10);
    expect(fs.readdirSync(dir)).toEqual([csv.name]);
    fs.rmSync(target);
  });

  it('streams the same fetch-all to JSON that parses to the same ids', async () => {
    const json = fixture.engine.exportResponse(fetched.responseId as string, 'json');
    const target = path.join(dir, json.name);
    await json.writeTo(target);
    const items = JSON.parse(fs.readFileSync(target, 'utf8')) as Array<{ id: string }>;
    expect(items.map((user) => user.id)).toEqual(ids);
    // The same text as pretty-printing the whole list at once would give.
    const few = [{ id: 'a', tags: ['x'], owner: { name: 'b' } }, { id: 'c' }];
    const small = fixture.engine.exportResponse(listOf(few), 'json');
    await small.writeTo(path.join(dir, 'few.json'));
    expect(fs.readFileSync(path.join(dir, 'few.json'), 'utf8')).toBe(JSON.stringify(few, null, 2));
    fs.rmSync(target);
    fs.rmSync(path.join(dir, 'few.json'));
  });

  it('puts every column any item has in the header once, and escapes formulas', async () => {
    const items: unknown[] = Array.from({ length: 4500 }, (_, i) => ({
      id: `u${i}`,
      name: i === 7 ? '=HYPERLINK("http://evil.example","click")' : `user ${i}, "quoted"`,
      domain: { name: 'local' },
    }));
    // Only the last item, in the last chunk, has this field: the header must still name it.
    items.push({ id: 'late', name: 'late', domain: { name: 'corp' }, email: '@late.example' });
    const csv = fixture.engine.exportResponse(listOf(items), 'csv');
    const target = path.join(dir, 'columns.csv');
    await csv.writeTo(target);
    const text = fs.readFileSync(target, 'utf8');
    const columns = ['id', 'name', 'domain.name', 'email'];
    const rows = items.map((item) => {
      const { id, name, domain, email } = item as Record<string, string> & {
        domain: { name: string };
      };
      return [id, name, domain.name, email ?? ''];
    });
    expect(text).toBe(Papa.unparse({ fields: columns, data: rows }, { escapeFormulae: true }));
    expect(text.split('\r\n')[0]).toBe('id,name,domain.name,email');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`"'@late.example"`);
    fs.rmSync(target);
  });

  it('exports the table’s view: its sort, filter and visible columns, nested cells as shown', async () => {
    const items = [
      { id: 'w1', name: 'Sales', owner: { name: 'Ann' }, tags: { tag: [{ label: 'q3' }] } },
      { id: 'w2', name: 'Finance', owner: { name: 'Bob' }, tags: {} },
      { id: 'w3', name: 'Sales EU', owner: { name: 'Cy' }, tags: { tag: [{ label: 'eu' }] } },
    ];
    const id = fixture.engine.responses.putItems(items, 'workbooks.workbook');
    const view = {
      sort: { key: 'name', direction: 'desc' as const },
      filter: { text: 'sales', columns: ['name', 'tags'] },
      columns: ['name', 'tags', 'owner.name'],
    };
    const csv = fixture.engine.exportResponse(id, 'csv', view);
    expect(csv.rows).toBe(2);
    await csv.writeTo(path.join(dir, 'view.csv'));
    expect(fs.readFileSync(path.join(dir, 'view.csv'), 'utf8')).toBe(
      'name,tags,owner.name\r\nSales EU,eu,Cy\r\nSales,q3,Ann',
    );
    const json = fixture.engine.exportResponse(id, 'json', view);
    await json.writeTo(path.join(dir, 'view.json'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'view.json'), 'utf8'))).toEqual([
      { name: 'Sales EU', tags: items[2].tags, owner: { name: 'Cy' } },
      { name: 'Sales', tags: items[0].tags, owner: { name: 'Ann' } },
    ]);
    // Without a view: everything, every field, in the server's order, as before.
    const all = fixture.engine.exportResponse(id, 'json');
    expect(all.rows).toBe(3);
    await all.writeTo(path.join(dir, 'all.json'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'all.json'), 'utf8'))).toEqual(items);
    for (const name of ['view.csv', 'view.json', 'all.json']) fs.rmSync(path.join(dir, name));
  });

  it('leaves the previous file untouched and no partial file when an export fails', async () => {
    const target = path.join(dir, 'users.json');
    fs.writeFileSync(target, 'the previous export');
    // JSON cannot hold a BigInt: the export fails after several chunks were written.
    const items: unknown[] = Array.from({ length: 9000 }, (_, i) => ({ id: `u${i}` }));
    items.push({ id: 'broken', size: 10n });
    const json = fixture.engine.exportResponse(listOf(items), 'json');
    await expect(json.writeTo(target)).rejects.toThrow(/BigInt/);
    expect(fs.readFileSync(target, 'utf8')).toBe('the previous export');
    expect(fs.readdirSync(dir)).toEqual(['users.json']);
    const nowhere = path.join(dir, 'missing-folder', 'users.csv');
    const csv = fixture.engine.exportResponse(listOf(items), 'csv');
    await expect(csv.writeTo(nowhere)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(dir)).toEqual(['users.json']);
    fs.rmSync(target);
  });
});
