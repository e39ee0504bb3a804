import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { findPreset } from '../../shared/catalog';
import type { OperationSnapshot } from '../../shared/operations';
import type { RequestSpec } from '../../shared/request';
import type { RunOutcome } from '../../shared/run';
import {
  defaultMapping,
  forEachRunStart,
  labelColumnOf,
  mappingTargets,
  planRows,
  templateSpec,
  type Mapping,
} from '../../renderer/lib/for-each-row';
import { engineFor, type EngineFixture } from '../test-support';

/**
 * The typical uses of "For each row", built by the dialog's own logic (the preset, the
 * mapping, the row plans, the run it starts) and sent to the sandbox through the engine's `run`
 * operation, then checked on the sandbox itself.
 */

let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 14 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

const SITE = '/api/{api-version}/sites/{site-id}';

async function call(
  method: RequestSpec['method'],
  path: string,
  extra: { body?: unknown; query?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const summary = await fixture.engine.send('sandbox', {
    method,
    path: `${SITE}${path}`,
    pathParams: {},
    query: Object.entries(extra.query ?? {}).map(([name, value]) => ({
      name,
      value,
      enabled: true,
    })),
    headers: [],
    body: extra.body ? { kind: 'json', text: JSON.stringify(extra.body) } : { kind: 'none' },
    accept: 'json',
  });
  return {
    status: summary.status,
    body: (fixture.engine.responses.parsed(summary.responseId) ?? {}) as Record<string, unknown>,
  };
}

interface Workbook {
  id: string;
  name: string;
  project: { id: string; name: string };
  owner: { id: string };
  tags?: { tag?: { label: string }[] };
  hasExtracts?: boolean;
}

async function workbooks(): Promise<Workbook[]> {
  const { body } = await call('GET', '/workbooks', {
    query: { pageSize: '1000', fields: '_all_' },
  });
  return (body.workbooks as { workbook: Workbook[] }).workbook;
}

async function workbook(id: string): Promise<Workbook> {
  return (await call('GET', `/workbooks/${id}`)).body.workbook as Workbook;
}

/** What the dialog does on Send: the run of the planned rows, waited for to its end. */
async function forEachRow(
  presetId: string,
  rows: Record<string, unknown>[],
  mapping: (defaults: Mapping) => Mapping,
  extraBodyFields: string[] = [],
): Promise<{ outcome: RunOutcome; skipped: string[]; bodies: string[] }> {
  const preset = findPreset(presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  const columns = Object.keys(rows[0] ?? {});
  const targets = mappingTargets(preset, extraBodyFields);
  const chosen = mapping(defaultMapping(targets, columns));
  const spec = templateSpec(preset, targets, chosen);
  const plans = planRows(rows, targets, chosen, labelColumnOf(columns));
  const started = await fixture.engine.startOperation(
    'sandbox',
    forEachRunStart({
      id: 'each-test',
      requestId: 'each-request',
      preset,
      spec,
      plans,
      sourceName: 'selected rows',
      bail: false,
      concurrency: 4,
    }),
  );
  const done = (await fixture.engine.operations.wait(started.operationId)) as OperationSnapshot & {
    outcome: RunOutcome;
  };
  return {
    outcome: done.outcome,
    skipped: plans.filter((p) => p.skipped).map((p) => `${p.label}: ${p.skipped}`),
    bodies: spec.body.kind === 'json' ? [spec.body.text] : [],
  };
}

describe('for each row: the typical uses against the sandbox', () => {
  it('removes the selected users (Remove User from Site, {user-id} ← id)', async () => {
    const names = ['each-rm-1', 'each-rm-2', 'each-rm-3'];
    for (const name of names)
      expect(
        (await call('POST', '/users', { body: { user: { name, siteRole: 'Viewer' } } })).status,
      ).toBe(201);
    const listed = await call('GET', '/users', {
      query: { filter: `name:in:[${names.join(',')}]` },
    });
    const users = (listed.body.users as { user: Record<string, unknown>[] }).user;
    expect(users).toHaveLength(3);
    const selected = users.filter((u) => u.name !== 'each-rm-2');

    const { outcome } = await forEachRow('users.remove-user-from-site', selected, (m) => m);
    expect(outcome.results.map((r) => `${r.state} ${r.status}`)).toEqual([
      'passed 204',
      'passed 204',
    ]);
    const left = await call('GET', '/users', { query: { filter: `name:in:[${names.join(',')}]` } });
    expect((left.body.users as { user: { name: string }[] }).user.map((u) => u.name)).toEqual([
      'each-rm-2',
    ]);
  });

  it('changes the owner of the selected workbooks (Update Workbook, workbook.owner.id added)', async () => {
    const created = await call('POST', '/users', {
      body: { user: { name: 'each-new-owner', siteRole: 'Creator' } },
    });
    const ownerId = (created.body.user as { id: string }).id;
    const picked = (await workbooks()).slice(0, 3);

    const { outcome, bodies } = await forEachRow(
      'workbooks.update-workbook',
      picked as unknown as Record<string, unknown>[],
      (m) => ({ ...m, 'each.body.workbook.owner.id': { kind: 'constant', value: ownerId } }),
      ['workbook.owner.id'],
    );
    // Only the owner is sent: the example's name, showTabs and project are left out.
    expect(JSON.parse(bodies[0])).toEqual({ workbook: { owner: { id: ownerId } } });
    expect(outcome.passed).toBe(3);
    for (const wb of picked) {
      const now = await workbook(wb.id);
      expect(now.owner.id).toBe(ownerId);
      expect(now.name).toBe(wb.name);
      expect(now.project.id).toBe(wb.project.id);
    }
  });

  it('adds a tag from a column to each workbook (Add Tags to Workbook, tags.tag.0.label ← tag)', async () => {
    const picked = (await workbooks()).slice(3, 6);
    const rows = picked.map((wb, i) => ({ id: wb.id, name: wb.name, tag: `each-tag-${i + 1}` }));
    rows.push({ id: '', name: 'no id here', tag: 'each-tag-x' });

    const { outcome, skipped } = await forEachRow('workbooks.add-tags-to-workbook', rows, (m) => ({
      ...m,
      'each.body.tags.tag.0.label': { kind: 'column', column: 'tag' },
    }));
    expect(skipped).toEqual(['no id here: empty id (for {workbook-id})']);
    expect(outcome.rows).toBe(3);
    expect(outcome.passed).toBe(3);
    for (const [i, wb] of picked.entries()) {
      const labels = ((await workbook(wb.id)).tags?.tag ?? []).map((t) => t.label);
      expect(labels).toContain(`each-tag-${i + 1}`);
    }
  });

  it('moves the selected workbooks to another project (Update Workbook, workbook.project.id)', async () => {
    const project = await call('POST', '/projects', {
      body: { project: { name: 'Each row destination' } },
    });
    const projectId = (project.body.project as { id: string }).id;
    const picked = (await workbooks()).slice(6, 8);

    const { outcome, bodies } = await forEachRow(
      'workbooks.update-workbook',
      picked as unknown as Record<string, unknown>[],
      (m) => ({ ...m, 'each.body.workbook.project.id': { kind: 'constant', value: projectId } }),
    );
    expect(JSON.parse(bodies[0])).toEqual({ workbook: { project: { id: projectId } } });
    expect(outcome.passed).toBe(2);
    for (const wb of picked) expect((await workbook(wb.id)).project.id).toBe(projectId);
  });

  it('refreshes the selected extracts (Update Workbook Now, Update Data Source Now: a job each)', async () => {
    const withExtracts = (await workbooks()).filter((wb) => wb.hasExtracts).slice(0, 2);
    expect(withExtracts).toHaveLength(2);
    const jobsBefore = await call('GET', '/jobs');
    const countBefore = Number(
      (jobsBefore.body.pagination as { totalAvailable: string }).totalAvailable,
    );

    const { outcome, bodies } = await forEachRow(
      'workbooks.update-workbook-now',
      withExtracts as unknown as Record<string, unknown>[],
      (m) => m,
    );
    expect(JSON.parse(bodies[0])).toEqual({});
    expect(outcome.results.map((r) => `${r.state} ${r.status}`)).toEqual([
      'passed 202',
      'passed 202',
    ]);
    const { body } = await call('GET', '/datasources', { query: { fields: '_all_' } });
    const sources = (body.datasources as { datasource: { id: string; hasExtracts?: boolean }[] })
      .datasource;
    const extracts = sources.filter((ds) => ds.hasExtracts).slice(0, 1);
    expect(extracts).toHaveLength(1);
    const refreshed = await forEachRow('datasources.update-data-source-now', extracts, (m) => m);
    expect(refreshed.outcome.results.map((r) => `${r.state} ${r.status}`)).toEqual(['passed 202']);

    const jobsAfter = await call('GET', '/jobs');
    expect(Number((jobsAfter.body.pagination as { totalAvailable: string }).totalAvailable)).toBe(
      countBefore + 3,
    );
  });
});
