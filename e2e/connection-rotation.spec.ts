import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { startFront } from '../engine/front-test-support';
import { expect, signInToSandbox, test, type Trestle } from './fixtures';
import { addConnection, signInWithPassword } from './trust-helpers';
import { sandboxSignIn } from './workbench';

const OLD_SERVER = 'pg-analytics.corp.example.com';
const NEW_SERVER = 'pg-new.corp.example.com';
const PASSWORD = 'Rot4te-s3cret!pw';

async function shots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(test.info().outputDir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Every connection on the sandbox's default site, through Query Workbook Connections and Query
 * Data Source Connections: `type:item:connection → server|port|user|embed`, and the type.
 */
async function siteConnections(trestle: Trestle) {
  const { token, siteId } = await sandboxSignIn(trestle);
  const get = async (p: string) => {
    const res = await fetch(`${trestle.sandbox.url}/api/3.29/sites/${siteId}${p}`, {
      headers: { 'x-tableau-auth': token, accept: 'application/json' },
    });
    expect(res.ok).toBe(true);
    return (await res.json()) as Record<string, Record<string, unknown>>;
  };
  const asList = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []) as Record<string, unknown>[];
  const out = new Map<string, string>();
  const types = new Map<string, string>();
  const items: { kind: string; id: unknown }[] = [];
  for (const kind of ['workbook', 'datasource'])
    for (const item of asList((await get(`/${kind}s?pageSize=1000`))[`${kind}s`][kind]))
      items.push({ kind, id: item.id });
  // Sixteen at once: the slow sandbox of the second test answers each after a delay.
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < items.length) {
        const { kind, id } = items[next++];
        const body = await get(`/${kind}s/${id}/connections`);
        for (const c of asList(body.connections.connection)) {
          const key = `${kind}:${id}:${c.id}`;
          out.set(key, `${c.serverAddress}|${c.serverPort}|${c.userName}|${c.embedPassword}`);
          types.set(key, String(c.type));
        }
      }
    }),
  );
  return { fields: out, types };
}

test('connection rotation: list, filter by server, select, preview, run, results, report', async ({
  page,
  trestle,
}) => {
  const before = await siteConnections(trestle);
  const matching = [...before.fields].filter(([, v]) => v.startsWith(`${OLD_SERVER}|`));
  const total = before.fields.size;
  const files = [...before.types.values()].filter((t) => t === 'excel-direct').length;
  expect(files).toBeGreaterThan(0);
  expect(matching.length).toBeGreaterThan(1);

  await page.goto(trestle.url);
  await signInToSandbox(page);
  await page
    .getByRole('group', { name: 'Site tools' })
    .getByRole('button', { name: 'Connections' })
    .click();
  const view = page.getByRole('region', { name: 'Connections and credentials' });
  await view.getByRole('button', { name: 'List connections' }).click();
  const counts = view.getByLabel('Connection counts');
  await expect(counts).toHaveText(`${total} of ${total} connections · 0 selected`);
  await expect(view.getByLabel('Listing result')).toContainText(`${total} connections on`);

  // Filter by one server address: only its connections remain.
  await view.getByLabel('Filter by server address').selectOption(OLD_SERVER);
  await expect(counts).toHaveText(`${matching.length} of ${total} connections · 0 selected`);
  const grid = view.getByRole('grid', { name: 'Connections' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(matching.length + 1));
  await expect(grid.getByRole('row').nth(1)).toContainText(OLD_SERVER);
  await view.getByRole('button', { name: `Select all ${matching.length} shown` }).click();
  await expect(counts).toHaveText(
    `${matching.length} of ${total} connections · ${matching.length} selected`,
  );

  // One file connection picked by hand: the preview says why it cannot be changed.
  await view.getByLabel('Filter by server address').selectOption({ label: 'Any' });
  await view
    .getByLabel('Filter by database type')
    .selectOption({ label: `excel-direct (${files})` });
  const fileRow = grid.getByRole('row').nth(1);
  await fileRow.getByRole('checkbox').check();
  await expect(counts).toContainText(`· ${matching.length + 1} selected`);
  await view.getByLabel('Filter by database type').selectOption({ label: 'Any' });
  await view.getByLabel('Filter by text').fill('pg-analytics');
  await expect(counts).toHaveText(
    `${matching.length} of ${total} connections · ${matching.length + 1} selected (1 not shown by the filter)`,
  );
  await shots(page, 'rotation-list');

  await view.getByLabel('New server address').fill(NEW_SERVER);
  await view.getByLabel('New port').fill('64x');
  await expect(view.getByRole('alert')).toHaveText('A port is a number.');
  await expect(view.getByRole('button', { name: /^Preview the change/ })).toBeDisabled();
  await view.getByLabel('New port').fill('6432');
  await view.getByLabel('New password').fill(PASSWORD);
  await view
    .getByRole('button', { name: `Preview the change on ${matching.length + 1} connections` })
    .click();

  await expect(view.getByLabel('Preview summary')).toHaveText(
    `Preview — nothing was sent. ${matching.length} will change · 1 cannot be changed (see why) · server address → ${NEW_SERVER}, port → 6432, a new password (not shown)`,
  );
  const preview = view.getByRole('grid', { name: 'Preview' });
  await expect(preview).toHaveAttribute('aria-rowcount', String(matching.length + 2));
  const firstPlanned = preview.getByRole('row').nth(1);
  await expect(firstPlanned).toContainText(`${OLD_SERVER} → ${NEW_SERVER}`);
  await expect(firstPlanned).toContainText('→ 6432');
  await expect(firstPlanned).toContainText('new (hidden)');
  await expect(firstPlanned).toContainText('will change');
  await preview.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(preview.getByRole('row').filter({ hasText: 'excel-direct' })).toContainText(
    'not changed',
  );
  await expect(preview.getByRole('row').filter({ hasText: 'excel-direct' })).toContainText(
    'A file connection (excel-direct) has no server',
  );
  await shots(page, 'rotation-preview');
  // Nothing was sent by the preview.
  expect((await siteConnections(trestle)).fields).toEqual(before.fields);

  await view.getByRole('button', { name: `Update ${matching.length} connections…` }).click();
  const confirm = page.getByRole('dialog', {
    name: `Update ${matching.length} connections on Sandbox?`,
  });
  await expect(confirm.getByLabel('Target')).toContainText('Connection');
  await expect(confirm.getByLabel('Target')).toContainText('Sandbox');
  await expect(confirm).toContainText('a new password (not shown)');
  await expect(confirm).toContainText('1 that cannot be changed is not sent');
  await shots(page, 'rotation-confirm');
  await confirm.getByRole('button', { name: 'Update connections' }).click();

  await expect(view.getByLabel('Update result')).toContainText(
    `${matching.length} updated, 0 failed`,
    {
      timeout: 30_000,
    },
  );
  const results = view.getByRole('grid', { name: 'Results' });
  await expect(results).toHaveAttribute('aria-rowcount', String(matching.length + 2));
  await expect(results.getByRole('row').nth(1)).toContainText('updated');
  await expect(results.getByRole('row').nth(1)).toContainText(`${OLD_SERVER} → ${NEW_SERVER}`);
  await shots(page, 'rotation-results');

  // Exactly the matching connections changed; the others did not.
  const after = await siteConnections(trestle);
  const expected = new Map(before.fields);
  for (const [key, v] of matching) {
    const [, , user] = v.split('|');
    expected.set(key, `${NEW_SERVER}|6432|${user}|true`);
  }
  expect(after.fields).toEqual(expected);

  // The report: every picked connection, before and after, the password only as "changed".
  const csvDownload = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export report CSV' }).click();
  const csvFile = path.join(test.info().outputDir, 'report.csv');
  await (await csvDownload).saveAs(csvFile);
  const csvText = fs.readFileSync(csvFile, 'utf8');
  const rows = Papa.parse<Record<string, string>>(csvText, {
    header: true,
    skipEmptyLines: true,
  }).data;
  expect(rows).toHaveLength(matching.length + 1);
  const updated = rows.filter((r) => r.state === 'updated');
  expect(updated).toHaveLength(matching.length);
  expect(updated.every((r) => r['serverAddress.before'] === OLD_SERVER)).toBe(true);
  expect(
    updated.every((r) => r['serverAddress.after'] === NEW_SERVER && r.password === 'changed'),
  ).toBe(true);
  expect(rows.filter((r) => r.state === 'skipped').map((r) => r.type)).toEqual(['excel-direct']);
  const jsonDownload = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export report JSON' }).click();
  const jsonFile = path.join(test.info().outputDir, 'report.json');
  await (await jsonDownload).saveAs(jsonFile);
  const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { connections: unknown[] };
  expect(json.connections).toHaveLength(matching.length + 1);

  // The password is nowhere afterwards: not in the reports, the page, its fields, the history,
  // the events the host sent, or anything the host wrote to its data folder.
  expect(csvText).not.toContain(PASSWORD);
  expect(fs.readFileSync(jsonFile, 'utf8')).not.toContain(PASSWORD);
  await expect(view.getByLabel('New password')).toHaveCount(0);
  expect(await page.content()).not.toContain(PASSWORD);
  const values = await page
    .locator('input, textarea')
    .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values.join('\n')).not.toContain(PASSWORD);
  await page.getByRole('button', { name: 'Back to requests' }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  expect(await page.content()).not.toContain(PASSWORD);
  expect(trestle.events.join('')).not.toContain(PASSWORD);
  const written = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? written(p) : [fs.readFileSync(p, 'latin1')];
    });
  expect(written(trestle.dataDir).join('\n')).not.toContain(PASSWORD);
});

test.describe('on a slow Production connection', () => {
  test.use({ sandboxOptions: { faults: { latencyMs: 60 } } });

  test('the listing can be cancelled, and the run asks first, marked Production', async ({
    page,
    trestle,
  }) => {
    const before = await siteConnections(trestle);
    await page.goto(trestle.url);
    await addConnection(page, trestle, 'Prod copy', { production: true });
    await signInWithPassword(page, 'Prod copy');
    await page
      .getByRole('group', { name: 'Site tools' })
      .getByRole('button', { name: 'Connections' })
      .click();
    const view = page.getByRole('region', { name: 'Connections and credentials' });
    await expect(view).toContainText('on Prod copy');

    await view.getByRole('button', { name: 'List connections' }).click();
    await expect(view.getByLabel('Listing progress')).toBeVisible();
    await expect(view.getByText(/Read the connections of \d+ of \d+ items/)).toBeVisible();
    await view.getByRole('button', { name: 'Cancel listing' }).click();
    await expect(view.getByLabel('Listing result')).toContainText('Cancelled after reading');
    await expect(view.getByRole('status')).toContainText('The listing was cancelled');
    const partial = Number(
      /^(\d[\d,]*) of/
        .exec((await view.getByLabel('Connection counts').textContent()) ?? '')?.[1]
        ?.replace(/,/g, ''),
    );
    expect(partial).toBeLessThan(before.fields.size);
    await shots(page, 'rotation-cancelled');

    await view.getByRole('button', { name: 'List again' }).click();
    await expect(view.getByLabel('Connection counts')).toHaveText(
      `${before.fields.size} of ${before.fields.size} connections · 0 selected`,
      { timeout: 60_000 },
    );
    await expect(view.getByRole('status')).toHaveCount(0);
    await view.getByLabel('Filter by server address').selectOption(OLD_SERVER);
    const shown = [...before.fields.values()].filter((v) => v.startsWith(`${OLD_SERVER}|`)).length;
    await view.getByRole('button', { name: `Select all ${shown} shown` }).click();
    await view.getByLabel('New user name').fill('prod_rotated');
    await view.getByRole('button', { name: `Preview the change on ${shown} connections` }).click();
    await view.getByRole('button', { name: `Update ${shown} connections…` }).click();
    const confirm = page.getByRole('dialog', { name: `Update ${shown} connections on Prod copy?` });
    await expect(confirm).toContainText('PRODUCTION');
    await expect(confirm).toContainText(
      'Prod copy is marked Production: every write to it asks first.',
    );
    await expect(confirm).toContainText('user name → prod_rotated');
    await shots(page, 'rotation-confirm-production');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
    // Said no: nothing was sent, the preview is still there to change or run.
    await expect(view.getByRole('grid', { name: 'Preview' })).toBeVisible();
    expect((await siteConnections(trestle)).fields).toEqual(before.fields);
  });
});

test('a refused update shows Tableau’s error, and Retry failed sends only that one again', async ({
  page,
  trestle,
}) => {
  const before = await siteConnections(trestle);
  const matching = [...before.fields].filter(([, v]) => v.startsWith(`${OLD_SERVER}|`));
  // A server in front of the sandbox that refuses the first update it is sent.
  const puts: string[] = [];
  const front = await startFront(trestle.sandbox.url, (req, res) => {
    if (req.method !== 'PUT') return false;
    puts.push(req.url ?? '');
    if (puts.length > 1) return false;
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
    await page.goto(trestle.url);
    await page.getByRole('button', { name: 'Add connection' }).click();
    const add = page.getByRole('dialog', { name: 'Add connection' });
    await add.getByLabel('Name', { exact: true }).fill('Refusing');
    await add.getByLabel('Server URL').fill(front.url);
    await add.getByLabel('Sign in with').selectOption('password');
    await add.getByLabel('User name').fill('admin');
    await add.getByRole('button', { name: 'Save connection' }).click();
    await signInWithPassword(page, 'Refusing');
    await page
      .getByRole('group', { name: 'Site tools' })
      .getByRole('button', { name: 'Connections' })
      .click();
    const view = page.getByRole('region', { name: 'Connections and credentials' });
    await view.getByRole('button', { name: 'List connections' }).click();
    await view.getByLabel('Filter by server address').selectOption(OLD_SERVER);
    await view.getByRole('button', { name: `Select all ${matching.length} shown` }).click();
    await view.getByLabel('New user name').fill('retried_user');
    await view
      .getByRole('button', { name: `Preview the change on ${matching.length} connections` })
      .click();
    await view.getByRole('button', { name: `Update ${matching.length} connections…` }).click();
    await page
      .getByRole('dialog', { name: `Update ${matching.length} connections on Refusing?` })
      .getByRole('button', { name: 'Update connections' })
      .click();

    const result = view.getByLabel('Update result');
    await expect(result).toContainText(`${matching.length - 1} updated, 1 failed`);
    const results = view.getByRole('grid', { name: 'Results' });
    await results.evaluate((el) => (el.scrollTop = 0));
    const failedRow = results.getByRole('row').filter({ hasText: 'failed' });
    await expect(failedRow).toHaveCount(1);
    await expect(failedRow).toContainText('403004');
    await expect(failedRow).toContainText('permission to update this connection');
    await shots(page, 'rotation-failed');
    const refusedKey = matching.find(([key]) =>
      puts[0].endsWith(`/connections/${key.split(':')[2]}`),
    );
    expect(refusedKey).toBeDefined();
    expect((await siteConnections(trestle)).fields.get(refusedKey![0])).toBe(refusedKey![1]);

    await view.getByRole('button', { name: 'Retry failed connections' }).click();
    await expect(result).toContainText(`${matching.length} updated, 0 failed`);
    expect(puts).toHaveLength(matching.length + 1);
    expect(puts[matching.length]).toBe(puts[0]);
    await expect(results.getByRole('row').filter({ hasText: 'failed' })).toHaveCount(0);

    const after = await siteConnections(trestle);
    const expected = new Map(before.fields);
    for (const [key, v] of matching) {
      const [server, port, , embed] = v.split('|');
      expected.set(key, `${server}|${port}|retried_user|${embed}`);
    }
    expect(after.fields).toEqual(expected);
  } finally {
    await front.close();
  }
});
