import { describe, expect, it } from 'vitest';
import { findPreset } from '../../shared/catalog';
import {
  bodyFieldSuggestions,
  defaultMapping,
  fillRow,
  mappingTargets,
  planRows,
  templateSpec,
  type Mapping,
} from './for-each-row';

const preset = (id: string) => {
  const p = findPreset(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

describe('for each row', () => {
  it('maps {user-id} to the id column and fills one DELETE per row', () => {
    const remove = preset('users.remove-user-from-site');
    const targets = mappingTargets(remove);
    expect(targets.map((t) => t.label)).toEqual(['{user-id}', 'mapAssetsTo']);
    const mapping = defaultMapping(targets, ['id', 'name', 'siteRole']);
    expect(mapping['each.user-id']).toEqual({ kind: 'column', column: 'id' });
    const spec = templateSpec(remove, targets, mapping);
    expect(spec.pathParams).toEqual({ 'user-id': '{{each.user-id}}' });
    expect(spec.query).toEqual([]);
    const plans = planRows(
      [
        { id: 'u-1', name: 'ana' },
        { id: '', name: 'ben' },
        { id: 'u-3', name: 'cy' },
      ],
      targets,
      mapping,
      'name',
    );
    expect(plans.map((p) => p.skipped)).toEqual([null, 'empty id (for {user-id})', null]);
    expect(fillRow(spec, plans[2].values).pathParams['user-id']).toBe('u-3');
  });

  it('writes a constant into the body and a column as a JSON-safe value', () => {
    const update = preset('users.update-user');
    const targets = mappingTargets(update);
    const mapping: Mapping = {
      ...defaultMapping(targets, ['id', 'fullName']),
      'each.body.user.siteRole': { kind: 'constant', value: 'Unlicensed' },
      'each.body.user.fullName': { kind: 'column', column: 'fullName' },
    };
    const spec = templateSpec(update, targets, mapping);
    const [plan] = planRows([{ id: 'u-1', fullName: 'Ana "the admin"' }], targets, mapping, null);
    const body = fillRow(spec, plan.values).body;
    expect(body.kind === 'json' && JSON.parse(body.text)).toEqual({
      user: { siteRole: 'Unlicensed', fullName: 'Ana "the admin"' },
    });
  });

  it('adds a body field the example leaves out (workbook.owner.id), from Tableau’s schema', () => {
    const update = preset('workbooks.update-workbook');
    expect(bodyFieldSuggestions(update)).toContain('workbook.owner.id');
    expect(mappingTargets(update).map((t) => t.label)).not.toContain('workbook.owner.id');
    const targets = mappingTargets(update, ['workbook.owner.id', 'not a path!']);
    expect(targets.filter((t) => t.place === 'body').map((t) => t.label)).toEqual([
      'workbook.name',
      'workbook.showTabs',
      'workbook.project.id',
      'workbook.owner.id',
    ]);
  });

  it('names CSV rows by their row and line, with the name when there is one', () => {
    const remove = preset('users.remove-user-from-site');
    const targets = mappingTargets(remove);
    const mapping = defaultMapping(targets, ['id', 'name']);
    const plans = planRows(
      [
        { id: 'u-1', name: 'ana' },
        { id: '', name: '' },
      ],
      targets,
      mapping,
      'name',
      ['row 1 (line 2)', 'row 2 (line 4)'],
    );
    expect(plans.map((p) => `${p.label}: ${p.skipped ?? 'sent'}`)).toEqual([
      'row 1 (line 2) · ana: sent',
      'row 2 (line 4): empty id (for {user-id})',
    ]);
  });
});
