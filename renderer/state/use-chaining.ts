import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Capture } from '../../shared/captures';
import type { Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import type { VariableLayer } from '../../shared/variables';
import { call, ApiError } from '../api';
import { completeAfterSend } from '../lib/after-send';
import { sendableSpec, specFromPreset } from '../lib/request-spec';
import { folderChain, layersFor, prepareSend } from '../lib/tab-variables';
import { setHoverLayers } from '../lib/variable-hover-source';
import { findFolder, setFolderVariable } from './collection-tree';
import type { AfterSendResult, RequestTab } from './tab-model';
import type { ConnectionsApi } from './use-connections';
import type { CollectionsApi } from './use-collections';
import { useRuns, type RunsApi } from './use-runs';
import type { TabsApi } from './use-tabs';
import type { Notify } from './use-toasts';
import { useVariables, type VariablesApi } from './use-variables';

/** Where "Set as variable…" and captures put a value. */
export type ValueScope = 'run' | 'collection' | 'connection' | 'global';

/** The dialogs chaining opens, one at a time. */
export type ChainDialog =
  | {
      kind: 'setVariable';
      tabId: string;
      value: string;
      name: string;
      /** Where the value sits, for "also capture it from every answer". */
      capture: { from: 'body' | 'header'; path: string } | null;
    }
  | { kind: 'useAsParam'; tabId: string; value: string; steps: Array<string | number> }
  | { kind: 'variables'; scope: VariablesScope }
  | { kind: 'run'; collectionId: string; folderId: string | null };

export type VariablesScope =
  | { scope: 'global' }
  | { scope: 'connection'; connectionId: string }
  | { scope: 'session'; connectionId: string }
  | { scope: 'folder'; folderId: string };

interface Deps {
  tabs: TabsApi;
  collections: CollectionsApi;
  connections: ConnectionsApi;
  notify: Notify;
}

/**
 * Variables, chaining and runs in the app (issue 12): the layers each tab resolves with, the
 * check before Send, captures and assertions after every send, the dialogs (Set as
 * variable…, Use as {param} in…, the variable editors, Run) and the run being shown.
 */
export function useChaining({ tabs, collections, connections, notify }: Deps) {
  const variables = useVariables(notify);
  const [dialog, setDialog] = useState<ChainDialog | null>(null);
  const runs = useRuns(notify, variables.refresh);

  const { connections: connectionList } = connections;
  const layersForTab = useCallback(
    (tab: Pick<RequestTab, 'connectionId' | 'savedRequestId'>): VariableLayer[] => {
      const connection = connectionList.find((c) => c.id === tab.connectionId) ?? null;
      return layersFor({
        view: variables.view,
        session: variables.session,
        connection,
        folders: folderChain(collections.doc, tab.savedRequestId),
      });
    },
    [connectionList, variables.view, variables.session, collections.doc],
  );

  const layersRef = useRef(layersForTab);
  layersRef.current = layersForTab;
  // The body editor's hovers read the active tab's layers.
  const activeRef = useRef(tabs.active);
  activeRef.current = tabs.active;
  useEffect(
    () => setHoverLayers(() => (activeRef.current ? layersRef.current(activeRef.current) : [])),
    [],
  );

  /** What the runner sends: the tab's non-secret `{{names}}` filled, secrets left to main. */
  const prepare = useCallback(
    (tab: Pick<RequestTab, 'connectionId' | 'savedRequestId'>, spec: RequestSpec) =>
      prepareSend(spec, layersRef.current(tab)).spec,
    [],
  );

  /** A tab's request as it will go (half-typed rows left out, variables filled). */
  const prepared = useCallback(
    (tab: RequestTab) => prepare(tab, sendableSpec(tab.spec)),
    [prepare],
  );

  /** True when Send must not go: the tab then says why, with the names marked. */
  const blockSend = useCallback(
    (tab: RequestTab): boolean => {
      const { problem } = prepareSend(sendableSpec(tab.spec), layersForTab(tab));
      if (problem || tab.variablesProblem)
        tabs.update(tab.id, (t) => ({ ...t, variablesProblem: problem }));
      return problem !== null;
    },
    [layersForTab, tabs],
  );

  const connectionName = useCallback(
    (id: string) => connectionList.find((c) => c.id === id)?.name ?? 'this connection',
    [connectionList],
  );

  /** Puts a value in a scope for a tab; says where it went (for the results line). */
  const store = useCallback(
    async (
      tab: Pick<RequestTab, 'connectionId' | 'savedRequestId'>,
      scope: ValueScope,
      name: string,
      value: string,
    ): Promise<string> => {
      if (scope === 'connection') {
        await variables.set(
          { scope: 'connection', connectionId: tab.connectionId },
          { name, value },
        );
        return `${connectionName(tab.connectionId)} environment`;
      }
      if (scope === 'global') {
        await variables.set({ scope: 'global' }, { name, value });
        return 'Globals';
      }
      if (scope === 'collection') {
        const chain = folderChain(collections.current(), tab.savedRequestId);
        const folder = chain[chain.length - 1];
        if (folder) {
          collections.change(setFolderVariable(collections.current(), folder.id, name, value));
          return `Folder “${folder.name}”`;
        }
      }
      variables.setSessionVariable(tab.connectionId, name, value);
      return scope === 'collection'
        ? 'this session (the request is not saved in a folder)'
        : 'this session';
    },
    [variables, collections, connectionName],
  );

  // After every send in the app: the tab's captures set their variables, its assertions are
  // checked, and the tab shows both. A response reopened from history is not a send.
  const checked = useRef(new Map<string, string>());
  const { tabs: openTabs, update } = tabs;
  useEffect(() => {
    for (const tab of openTabs) {
      const response = tab.response;
      if (!response || tab.fromHistory) continue;
      if (checked.current.get(tab.id) === response.responseId) continue;
      checked.current.set(tab.id, response.responseId);
      const { captures, assertions } = completeAfterSend(tab.afterSend);
      if (captures.length === 0 && assertions.length === 0) {
        if (tab.afterSendResult) update(tab.id, (t) => ({ ...t, afterSendResult: null }));
        continue;
      }
      const target = { connectionId: tab.connectionId, savedRequestId: tab.savedRequestId };
      void (async () => {
        try {
          const found = await call('response:check', response.responseId, {
            captures,
            assertions,
          });
          const stored: AfterSendResult['captures'] = [];
          for (const result of found.captures)
            stored.push({
              ...result,
              stored:
                result.value === null
                  ? null
                  : await store(target, result.scope, result.name, result.value),
            });
          update(tab.id, (t) => ({
            ...t,
            afterSendResult: {
              responseId: response.responseId,
              captures: stored,
              assertions: found.assertions,
              error: null,
            },
          }));
        } catch (error) {
          const text = error instanceof ApiError ? error.message : String(error);
          update(tab.id, (t) => ({
            ...t,
            afterSendResult: {
              responseId: response.responseId,
              captures: [],
              assertions: [],
              error: text,
            },
          }));
        }
      })();
    }
  }, [openTabs, update, store]);

  /** Opens a preset in a new tab with one path parameter filled, on the same connection. */
  const openWithParam = useCallback(
    (preset: Preset, param: string, value: string, connectionId: string) => {
      const spec = specFromPreset(preset);
      tabs.open(
        preset.name,
        { ...spec, pathParams: { ...spec.pathParams, [param]: value } },
        {
          presetId: preset.id,
          connectionId,
        },
      );
    },
    [tabs],
  );

  /** A capture written from "Set as variable…" into the tab's own request. */
  const addCapture = useCallback(
    (tabId: string, capture: Capture) =>
      update(tabId, (t) => ({
        ...t,
        afterSend: { ...t.afterSend, captures: [...t.afterSend.captures, capture] },
      })),
    [update],
  );

  const updateAfterSend = useCallback(
    (tabId: string, afterSend: RequestTab['afterSend']) =>
      update(tabId, (t) => ({ ...t, afterSend })),
    [update],
  );

  const folderName = useCallback(
    (folderId: string) => findFolder(collections.doc, folderId)?.path.join(' / ') ?? 'folder',
    [collections.doc],
  );

  return useMemo(
    () => ({
      variables,
      runs,
      dialog,
      openDialog: setDialog,
      closeDialog: () => setDialog(null),
      layersForTab,
      prepare,
      prepared,
      blockSend,
      store,
      openWithParam,
      addCapture,
      connectionName,
      folderName,
      notify,
      updateAfterSend,
      activeTabId: tabs.activeId,
      activeTab: tabs.active,
    }),
    [
      notify,
      updateAfterSend,
      tabs.activeId,
      tabs.active,
      variables,
      runs,
      dialog,
      layersForTab,
      prepare,
      prepared,
      blockSend,
      store,
      openWithParam,
      addCapture,
      connectionName,
      folderName,
    ],
  );
}

export type Chaining = ReturnType<typeof useChaining>;
export type { RunsApi, VariablesApi };

/** For the components deep in the request and response views. */
export const ChainContext = createContext<Chaining | null>(null);

export function useChain(): Chaining | null {
  return useContext(ChainContext);
}
