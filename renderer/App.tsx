import { useEffect, useRef, useState } from 'react';
import { findPreset, type Preset } from '../shared/catalog';
import type { SavedRequest } from '../shared/documents';
import { call } from './api';
import { CatalogPanel } from './components/CatalogPanel';
import { CollectionsPanel } from './components/CollectionsPanel';
import { ConnectionsPanel } from './components/ConnectionsPanel';
import { ConfirmDialog } from './components/Dialog';
import { HistoryPanel } from './components/HistoryPanel';
import { RequestBuilder } from './components/RequestBuilder';
import { RequestTabs } from './components/RequestTabs';
import { ResponseViewer } from './components/ResponseViewer';
import { SaveRequestDialog } from './components/SaveRequestDialog';
import { SettingsFooter } from './components/SettingsFooter';
import { Sidebar, type SidebarView } from './components/Sidebar';
import { SplitPane } from './components/SplitPane';
import { Toasts } from './components/Toasts';
import { WelcomePane } from './components/WelcomePane';
import { disposeBodyModel } from './editor/lazy-editors';
import { startDownload } from './lib/download';
import { formatCount } from './lib/format';
import { newId } from './lib/ids';
import { specFromPreset } from './lib/request-spec';
import { problemsBeforeSend } from './lib/send-checks';
import { addCollection, findRequest, insertRequest, updateRequest } from './state/collection-tree';
import { useCollections } from './state/use-collections';
import { useConnections } from './state/use-connections';
import { useHistory } from './state/use-history';
import { useRequestRunner } from './state/use-request-runner';
import { useSettings } from './state/use-settings';
import { useShortcuts } from './state/use-shortcuts';
import { useTabs } from './state/use-tabs';
import { useToasts } from './state/use-toasts';
import { useWorkspace } from './state/use-workspace';

export function App() {
  const { toasts, notify, dismiss } = useToasts();
  const connections = useConnections(notify);
  const collections = useCollections(notify);
  const { settings, update: updateSettings } = useSettings();
  const tabs = useTabs();
  useWorkspace(tabs, notify);
  const history = useHistory(tabs, notify);
  const [sidebarView, setSidebarView] = useState<SidebarView>('catalog');
  const [confirm, setConfirm] = useState<{ tabId: string; problems: string[] } | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call('app:info').then(
      (info) => {
        for (const p of info.storeProblems ?? [])
          notify(`${p.file} could not be read (${p.reason}); it was kept as ${p.movedTo}.`, {
            tone: 'error',
          });
      },
      () => undefined,
    );
  }, [notify]);

  const runner = useRequestRunner(tabs, {
    connectionId: connections.activeId,
    fetchAllConcurrency: settings.fetchAllConcurrency,
    onSent: history.refresh,
  });

  // Renaming a saved request in Collections renames the tab that edits it.
  const { tabs: openTabs, update: updateTab } = tabs;
  useEffect(() => {
    for (const tab of openTabs) {
      const saved = tab.savedRequestId ? findRequest(collections.doc, tab.savedRequestId) : null;
      if (saved && saved.request.name !== tab.title)
        updateTab(tab.id, (t) => ({ ...t, title: saved.request.name }));
    }
  }, [collections.doc, openTabs, updateTab]);

  const active = tabs.active;
  const activePreset = active?.presetId ? findPreset(active.presetId) : undefined;

  const send = (force = false) => {
    if (!active || active.sending) return;
    const problems = force
      ? []
      : problemsBeforeSend(active.spec, activePreset, connections.session);
    if (problems.length) setConfirm({ tabId: active.id, problems });
    else void runner.send(active.id);
  };

  const save = () => {
    if (!active) return;
    const doc = collections.current();
    if (active.savedRequestId && findRequest(doc, active.savedRequestId)) {
      collections.change(updateRequest(doc, active.savedRequestId, { spec: active.spec }));
      tabs.update(active.id, (t) => ({ ...t, baseline: t.spec }));
      notify(`Saved “${active.title}”.`);
    } else {
      setSaving(active.id);
    }
  };

  useShortcuts({
    send: () => send(),
    save,
    search: () => {
      setSidebarView('catalog');
      window.setTimeout(() => searchRef.current?.focus(), 0);
    },
  });

  const openPreset = (preset: Preset) =>
    tabs.open(preset.name, specFromPreset(preset), { presetId: preset.id });
  const openSaved = (request: SavedRequest) => {
    if (!tabs.focusSaved(request.id))
      tabs.open(request.name, request.spec, {
        savedRequestId: request.id,
        presetId: request.presetId,
      });
  };
  const closeTab = (id: string) => {
    tabs.close(id);
    disposeBodyModel(id);
  };

  const exportList = async (responseId: string, format: 'json' | 'csv') => {
    try {
      const result = await call('export:save', responseId, format);
      if (result.downloadUrl) startDownload(result.downloadUrl);
      if (result.path) notify(`Exported ${formatCount(result.rows)} rows to ${result.path}`);
    } catch (error) {
      notify(`Export failed: ${(error as Error).message}`, { tone: 'error' });
    }
  };

  const savingTab = saving ? tabs.get(saving) : undefined;
  return (
    <div className="app">
      <Sidebar
        view={sidebarView}
        onView={setSidebarView}
        connections={<ConnectionsPanel api={connections} notify={notify} />}
        views={{
          catalog: (
            <CatalogPanel
              ref={searchRef}
              apiVersion={connections.session?.apiVersion ?? null}
              onOpen={openPreset}
            />
          ),
          collections: <CollectionsPanel api={collections} onOpen={openSaved} />,
          history: (
            <HistoryPanel
              entries={history.entries}
              onOpen={(entry) => void history.reopen(entry)}
              onClear={history.clear}
            />
          ),
        }}
        footer={<SettingsFooter settings={settings} onChange={updateSettings} />}
      />
      <main className="workspace">
        <RequestTabs
          tabs={tabs.tabs}
          activeId={tabs.activeId}
          onSelect={tabs.setActiveId}
          onClose={closeTab}
          onNew={tabs.openBlank}
        />
        {active ? (
          <SplitPane
            top={
              <RequestBuilder
                key={active.id}
                tab={active}
                preset={activePreset}
                session={connections.session}
                onChange={(spec) => tabs.update(active.id, (t) => ({ ...t, spec }))}
                onSend={() => send()}
                onCancel={() => runner.cancel(active.id)}
              />
            }
            bottom={
              <ResponseViewer
                key={active.id}
                tab={active}
                runner={runner}
                onExport={(id, f) => void exportList(id, f)}
                onNotice={(m) => notify(m)}
              />
            }
          />
        ) : (
          <WelcomePane
            signedIn={Boolean(connections.session)}
            connectionName={connections.active?.name ?? 'Sandbox'}
            onOpenPreset={openPreset}
            onNew={tabs.openBlank}
          />
        )}
      </main>
      {confirm && (
        <ConfirmDialog
          title="Send anyway?"
          confirmLabel="Send anyway"
          onClose={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void runner.send(confirm.tabId);
          }}
          message={
            <ul className="problems-list" aria-label="Problems found before sending">
              {confirm.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      {savingTab && (
        <SaveRequestDialog
          doc={collections.doc}
          defaultName={savingTab.title}
          onClose={() => setSaving(null)}
          onSave={(name, target) => {
            let doc = collections.current();
            let folderId: string;
            if ('newCollection' in target) {
              const created = addCollection(doc, target.newCollection);
              doc = created.doc;
              folderId = created.id;
            } else folderId = target.folderId;
            const id = newId('req');
            collections.change(
              insertRequest(doc, folderId, {
                id,
                name,
                description: '',
                presetId: savingTab.presetId,
                spec: savingTab.spec,
              }),
            );
            tabs.update(savingTab.id, (t) => ({
              ...t,
              title: name,
              savedRequestId: id,
              baseline: t.spec,
            }));
            setSaving(null);
            notify(`Saved “${name}”.`);
          }}
        />
      )}
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
