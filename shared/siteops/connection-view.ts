import {
  applyChange,
  changeBlocker,
  type ConnectionChange,
  type ConnectionRotationOutcome,
  type ConnectionTarget,
  type ListedConnection,
  type RotatedConnection,
} from './connections';

/**
 * The Connections view's pure parts (issue 19): filtering the listed connections, the preview
 * of a change per picked connection, and what a run is sent. No password is ever an input to
 * anything here but `previewRotation`, which only records whether one is given.
 */
export const connectionKey = (c: {
  itemType: string;
  itemId: string;
  connectionId: string;
}): string => `${c.itemType}:${c.itemId}:${c.connectionId}`;

/** `null` for a field means any value. */
export interface ConnectionFilter {
  serverAddress: string | null;
  serverPort: string | null;
  userName: string | null;
  type: string | null;
  /** Words that must all appear in the item, project, type, server, port or user name. */
  text: string;
}

export const NO_FILTER: ConnectionFilter = {
  serverAddress: null,
  serverPort: null,
  userName: null,
  type: null,
  text: '',
};

export function filterConnections(
  list: readonly ListedConnection[],
  filter: ConnectionFilter,
): ListedConnection[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((c) => {
    if (
      filter.serverAddress !== null &&
      c.fields.serverAddress.toLowerCase() !== filter.serverAddress.toLowerCase()
    )
      return false;
    if (filter.serverPort !== null && c.fields.serverPort !== filter.serverPort) return false;
    if (filter.userName !== null && c.fields.userName !== filter.userName) return false;
    if (filter.type !== null && c.type !== filter.type) return false;
    if (words.length === 0) return true;
    const hay = [
      c.itemName,
      c.projectName,
      c.type,
      c.fields.serverAddress,
      c.fields.serverPort,
      c.fields.userName,
      c.datasourceName,
      c.itemType === 'workbook' ? 'workbook' : 'data source',
    ]
      .join(' ')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The values a field takes in the list, most used first, with how many connections use each. */
export function fieldValues(
  list: readonly ListedConnection[],
  pick: (c: ListedConnection) => string,
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of list) counts.set(pick(c), (counts.get(pick(c)) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * Per picked connection, what the change would make of it (`planned`), or why it cannot be
 * changed (`skipped`, the reason in `error.message`), the same rules the engine applies.
 */
export function previewRotation(
  picked: readonly ListedConnection[],
  change: ConnectionChange,
): ConnectionRotationOutcome {
  const connections: RotatedConnection[] = picked.map((c) => {
    const blocked = changeBlocker({ type: c.type, fields: c.fields }, change);
    return {
      itemType: c.itemType,
      itemId: c.itemId,
      itemName: c.itemName,
      connectionId: c.connectionId,
      type: c.type,
      before: c.fields,
      after: blocked ? c.fields : applyChange(c.fields, change),
      passwordChanged: !blocked && change.password !== undefined,
      state: blocked ? 'skipped' : 'planned',
      error: blocked ? { code: 'connection.notChanged', message: blocked } : null,
    };
  });
  // Those that will change first; those that cannot, after, each with its reason.
  connections.sort((a, b) => Number(a.state === 'skipped') - Number(b.state === 'skipped'));
  const items = new Set(picked.map((c) => `${c.itemType}:${c.itemId}`));
  return {
    kind: 'connectionRotation',
    dryRun: true,
    scanned: {
      workbooks: [...items].filter((k) => k.startsWith('workbook:')).length,
      datasources: [...items].filter((k) => k.startsWith('datasource:')).length,
      connections: picked.length,
    },
    connections,
  };
}

/** The connections of a preview that a run sends: the planned ones, as the user saw them. */
export function targetsOf(
  preview: ConnectionRotationOutcome,
): (ConnectionTarget & { seen: RotatedConnection['before'] })[] {
  return preview.connections
    .filter((c) => c.state === 'planned')
    .map((c) => ({
      itemType: c.itemType,
      itemId: c.itemId,
      connectionId: c.connectionId,
      itemName: c.itemName,
      seen: c.before,
    }));
}

/** The before/after report as JSON (a password appears only as `passwordChanged`). */
export function rotationReportJson(outcome: ConnectionRotationOutcome): string {
  return `${JSON.stringify(
    {
      dryRun: outcome.dryRun,
      scanned: outcome.scanned,
      connections: outcome.connections.map((c) => ({
        itemType: c.itemType,
        itemId: c.itemId,
        itemName: c.itemName,
        connectionId: c.connectionId,
        type: c.type,
        before: c.before,
        after: c.after,
        passwordChanged: c.passwordChanged,
        state: c.state,
        error: c.error,
      })),
    },
    null,
    2,
  )}\n`;
}
