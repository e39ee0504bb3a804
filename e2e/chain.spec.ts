import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { CollectionsDoc, SavedRequest } from '../shared/documents';
import { expect, signInToSandbox, test } from './fixtures';
import { resolvedUrl, shootBothThemes } from './trust-helpers';
import { hostCall, openPreset, send, status, table } from './workbench';

/**
 * Issue 12 in the app: variables, chaining without scripts and collection runs — the issue's
 * chain (Create Project → capture id → Add User → capture id → Update User → Add user to
 * group → delete both), sent by hand and then run as a folder, its JUnit report exported.
 */

const SITE = '/api/{api-version}/sites/{site-id}';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function request(
  id: string,
  name: string,
  method: SavedRequest['spec']['method'],
  path: string,
  extra: Partial<SavedRequest> & { body?: unknown; pathParams?: Record<string, string> } = {},
): SavedRequest {
  const { body, pathParams, ...rest } = extra;
  return {
    id,
    name,
    description: '',
    connectionId: 'sandbox',
    spec: {
      method,
      path,
      pathParams: pathParams ?? {},
      query: [],
      headers: [],
      body: body ? { kind: 'json', text: JSON.stringify(body, null, 2) } : { kind: 'none' },
      accept: 'json',
    },
    ...rest,
  };
}

/** The chain as saved requests; Create Project gets its capture and assertion in the UI. */
const onboarding: CollectionsDoc = {
  schemaVersion: 2,
  collections: [
    {
      id: 'col-onboarding',
      name: 'Onboarding',
      folders: [],
      requests: [
        request('r1', 'Create Project', 'POST', `${SITE}/projects`, {
          body: { project: { name: 'Chain project {{suffix}}' } },
        }),
        request('r2', 'Add User to Site', 'POST', `${SITE}/users`, {
          body: { user: { name: 'chain-user-{{suffix}}', siteRole: 'Viewer' } },
          captures: [
            { name: 'user-id', from: 'body', path: 'user.id', scope: 'connection', enabled: true },
          ],
          assertions: [{ kind: 'status', expected: '201', enabled: true }],
        }),
        request('r3', 'Update User', 'PUT', `${SITE}/users/{user-id}`, {
          pathParams: { 'user-id': '{{user-id}}' },
          body: { user: { siteRole: 'Explorer' } },
          assertions: [
            {
              kind: 'jsonPath',
              path: 'user.siteRole',
              op: 'equals',
              value: 'Explorer',
              enabled: true,
            },
          ],
        }),
        request('r4', 'Create Group', 'POST', `${SITE}/groups`, {
          body: { group: { name: 'Chain group {{suffix}}' } },
          captures: [
            {
              name: 'group-id',
              from: 'body',
              path: 'group.id',
              scope: 'connection',
              enabled: true,
            },
          ],
        }),
        request('r5', 'Add User to Group', 'POST', `${SITE}/groups/{{group-id}}/users`, {
          body: { user: { id: '{{user-id}}' } },
          assertions: [{ kind: 'status', expected: '200', enabled: true }],
        }),
        request('r6', 'Delete Project', 'DELETE', `${SITE}/projects/{{project-id}}`, {
          assertions: [{ kind: 'status', expected: '204', enabled: true }],
        }),
        request('r7', 'Remove User from Site', 'DELETE', `${SITE}/users/{{user-id}}`, {
          assertions: [{ kind: 'status', expected: '204', enabled: true }],
        }),
      ],
    },
  ],
};

/** Shows a folder's row actions (they appear on hover) and clicks one. */
async function folderAction(page: Page, action: string, folder: string): Promise<void> {
  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByText(`▣ ${folder}`, { exact: true }).hover();
  await page.getByRole('button', { name: `${action} ${folder}`, exact: true }).click();
}

async function openSaved(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('button', { name: `Open ${name}`, exact: true }).click();
}

const afterSend = (page: Page) => page.getByRole('status', { name: 'After send' });

test('the issue’s chain in the app: captures flow from one request to the next, then the folder runs and its JUnit report is exported', async ({
  page,
  trestle,
}, info) => {
  await hostCall(trestle, 'collections:put', onboarding);
  await page.goto(trestle.url);
  await signInToSandbox(page);

  // A folder variable, set in the folder's editor.
  await folderAction(page, 'Variables of', 'Onboarding');
  const editor = page.getByRole('dialog', { name: 'Variables' });
  await expect(editor.getByLabel('Scope', { exact: true })).toHaveValue('folder:col-onboarding');
  await editor.getByRole('button', { name: 'Add variable' }).click();
  await editor.getByLabel('Variable 1 name').fill('suffix');
  await editor.getByLabel('Variable 1 value').fill('by-hand');
  // Folders travel in exports: no secrets there.
  await expect(editor.getByLabel('Variable 1 secret')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Save' }).click();

  // Create Project gets its capture and assertion under the request, saved with it.
  await openSaved(page, 'Create Project');
  await page.getByRole('tab', { name: 'Captures & assertions' }).click();
  await page.getByRole('button', { name: 'Add capture' }).click();
  await page.getByLabel('Capture 1 variable').fill('project-id');
  await page.getByLabel('Capture 1 JSON path').fill('project.id');
  await expect(page.getByLabel('Capture 1 scope')).toHaveValue('connection');
  await page.getByRole('button', { name: 'Add assertion' }).click();
  await page.getByLabel('Assertion 1 status').fill('201');
  await expect(page.getByRole('tab', { name: 'Captures & assertions (2)' })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+s');
  await expect
    .poll(async () => {
      const doc = (await hostCall(trestle, 'collections:get')) as CollectionsDoc;
      return doc.collections[0].requests[0].captures?.[0]?.path;
    })
    .toBe('project.id');

  await send(page);
  await expect(status(page)).toHaveText(/^201/);
  await expect(afterSend(page)).toContainText(/set project-id = [0-9a-f-]{8}/);
  await expect(afterSend(page)).toContainText('(Sandbox environment)');
  await expect(afterSend(page)).toContainText('✔ status is 201');
  const projectId = ((await afterSend(page).innerText()).match(UUID) ?? [''])[0];
  expect(projectId).toMatch(UUID);

  await openSaved(page, 'Add User to Site');
  await send(page);
  await expect(status(page)).toHaveText(/^201/);
  await expect(afterSend(page)).toContainText(/set user-id = [0-9a-f-]{8}/);
  const userId = ((await afterSend(page).innerText()).match(UUID) ?? [''])[0];

  // Update User: {{user-id}} is filled from the environment, and says so on hover.
  await openSaved(page, 'Update User');
  await expect(resolvedUrl(page)).toContainText(`/users/${userId}`);
  await expect(
    page.getByRole('group', { name: 'Variables used' }).or(page.getByLabel('Variables used')),
  ).toBeVisible();
  await expect(page.getByLabel(`{{user-id}} = ${userId} — Sandbox environment`)).toBeVisible();
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
  await expect(afterSend(page)).toContainText('✔ user.siteRole equals “Explorer”');
  await shootBothThemes(page, info, 'chain-after-send');

  // The whole folder as a run: a pasted row gives the run its own suffix.
  await folderAction(page, 'Run', 'Onboarding');
  const dialog = page.getByRole('dialog', { name: 'Run Onboarding' });
  await expect(dialog).toContainText('7 requests in order');
  await dialog.getByLabel('Pasted').check();
  await dialog.getByLabel('Data rows').fill('suffix\nby-run\n');
  await dialog.getByRole('button', { name: 'Run', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Run Onboarding' });
  await expect(panel.getByLabel('Run counts')).toHaveText('7 passed · 0 failed · 0 skipped');
  const results = panel.getByRole('table', { name: 'Run results' });
  await expect(results.getByRole('row')).toHaveCount(8);
  for (const name of [
    'Create Project',
    'Add User to Site',
    'Update User',
    'Create Group',
    'Add User to Group',
    'Delete Project',
    'Remove User from Site',
  ])
    await expect(
      results.getByRole('row', { name: new RegExp(`^Step 1\\.\\d ${name}$`) }),
    ).toContainText('passed');
  // The run's own project, created and deleted, not the one made by hand.
  await expect(results.getByRole('row', { name: /Delete Project/ })).not.toContainText(projectId);
  await shootBothThemes(page, info, 'chain-run');

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export JUnit' }).click();
  const file = await (await download).path();
  const junit = fs.readFileSync(file, 'utf8');
  expect(junit).toContain(
    '<testsuite name="Onboarding" tests="7" failures="0" errors="0" skipped="0"',
  );
  expect(junit.match(/<testcase /g)).toHaveLength(7);
});

test('a {{variable}} with no value blocks Send with its name marked; Set as variable on a table cell fills it, and Use as {user-id} opens a preset with it', async ({
  page,
  trestle,
}) => {
  const sends: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/ipc/request%3Asend')) sends.push(r.postData() ?? '');
  });
  await page.goto(trestle.url);
  await signInToSandbox(page);
  await openPreset(page, 'Query User On Site');
  await page.getByLabel('Path parameter user-id').fill('{{picked-user}}');
  await expect(resolvedUrl(page).locator('mark')).toHaveText('{{picked-user}}');
  await send(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Not sent' })).toContainText(
    '{{picked-user}} ({user-id}) has no value',
  );
  expect(sends).toEqual([]);

  await openPreset(page, 'Get Users on Site');
  await send(page);
  await expect(table(page)).toBeVisible();
  const cell = table(page).locator('[role="row"][aria-rowindex="3"] [role="gridcell"]').first();
  const headers = await table(page).getByRole('columnheader').allInnerTexts();
  const idColumn = headers.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === 'id');
  const idCell = table(page)
    .locator('[role="row"][aria-rowindex="3"]')
    .locator('[role="gridcell"], [role="rowheader"]')
    .nth(idColumn);
  await expect(cell).toBeVisible();
  const id = (await idCell.innerText()).trim();
  await idCell.click();
  await page.getByRole('button', { name: 'Set as variable…' }).click();
  const set = page.getByRole('dialog', { name: 'Set as variable' });
  await expect(set.getByLabel('Name')).toHaveValue('user-id');
  await set.getByLabel('Name').fill('picked-user');
  await expect(set.getByLabel('Value')).toHaveText(id);
  await set.getByRole('button', { name: 'Set variable' }).click();
  await expect(page.getByText('Set {{picked-user}} in Sandbox environment.')).toBeVisible();

  // Use as {user-id} in… from the same cell.
  await page.getByRole('button', { name: 'Use as {user-id} in…' }).click();
  const use = page.getByRole('dialog', { name: 'Use as {user-id} in…' });
  await use.getByRole('button', { name: /Remove User from Site/ }).click();
  await expect(page.getByRole('tab', { name: /Remove User from Site/ })).toBeVisible();
  await expect(page.getByLabel('Path parameter user-id')).toHaveValue(id);

  // Back on the first tab, the variable now has a value: the URL is complete and Send goes.
  await page.getByRole('tab', { name: /Query User On Site/ }).click();
  await expect(resolvedUrl(page)).toHaveAttribute('data-complete', 'true');
  await expect(resolvedUrl(page)).toContainText(`/users/${id}`);
  await send(page);
  await expect(status(page)).toHaveText(/^200/);
});

test.describe('Pretty and secrets', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Pretty’s own menu copies a value and its path and sets it as a variable with a capture; a double-click selects a whole UUID', async ({
    page,
    trestle,
  }, info) => {
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await openPreset(page, 'Query Projects');
    await send(page);
    await page.getByRole('tab', { name: 'Pretty' }).click();
    const line = page
      .locator('.code-view .view-line')
      .filter({ hasText: /"id":\s"/ })
      .first();
    await expect(line).toBeVisible();
    const uuid = ((await line.innerText()).match(UUID) ?? [''])[0];
    const token = line.locator('span', { hasText: uuid.slice(9, 13) }).last();
    await token.dblclick();
    await page.keyboard.press('ControlOrMeta+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(uuid);

    await token.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Value at projects.project[0].id' });
    await expect(menu).toBeVisible();
    await shootBothThemes(page, info, 'chain-pretty-menu');
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Copy value',
      'Copy path (projects.project[0].id)',
      'Set as variable…',
      'Use as {project-id} in…',
    ]);
    await menu.getByRole('menuitem', { name: 'Copy path (projects.project[0].id)' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      'projects.project[0].id',
    );
    // Not Monaco's developer menu.
    await expect(page.locator('.monaco-menu')).toHaveCount(0);

    await token.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Set as variable…' }).click();
    const set = page.getByRole('dialog', { name: 'Set as variable' });
    await expect(set.getByLabel('Name')).toHaveValue('project-id');
    await set.getByLabel(/Also capture it from every answer/).check();
    await set.getByRole('button', { name: 'Set variable' }).click();
    await expect(page.getByRole('tab', { name: 'Captures & assertions (1)' })).toBeVisible();
    const view = (await hostCall(trestle, 'variables:get')) as {
      environments: Record<string, Array<{ name: string; value: string }>>;
    };
    expect(view.environments.sandbox).toEqual([
      { name: 'project-id', value: uuid, secret: false, enabled: true },
    ]);
  });

  test('a secret variable is masked in the URL line, filled in by the engine, and never reaches the page or history', async ({
    page,
    trestle,
  }, info) => {
    const secret = 'name:eq:Default';
    const answers: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/ipc/')) answers.push(await r.text().catch(() => ''));
    });
    await page.goto(trestle.url);
    await signInToSandbox(page);
    await page.getByRole('button', { name: 'Variables of Sandbox' }).click();
    const editor = page.getByRole('dialog', { name: 'Variables' });
    await editor.getByRole('button', { name: 'Add variable' }).click();
    await editor.getByLabel('Variable 1 name').fill('only-default');
    await editor.getByLabel('Variable 1 value').fill(secret);
    await editor.getByLabel('Variable 1 secret').check();
    await expect(editor.getByRole('note')).toContainText(
      'held in memory by Trestle’s engine until it stops',
    );
    await editor.getByRole('button', { name: 'Save' }).click();

    await openPreset(page, 'Query Projects');
    await page.getByLabel('New query parameter name').fill('filter');
    await page.getByLabel('Query parameter filter value').fill('{{only-default}}');
    await expect(resolvedUrl(page)).toContainText('filter=••••••');
    await send(page);
    await expect(status(page)).toHaveText(/^200/);
    await expect(page.getByLabel('Item count')).toHaveText('1 item');

    // Reopened, the editor keeps the value without showing it.
    await page.getByRole('button', { name: 'Variables of Sandbox' }).click();
    await expect(editor.getByLabel('Variable 1 value')).toHaveValue('');
    await expect(editor.getByLabel('Variable 1 value')).toHaveAttribute(
      'placeholder',
      /kept: type to replace/,
    );
    await shootBothThemes(page, info, 'chain-secret-variable');
    await editor.getByRole('button', { name: 'Cancel' }).click();

    const history = (await hostCall(trestle, 'history:list')) as Array<{
      spec: { query: Array<{ value: string }> };
    }>;
    expect(history[0].spec.query.map((q) => q.value)).toContain('{{only-default}}');
    expect(await page.content()).not.toContain(secret);
    for (const text of answers) expect(text).not.toContain(secret);
  });
});
