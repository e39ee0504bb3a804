import { workspaceDocSchema, type WorkspaceDoc } from '../shared/documents';
import type { Persistence } from './store/persistence';
import { redactSpec } from './history';

/**
 * The open tabs, kept across restarts. The renderer writes them (debounced); main redacts
 * user-typed auth headers the way history does, so no secret reaches the file whatever the
 * renderer sends.
 */
export class OpenTabs {
  constructor(private readonly persistence: Persistence) {}

  get(): WorkspaceDoc {
    return this.persistence.read('workspace');
  }

  put(doc: WorkspaceDoc): void {
    const parsed = workspaceDocSchema.parse(doc);
    const tabs = parsed.tabs.map((tab) => ({
      ...tab,
      spec: redactSpec(tab.spec),
      ...(tab.baseline ? { baseline: redactSpec(tab.baseline) } : {}),
    }));
    const activeTabId = tabs.some((t) => t.id === parsed.activeTabId)
      ? parsed.activeTabId
      : (tabs[0]?.id ?? null);
    this.persistence.write('workspace', { schemaVersion: 2, tabs, activeTabId });
  }
}
