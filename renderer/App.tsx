import { useEffect, useRef, useState } from 'react';
import { findPreset, type Preset } from '../shared/catalog';
import type { SavedRequest } from '../shared/documents';
import type { ExportView } from '../shared/ipc/contract';
import { DEFAULT_TABLE_STATE } from '../shared/table-view';
import { call } from './api';
import { CatalogPanel } from './components/CatalogPanel';
import { CollectionsPanel } from './components/CollectionsPanel';
import { ConnectionsPanel, type ConnectionActionRequest } from './components/ConnectionsPanel';
import { BulkUsersButton } from './components/BulkUsersButton';
import { SiteToolView, SiteToolsLauncher, type SiteTool } from './components/siteops/SiteTools';
import './styles/siteops.css';
import { SendConfirmDialog } from './components/SendConfirmDialog';
import { ChainDialogs } from './components/ChainDialogs';
import { GettingStartedDialog, ShortcutsDialog } from './components/HelpDialogs';
import { HistoryPanel } from './components/HistoryPanel';
import { PublishPanel } from './components/PublishPanel';
import { RunPanel } from './components/RunPanel';
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
import { specFromPreset, specFromQueryPreset, specsEqual } from './lib/request-spec';
import type { GraphqlQueryPreset } from '../shared/catalog/families/metadata-api';
import { emptyPlaceholders } from './lib/resolved-url';
import { confirmationFor, problemsBeforeSend, type SendConfirmation } from './lib/send-checks';
import { plainError } from './lib/user-error';
import { completeAfterSend } from './lib/after-send';
import { ChainContext, useChaining } from './state/use-chaining';
import { addCollection, findRequest, insertRequest, updateRequest } from './state/collection-tree';
import { useCollections } from './state/use-collections';
import { useConnections } from './state/use-connections';
import { useHistory } from './state/use-history';
import { useRequestRunner } from './state/use-request-runner';
import { useSettings } from './state/use-settings';
import { useShortcuts } from './state/use-shortcuts';
import { useTabs } from './state/use-tabs';
import { useToasts } from './state/use-toasts';
import { JobsContext, useJobs } from './state/use-jobs';
import { useWorkspace } from './state/use-workspace';

export function App() {
  const { toasts, notify, dismiss } = useToasts();
  const connections = useConnections(notify);
  const collections = useCollections(notify);
  const { settings, update: updateSettings } = useSettings();
  const tabs = useTabs();
  useWorkspace(tabs, notify, () => connections.activeId);
  const history = useHistory(tabs, notify);
  const chain = useChaining({ tabs, collections, connections, notify });
  const [sidebarView, setSidebarView] = useState<SidebarView>('catalog');
  /** A site tool shown in the workspace in place of the request tabs' content. */
  const [siteTool, setSiteTool] = useState<SiteTool | null>(null);
  // Opening or switching a request tab (catalog, collections, history) brings the requests back.
  useEffect(() => setSiteTool(null), [tabs.activeId, tabs.tabs.length]);
  const [confirm, setConfirm] = useState<{
    tabId: string;
    problems: string[];
    confirmation: SendConfirmation | null;
  } | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState<'shortcuts' | 'gettingStarted' | null>(null);
  const [host, setHost] = useState<'electron' | 'web'>('electron');

  useEffect(() => {
    call('app:info').then(
      (info) => {
        setHost(info.host);
        for (const p of info.storeProblems ?? [])
          notify({
            message: `${p.file} could not be read, so Trestle started without it; the file was kept, untouched, as ${p.movedTo}.`,
            detail: p.reason,
          });
      },
      () => undefined,
    );
  }, [notify]);

  // Jobs followed at app level (issue 19): "Show in Jobs" opens the Jobs view on the job's connection.
  const jobs = useJobs(
    notify,
    connections.connections,
    (connectionId) => {
      connections.setActiveId(connectionId);
      setSiteTool('jobs');
    },
    host,
  );

  const runner = useRequestRunner(tabs, {
    fetchAllConcurrency: settings.fetchAllConcurrency,
    onSent: history.refresh,
    prepare: chain.prepare,
    // A request that starts work and answers with a <job> is followed without asking.
    onResponse: (tab, response) => jobs.followResponse(tab.connectionId, response, tab.title),
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

  /**
   * Requests saved or left open before version 2 relied on an empty `{user-id}` meaning the
   * signed-in user. When such a tab's connection is signed in, its id is written into the
   * field — visibly: the field shows it, the tab has unsaved changes, and a note says why.
   * Nothing is sent by this; the user still presses Send.
   */
  const { sessions, connections: connectionList } = connections;
  useEffect(() => {
    for (const tab of openTabs) {
      const session = sessions[tab.connectionId];
      if (!tab.userIdFromSignIn || !session) continue;
      const name = connectionList.find((c) => c.id === tab.connectionId)?.name ?? 'this server';
      updateTab(tab.id, (t) => ({
        ...t,
        userIdFromSignIn: undefined,
        spec: {
          ...t.spec,
          pathParams: t.spec.pathParams['user-id']?.trim()
            ? t.spec.pathParams
            : { ...t.spec.pathParams, 'user-id': session.userId },
        },
        notice: `Trestle filled {user-id} with your own id (${session.userName} on ${name}): this request was saved when an empty {user-id} meant the signed-in user, and it no longer does. Check the id before sending, then save.`,
      }));
    }
  }, [openTabs, sessions, connectionList, updateTab]);

  const active = tabs.active;
  const activePreset = active?.presetId ? findPreset(active.presetId) : undefined;
  const activeConnection = active
    ? (connectionList.find((c) => c.id === active.connectionId) ?? null)
    : null;
  const activeSession = active ? (sessions[active.connectionId] ?? null) : null;

  const send = (force = false) => {
    if (!active || active.sending) return;
    // Sending keeps a preview tab, as an edit does.
    if (active.preview) tabs.keep(active.id);
    // An empty placeholder is never sent: the fields say why (DESIGN.md §11).
    if (emptyPlaceholders(active.spec).length > 0) {
      tabs.update(active.id, (t) => ({ ...t, sendBlocked: true }));
      return;
    }
    // Nor is a `{{variable}}` without a value (issue 12): the URL line marks the name.
    if (chain.blockSend(active)) return;
    // Checked and confirmed as it will go: with its variables' values (secrets still named).
    const outgoing = chain.prepared(active);
    const problems = force ? [] : problemsBeforeSend(outgoing, activePreset, activeSession);
    const confirmation = activeConnection
      ? confirmationFor(outgoing, activeConnection, activeSession, settings.confirmDestructive)
      : null;
    if (problems.length || confirmation) setConfirm({ tabId: active.id, problems, confirmation });
    else void runner.send(active.id);
  };

  const save = () => {
    if (!active) return;
    if (active.preview) tabs.keep(active.id);
    const doc = collections.current();
    if (active.savedRequestId && findRequest(doc, active.savedRequestId)) {
      collections.change(
        updateRequest(doc, active.savedRequestId, {
          spec: active.spec,
          connectionId: active.connectionId,
          userIdFromSignIn: active.userIdFromSignIn,
          ...completeAfterSend(active.afterSend),
        }),
      );
      tabs.update(active.id, (t) => ({
        ...t,
        baseline: t.spec,
        afterSendBaseline: completeAfterSend(t.afterSend),
      }));
      notify(`Saved “${active.title}”.`);
    } else {
      setSaving(active.id);
    }
  };

  /** The next (1) or previous (-1) tab, wrapping round. */
  const cycleTab = (step: 1 | -1) => {
    const list = tabs.tabs;
    if (list.length < 2) return;
    const at = list.findIndex((t) => t.id === tabs.activeId);
    tabs.setActiveId(list[(at + step + list.length) % list.length].id);
  };
  useShortcuts({
    send: () => send(),
    save,
    search: () => {
      setSidebarView('catalog');
      window.setTimeout(() => searchRef.current?.focus(), 0);
    },
    closeTab: () => {
      if (active) closeTab(active.id);
    },
    nextTab: () => cycleTab(1),
    previousTab: () => cycleTab(-1),
    focusPath: () => {
      const path = document.querySelector<HTMLInputElement>('input.path-input');
      if (!path) return false;
      path.focus();
      path.select();
    },
    // No table on screen: the browser's own find is left to work.
    filterTable: () => {
      const box = document.querySelector<HTMLInputElement>('[data-quick-filter]');
      if (!box) return false;
      box.focus();
      box.select();
    },
    showShortcuts: () => setHelp((h) => (h === 'shortcuts' ? null : 'shortcuts')),
  });

  // A new tab takes the connection selected in the sidebar; nothing re-targets it later.
  const openPreset = (preset: Preset) =>
    tabs.open(preset.name, specFromPreset(preset), {
      presetId: preset.id,
      connectionId: connections.activeId,
    });
  /**
   * The catalog: a single click opens a preview tab, a double click keeps it (VS Code's
   * preview editors); Sign In and Switch Site are the connection's own actions.
   */
  const [connectionAction, setConnectionAction] = useState<ConnectionActionRequest | null>(null);
  const openFromCatalog = (preset: Preset, how: { keep: boolean }) => {
    if (preset.doneByConnection) {
      setConnectionAction({
        kind: preset.doneByConnection,
        connectionId: connections.activeId,
        nonce: Date.now(),
      });
      return;
    }
    const previewing = tabs.active?.preview && tabs.active.presetId === preset.id;
    if (how.keep && previewing && tabs.active) return tabs.keep(tabs.active.id);
    if (how.keep) return void openPreset(preset);
    const { replaced } = tabs.openPreview(preset.name, specFromPreset(preset), {
      presetId: preset.id,
      connectionId: connections.activeId,
    });
    if (replaced) disposeBodyModel(replaced);
  };
  /** A preset with some path values filled (the Publish result's "Open in…"). */
  const openPresetWith = (presetId: string, pathParams: Record<string, string>) => {
    const preset = findPreset(presetId);
    if (!preset) return;
    const spec = specFromPreset(preset);
    tabs.open(
      preset.name,
      { ...spec, pathParams: { ...spec.pathParams, ...pathParams } },
      {
        presetId: preset.id,
        connectionId: connections.activeId,
      },
    );
  };
  /** A Metadata API governance query: a GraphQL tab of the GraphQL Query preset. */
  const openQuery = (query: GraphqlQueryPreset) =>
    tabs.open(query.name, specFromQueryPreset(query), {
      presetId: 'metadata.graphql-query',
      connectionId: connections.activeId,
    });
  const openSaved = (request: SavedRequest) => {
    if (tabs.focusSaved(request.id)) return;
    const known = connectionList.some((c) => c.id === request.connectionId);
    tabs.open(request.name, request.spec, {
      savedRequestId: request.id,
      presetId: request.presetId,
      connectionId: known && request.connectionId ? request.connectionId : connections.activeId,
      afterSend: { captures: request.captures ?? [], assertions: request.assertions ?? [] },
      ...(request.userIdFromSignIn ? { userIdFromSignIn: true as const } : {}),
      ...(request.connectionId && !known
        ? {
            notice:
              'The connection this request was saved for no longer exists; it is aimed at the selected one. Check the connection before sending.',
          }
        : {}),
    });
  };
  const openBlank = () => tabs.openBlank(connections.activeId);
  const closeTab = (id: string) => {
    tabs.close(id);
    disposeBodyModel(id);
  };

  const exportList = async (responseId: string, format: 'json' | 'csv', view?: ExportView) => {
    try {
      const result = await call('export:save', responseId, format, view);
      if (result.downloadUrl) startDownload(result.downloadUrl);
      if (result.path) notify(`Exported ${formatCount(result.rows)} rows to ${result.path}`);
    } catch (error) {
      notify(plainError(error, 'Export failed'));
    }
  };

  const savingTab = saving ? tabs.get(saving) : undefined;
  return (
    <ChainContext.Provider value={chain}>
      <JobsContext.Provider value={jobs}>
        <div className="app">
          <Sidebar
            view={sidebarView}
            onView={setSidebarView}
            connections={
              <>
                <ConnectionsPanel api={connections} notify={notify} action={connectionAction} />
                <BulkUsersButton connection={connections.active} session={connections.session} />
                <SiteToolsLauncher
                  connection={connections.active ?? null}
                  active={siteTool}
                  onOpen={setSiteTool}
                />
              </>
            }
            views={{
              catalog: (
                <CatalogPanel
                  ref={searchRef}
                  apiVersion={(activeSession ?? connections.session)?.apiVersion ?? null}
                  onOpen={openFromCatalog}
                  onOpenQuery={openQuery}
                />
              ),
              collections: <CollectionsPanel api={collections} onOpen={openSaved} />,
              history: (
                <HistoryPanel
                  entries={history.entries}
                  connections={connectionList}
                  onOpen={(entry) => void history.reopen(entry)}
                  onClear={history.clear}
                />
              ),
              publish: (
                <PublishPanel
                  settings={settings}
                  onSettings={updateSettings}
                  connection={connections.active ?? null}
                  session={connections.session ?? null}
                  onOpen={openPresetWith}
                  notify={(message) => notify(message)}
                  onJobPublish={jobs.watchPublish}
                />
              ),
            }}
            footer={<SettingsFooter settings={settings} onChange={updateSettings} />}
          />
          <main className="workspace">
            <RequestTabs
              tabs={tabs.tabs}
              connections={connectionList}
              activeId={tabs.activeId}
              onSelect={(id) => {
                setSiteTool(null);
                tabs.setActiveId(id);
              }}
              onClose={closeTab}
              onNew={openBlank}
              onKeep={tabs.keep}
              onHelp={() => setHelp('shortcuts')}
            />
            {siteTool && connections.active ? (
              <SiteToolView
                tool={siteTool}
                connection={connections.active}
                session={connections.session ?? null}
                notify={notify}
                onClose={() => setSiteTool(null)}
              />
            ) : active ? (
              <SplitPane
                top={
                  <RequestBuilder
                    key={active.id}
                    tab={active}
                    preset={activePreset}
                    connections={connectionList}
                    session={activeSession}
                    onChange={(spec) =>
                      tabs.update(active.id, (t) => ({
                        ...t,
                        spec,
                        // An edit keeps a preview tab.
                        preview: specsEqual(spec, t.spec) ? t.preview : undefined,
                        sendBlocked: t.sendBlocked && emptyPlaceholders(spec).length > 0,
                      }))
                    }
                    onConnection={(connectionId) =>
                      tabs.update(active.id, (t) => ({ ...t, connectionId, preview: undefined }))
                    }
                    onPreset={(presetId) =>
                      tabs.update(active.id, (t) => ({ ...t, presetId, preview: undefined }))
                    }
                    onDismissNotice={() =>
                      tabs.update(active.id, (t) => ({ ...t, notice: undefined }))
                    }
                    onSend={() => send()}
                    onCancel={() => runner.cancel(active.id)}
                    onStaleWorkbooks={(days, maxViews) =>
                      void runner.staleWorkbooks(active.id, days, maxViews)
                    }
                  />
                }
                bottom={
                  <ResponseViewer
                    key={active.id}
                    tab={active}
                    runner={runner}
                    onExport={(id, f, view) => void exportList(id, f, view)}
                    onNotice={(m) => notify(m)}
                    onTableState={(patch) =>
                      tabs.update(active.id, (t) => ({
                        ...t,
                        table: { ...DEFAULT_TABLE_STATE, ...t.table, ...patch },
                      }))
                    }
                  />
                }
              />
            ) : (
              <WelcomePane
                signedIn={Boolean(connections.session)}
                connectionName={connections.active?.name ?? 'Sandbox'}
                onOpenPreset={openPreset}
                onNew={openBlank}
                onGettingStarted={() => setHelp('gettingStarted')}
                onShortcuts={() => setHelp('shortcuts')}
              />
            )}
            <RunPanel runs={chain.runs} />
          </main>
          {confirm && (
            <SendConfirmDialog
              problems={confirm.problems}
              confirmation={confirm.confirmation}
              onClose={() => setConfirm(null)}
              onConfirm={() => {
                setConfirm(null);
                void runner.send(confirm.tabId);
              }}
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
                    connectionId: savingTab.connectionId,
                    spec: savingTab.spec,
                    ...(savingTab.userIdFromSignIn ? { userIdFromSignIn: true as const } : {}),
                    ...completeAfterSend(savingTab.afterSend),
                  }),
                );
                tabs.update(savingTab.id, (t) => ({
                  ...t,
                  title: name,
                  savedRequestId: id,
                  baseline: t.spec,
                  afterSendBaseline: completeAfterSend(t.afterSend),
                }));
                setSaving(null);
                notify(`Saved “${name}”.`);
              }}
            />
          )}
          <ChainDialogs
            chain={chain}
            tabs={tabs}
            collections={collections}
            connections={connectionList}
            sessions={sessions}
            activeConnectionId={connections.activeId}
          />
          {help === 'shortcuts' && (
            <ShortcutsDialog
              browser={host === 'web'}
              onClose={() => setHelp(null)}
              onGettingStarted={() => setHelp('gettingStarted')}
            />
          )}
          {help === 'gettingStarted' && <GettingStartedDialog onClose={() => setHelp(null)} />}
          <Toasts toasts={toasts} onDismiss={dismiss} />
        </div>
      </JobsContext.Provider>
    </ChainContext.Provider>
  );
}
