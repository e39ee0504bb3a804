import type { Connection, SessionInfo } from '../../shared/connection';
import { findFolder, folderOptions } from '../state/collection-tree';
import type { Chaining } from '../state/use-chaining';
import type { CollectionsApi } from '../state/use-collections';
import type { TabsApi } from '../state/use-tabs';
import { folderChain } from '../lib/tab-variables';
import { RunDialog } from './RunDialog';
import { SetVariableDialog } from './SetVariableDialog';
import { UseAsParamDialog } from './UseAsParamDialog';
import { VariablesDialog } from './VariablesDialog';

interface Props {
  chain: Chaining;
  tabs: TabsApi;
  collections: CollectionsApi;
  connections: Connection[];
  sessions: Record<string, SessionInfo>;
  activeConnectionId: string;
}

/** The one chaining dialog open, if any: Set as variable, Use as {param}, Variables, Run. */
export function ChainDialogs({
  chain,
  tabs,
  collections,
  connections,
  sessions,
  activeConnectionId,
}: Props) {
  const { dialog, closeDialog } = chain;
  if (!dialog) return null;
  if (dialog.kind === 'variables')
    return (
      <VariablesDialog
        initial={dialog.scope}
        variables={chain.variables}
        collections={collections}
        connections={connections}
        onClose={closeDialog}
      />
    );
  if (dialog.kind === 'run') {
    const found = findFolder(collections.doc, dialog.folderId ?? dialog.collectionId);
    if (!found) return null;
    return (
      <RunDialog
        collectionId={dialog.collectionId}
        folder={found.folder}
        title={found.path.join(' / ')}
        connections={connections}
        sessions={sessions}
        defaultConnectionId={activeConnectionId}
        onStart={chain.runs.start}
        onClose={closeDialog}
      />
    );
  }
  const tab = tabs.get(dialog.tabId);
  if (!tab) return null;
  if (dialog.kind === 'useAsParam')
    return (
      <UseAsParamDialog
        value={dialog.value}
        steps={dialog.steps}
        onClose={closeDialog}
        onOpen={(preset, param) => {
          chain.openWithParam(preset, param, dialog.value, tab.connectionId);
          closeDialog();
        }}
      />
    );
  const chainOfFolders = folderChain(collections.doc, tab.savedRequestId);
  const folder = chainOfFolders[chainOfFolders.length - 1];
  const folderLabel = folder
    ? (folderOptions(collections.doc).find((o) => o.id === folder.id)?.label ?? folder.name)
    : null;
  return (
    <SetVariableDialog
      value={dialog.value}
      suggestedName={dialog.name}
      connectionName={chain.connectionName(tab.connectionId)}
      folderName={folderLabel}
      capture={dialog.capture}
      onClose={closeDialog}
      onSet={async (name, scope, alsoCapture) => {
        const where = await chain.store(tab, scope, name, dialog.value);
        if (alsoCapture && dialog.capture)
          chain.addCapture(tab.id, {
            name,
            from: dialog.capture.from,
            path: dialog.capture.path,
            scope,
            enabled: true,
          });
        chain.notify(`Set {{${name}}} in ${where}.`);
      }}
    />
  );
}
