import { describe, expect, it } from 'vitest';
import {
  filterConnections,
  NO_FILTER,
  previewRotation,
  rotationReportJson,
  targetsOf,
} from './connection-view';
import { rotationReportCsv, type ListedConnection } from './connections';

const conn = (over: Partial<ListedConnection> & { server?: string }): ListedConnection => ({
  itemType: 'workbook',
  itemId: `wb-${over.connectionId ?? '1'}`,
  itemName: 'Sales',
  projectName: 'Finance',
  connectionId: '1',
  type: 'postgres',
  fields: {
    serverAddress: over.server ?? 'pg.example.com',
    serverPort: '5432',
    userName: 'svc',
    embedPassword: false,
  },
  authenticationType: 'username-password',
  datasourceName: 'Sales data',
  ...over,
});

describe('the Connections view', () => {
  const list = [
    conn({ connectionId: '1' }),
    conn({ connectionId: '2', server: 'PG.example.com', itemName: 'Margins' }),
    conn({ connectionId: '3', server: 'sql.example.com', type: 'sqlserver' }),
    conn({ connectionId: '4', server: '', type: 'excel-direct' }),
    conn({ connectionId: '5', server: 'tableau.example.com', type: 'sqlproxy' }),
  ];

  it('filters by server without case, and by words across the columns', () => {
    const byServer = filterConnections(list, { ...NO_FILTER, serverAddress: 'pg.example.com' });
    expect(byServer.map((c) => c.connectionId)).toEqual(['1', '2']);
    const byWords = filterConnections(list, { ...NO_FILTER, text: 'margins PG' });
    expect(byWords.map((c) => c.connectionId)).toEqual(['2']);
    expect(filterConnections(list, { ...NO_FILTER, type: 'sqlserver' })).toHaveLength(1);
  });

  it('previews before → after, explains what cannot change, and sends only what will', () => {
    const preview = previewRotation(list, { serverAddress: 'pg2.example.com', password: 'pw-1' });
    const byId = new Map(preview.connections.map((c) => [c.connectionId, c]));
    expect(byId.get('1')?.after.serverAddress).toBe('pg2.example.com');
    expect(byId.get('1')?.after.embedPassword).toBe(true);
    expect(byId.get('1')?.passwordChanged).toBe(true);
    expect(byId.get('4')?.state).toBe('skipped');
    expect(byId.get('4')?.error?.message).toMatch(/file connection/);
    expect(byId.get('5')?.error?.message).toMatch(/published data source/);
    expect(preview.connections.map((c) => c.state)).toEqual([
      'planned',
      'planned',
      'planned',
      'skipped',
      'skipped',
    ]);
    expect(targetsOf(preview).map((t) => t.connectionId)).toEqual(['1', '2', '3']);
    expect(targetsOf(preview)[0].seen.serverAddress).toBe('pg.example.com');
    expect(JSON.stringify(targetsOf(preview))).not.toContain('pw-1');
    expect(rotationReportCsv(preview)).not.toContain('pw-1');
    expect(rotationReportJson(preview)).not.toContain('pw-1');
  });

  it('calls a change that changes nothing what it is', () => {
    const preview = previewRotation([list[0]], { serverAddress: 'pg.example.com' });
    expect(preview.connections[0].error?.message).toMatch(/Nothing to change/);
  });
});
