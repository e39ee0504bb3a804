import { exampleLuid, jsonBody } from '../bodies';
import { definePresets, type PresetInput } from '../define';

/** Content types with their own permissions resource: path segment, id placeholder, version. */
interface PermissionTarget {
  segment: string;
  param: string;
  element: string;
  label: string;
  plural: string;
  minVersion: string;
  removedIn?: string;
  /** Tableau's anchor stem when it differs, e.g. `data_source` for data sources. */
  anchor: string;
}

const targets: PermissionTarget[] = [
  {
    segment: 'projects',
    param: 'project-id',
    element: 'project',
    label: 'Project',
    plural: 'projects',
    minVersion: '2.0',
    anchor: 'project',
  },
  {
    segment: 'workbooks',
    param: 'workbook-id',
    element: 'workbook',
    label: 'Workbook',
    plural: 'workbooks',
    minVersion: '2.0',
    anchor: 'workbook',
  },
  {
    segment: 'views',
    param: 'view-id',
    element: 'view',
    label: 'View',
    plural: 'views',
    minVersion: '3.2',
    anchor: 'view',
  },
  {
    segment: 'datasources',
    param: 'datasource-id',
    element: 'datasource',
    label: 'Data Source',
    plural: 'data sources',
    minVersion: '2.0',
    anchor: 'data_source',
  },
  {
    segment: 'flows',
    param: 'flow-id',
    element: 'flow',
    label: 'Flow',
    plural: 'flows',
    minVersion: '3.3',
    anchor: 'flow',
  },
  {
    segment: 'virtualconnections',
    param: 'virtual-connection-id',
    element: 'virtualConnection',
    label: 'Virtual Connection',
    plural: 'virtual connections',
    minVersion: '3.18',
    anchor: 'virtual_connection',
  },
  {
    segment: 'databases',
    param: 'database-id',
    element: 'database',
    label: 'Database',
    plural: 'databases',
    minVersion: '3.5',
    anchor: 'database',
  },
  {
    segment: 'tables',
    param: 'table-id',
    element: 'table',
    label: 'Table',
    plural: 'tables',
    minVersion: '3.5',
    anchor: 'table',
  },
  {
    segment: 'metrics',
    param: 'metric-id',
    element: 'metric',
    label: 'Metric',
    plural: 'metrics',
    minVersion: '3.9',
    removedIn: '3.23',
    anchor: 'metric',
  },
  {
    segment: 'lenses',
    param: 'lens-id',
    element: 'lens',
    label: 'Ask Data Lens',
    plural: 'lenses',
    minVersion: '3.13',
    removedIn: '3.23',
    anchor: 'lens',
  },
];

/** Default-permission templates a project carries for new content (`default-permissions/...`). */
interface DefaultTarget {
  segment: string;
  label: string;
  minVersion: string;
  removedIn?: string;
  sourceNote?: string;
}

/**
 * The reference documents default permissions as one method per verb for every content type, so it gives
 * no per-type start; tabbycat (a client generated from the reference) gates all of them at 2.1.
 */
const perTypeNote =
  'The reference documents default permissions as one method for all content types (tabbycat, generated from the reference, gates every type at 2.1), so no per-type version line exists to settle this.';

/** Versions follow TSC's `projects.*_default_permissions` gates unless a note says otherwise. */
const defaultTargets: DefaultTarget[] = [
  { segment: 'workbooks', label: 'Workbooks', minVersion: '2.1' },
  { segment: 'datasources', label: 'Data Sources', minVersion: '2.1' },
  {
    segment: 'flows',
    label: 'Flows',
    minVersion: '3.4',
    sourceNote:
      'TSC gates flow default permissions at 3.4 (update/populate/delete_flow_default_permissions); tabbycat gates every default-permission type at 2.1 (the generic method’s line); flows themselves arrived in 3.3. The catalog uses TSC’s 3.4.',
  },
  {
    segment: 'dataroles',
    label: 'Data Roles',
    minVersion: '3.13',
    sourceNote: `Unverified: TSC gates data-role default permissions at 3.4; 3.13 is the first-pass value. ${perTypeNote}`,
  },
  {
    segment: 'lenses',
    label: 'Lenses',
    minVersion: '3.13',
    removedIn: '3.23',
    sourceNote: `Unverified: TSC gates lens default permissions at 3.4; 3.13 is the first-pass value. ${perTypeNote}`,
  },
  {
    segment: 'metrics',
    label: 'Metrics',
    minVersion: '3.10',
    removedIn: '3.23',
    sourceNote: `Unverified: TSC gates metric default permissions at 3.2, before metrics existed; 3.10 is the first-pass value. ${perTypeNote}`,
  },
  {
    segment: 'virtualconnections',
    label: 'Virtual Connections',
    minVersion: '3.23',
    sourceNote:
      'TSC gates virtual-connection default permissions at 3.23, which the catalog uses; the first pass had 3.18 (when virtual connections arrived). tabbycat (reference up to about 3.16) lists no virtual-connection default permissions. TSC’s test mocks the path as default-permissions/virtualConnections (capital C); the catalog keeps the lower-case segment.',
  },
  {
    segment: 'databases',
    label: 'Databases',
    minVersion: '3.5',
    sourceNote:
      'TSC gates database default permissions at 3.23 (when TSC added them). tabbycat, generated from a reference of about 3.16, already lists Add Default Permissions for databases (PUT …/default-permissions/databases, “if Tableau Catalog is enabled”) under the generic 2.1 gate, so 3.23 is too late. The catalog uses 3.5, when Tableau Catalog and its database/table permissions arrived; no source states the exact first version.',
  },
  {
    segment: 'tables',
    label: 'Tables',
    minVersion: '3.5',
    sourceNote:
      'TSC gates table default permissions at 3.23 (when TSC added them). tabbycat, generated from a reference of about 3.16, already lists Add Default Permissions for tables (PUT …/default-permissions/tables, “if Tableau Catalog is enabled”) under the generic 2.1 gate, so 3.23 is too late. The catalog uses 3.5, when Tableau Catalog arrived; no source states the exact first version.',
  },
];

const granteeRule = {
  granteeCapabilities: [
    {
      group: { id: exampleLuid },
      capabilities: { capability: [{ name: 'Read', mode: 'Allow' }] },
    },
  ],
};

function permissionsBody(element?: string): ReturnType<typeof jsonBody> {
  const permissions = element ? { [element]: { id: exampleLuid }, ...granteeRule } : granteeRule;
  return jsonBody(
    'permissions',
    { permissions },
    { required: { permissions: ['granteeCapabilities'] } },
  );
}

function removed(target: {
  removedIn?: string;
  sourceNote?: string;
}): Pick<PresetInput, 'removedIn' | 'sourceNote'> {
  return {
    ...(target.removedIn ? { removedIn: target.removedIn } : {}),
    ...(target.sourceNote ? { sourceNote: target.sourceNote } : {}),
  };
}

const contentPermissions: PresetInput[] = targets.flatMap((target) => {
  const base = `/sites/{site-id}/${target.segment}/{${target.param}}/permissions`;
  const slug = target.label.toLowerCase().replace(/ /g, '-');
  const params = { [target.param]: `LUID of the ${target.label.toLowerCase()}.` };
  const inputs: PresetInput[] = [
    {
      id: `add-${slug}-permissions`,
      name: `Add ${target.label} Permissions`,
      description: `Grants or denies capabilities on a ${target.label.toLowerCase()} to users or groups.`,
      method: 'PUT',
      path: base,
      minVersion: target.minVersion,
      params,
      anchor: `add_${target.anchor}_permissions`,
      body: permissionsBody(),
      ...removed(target),
    },
    {
      id: `query-${slug}-permissions`,
      name: `Query ${target.label} Permissions`,
      description: `Lists the explicit permission rules on a ${target.label.toLowerCase()}; not paginated.`,
      method: 'GET',
      path: base,
      minVersion: target.minVersion,
      params,
      anchor: `query_${target.anchor}_permissions`,
      listPath: 'permissions.granteeCapabilities',
      ...removed(target),
    },
  ];
  for (const grantee of ['users', 'groups'] as const) {
    const who = grantee === 'users' ? 'user' : 'group';
    inputs.push({
      id: `delete-${slug}-permission-for-${who}`,
      name: `Delete ${target.label} Permission (${who})`,
      description: `Removes one capability rule for a ${who} from a ${target.label.toLowerCase()}.`,
      method: 'DELETE',
      path: `${base}/${grantee}/{${who}-id}/{capability-name}/{capability-mode}`,
      minVersion: target.minVersion,
      params,
      anchor: `delete_${target.anchor}_permission`,
      ...removed(target),
    });
  }
  return inputs;
});

const defaultPermissions: PresetInput[] = defaultTargets.flatMap((target) => {
  const base = `/sites/{site-id}/projects/{project-id}/default-permissions/${target.segment}`;
  const inputs: PresetInput[] = [
    {
      id: `add-default-permissions-${target.segment}`,
      name: `Add Default Permissions (${target.label})`,
      description: `Sets the permission rules new ${target.label.toLowerCase()} in the project start with.`,
      method: 'PUT',
      path: base,
      minVersion: target.minVersion,
      anchor: 'add_default_permissions',
      body: permissionsBody(),
      ...removed(target),
    },
    {
      id: `query-default-permissions-${target.segment}`,
      name: `Query Default Permissions (${target.label})`,
      description: `The permission rules new ${target.label.toLowerCase()} in the project start with.`,
      method: 'GET',
      path: base,
      minVersion: target.minVersion,
      anchor: 'query_default_permissions',
      listPath: 'permissions.granteeCapabilities',
      ...removed(target),
    },
  ];
  for (const grantee of ['users', 'groups'] as const) {
    const who = grantee === 'users' ? 'user' : 'group';
    inputs.push({
      id: `delete-default-permission-${target.segment}-for-${who}`,
      name: `Delete Default Permission (${target.label}, ${who})`,
      description: `Removes one default capability rule for a ${who} on ${target.label.toLowerCase()}.`,
      method: 'DELETE',
      path: `${base}/${grantee}/{${who}-id}/{capability-name}/{capability-mode}`,
      minVersion: target.minVersion,
      anchor: 'delete_default_permission',
      ...removed(target),
    });
  }
  return inputs;
});

export const permissionPresets = definePresets(
  { family: 'permissions', prefix: 'permissions', page: 'rest_api_ref_permissions.htm' },
  [...contentPermissions, ...defaultPermissions],
);
