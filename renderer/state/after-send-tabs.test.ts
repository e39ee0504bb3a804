import { describe, expect, it } from 'vitest';
import { workspaceDocSchema } from '../../shared/documents';
import { completeAfterSend } from '../lib/after-send';
import { emptySpec } from '../lib/request-spec';
import { newTab, type AfterSend } from './tab-model';
import { isDirty } from './use-tabs';
import { fromWorkspaceDoc, toWorkspaceDoc } from './workspace-doc';

/** Issue 12: captures and assertions are edited with the request, in its tab. */
const saved: AfterSend = {
  captures: [
    { name: 'project-id', from: 'body', path: 'project.id', scope: 'connection', enabled: true },
  ],
  assertions: [{ kind: 'status', expected: '201', enabled: true }],
};
const typing: AfterSend = {
  captures: [
    ...saved.captures,
    { name: '', from: 'body', path: 'user.', scope: 'run', enabled: true },
  ],
  assertions: [
    ...saved.assertions,
    { kind: 'jsonPath', path: '', op: 'exists', value: '', enabled: true },
  ],
};

describe('captures and assertions in a tab', () => {
  it('make the tab dirty when changed, and survive a restart half typed, still dirty', () => {
    const tab = newTab('t1', 'Create Project', emptySpec(), {
      connectionId: 'sandbox',
      afterSend: saved,
    });
    expect(isDirty(tab)).toBe(false);
    const edited = { ...tab, afterSend: typing };
    expect(isDirty(edited)).toBe(true);
    const stored = workspaceDocSchema.parse(
      JSON.parse(JSON.stringify(toWorkspaceDoc([edited], 't1'))),
    );
    const [restored] = fromWorkspaceDoc(stored, 'sandbox').tabs;
    expect(restored.afterSend).toEqual(typing);
    expect(restored.afterSendBaseline).toEqual(saved);
    expect(isDirty(restored)).toBe(true);
  });

  it('save and apply only the whole rows (a name and a JSON path, a valid status)', () => {
    expect(completeAfterSend(typing)).toEqual(saved);
    expect(
      completeAfterSend({
        captures: [],
        assertions: [{ kind: 'status', expected: '2x', enabled: true }],
      }).assertions,
    ).toEqual([]);
  });
});
