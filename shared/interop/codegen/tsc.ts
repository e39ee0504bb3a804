import { pythonPrelude, pythonRequests, pyString, pyTemplate } from './python';
import type { Plan, Template } from './plan';

/**
 * Tableau's Python client (TSC, tableau/server-client-python) where the preset is one TSC
 * calls: lists through `TSC.Pager` or `.filter()`/`.order_by()` (TSC's QuerySet reads
 * Tableau's `field:op:value` filters as `field__op=value`), reads by id, deletes, a few
 * creates. Signs in with `TSC.PersonalAccessTokenAuth` (or `TableauAuth`) and
 * `use_server_version=True`. Any other preset falls back to `requests`, saying so.
 */

interface TscCall {
  /** `server.users` */
  endpoint: string;
  kind: 'list' | 'get' | 'delete' | 'create';
  /** The path field holding the item's id (get and delete). */
  idField?: string;
  /** For create: the item class and how its fields come from the JSON body. */
  item?: { root: string; make: (body: Record<string, unknown>) => string | null };
  /** What to print of each item. */
  show: string[];
}

const str = (value: unknown) => (typeof value === 'string' ? pyString(value) : null);

const CALLS: Record<string, TscCall> = {
  'users.get-users-on-site': {
    endpoint: 'server.users',
    kind: 'list',
    show: ['id', 'name', 'site_role'],
  },
  'users.query-user-on-site': {
    endpoint: 'server.users',
    kind: 'get',
    idField: 'user-id',
    show: ['id', 'name', 'site_role'],
  },
  'users.remove-user-from-site': {
    endpoint: 'server.users',
    kind: 'delete',
    idField: 'user-id',
    show: [],
  },
  'users.add-user-to-site': {
    endpoint: 'server.users',
    kind: 'create',
    show: ['id', 'name', 'site_role'],
    item: {
      root: 'user',
      make: (b) =>
        str(b.name) && str(b.siteRole)
          ? `TSC.UserItem(${str(b.name)}, ${str(b.siteRole)}${str(b.authSetting) ? `, auth_setting=${str(b.authSetting)}` : ''})`
          : null,
    },
  },
  'users.query-groups': { endpoint: 'server.groups', kind: 'list', show: ['id', 'name'] },
  'users.delete-group': {
    endpoint: 'server.groups',
    kind: 'delete',
    idField: 'group-id',
    show: [],
  },
  'users.create-group': {
    endpoint: 'server.groups',
    kind: 'create',
    show: ['id', 'name'],
    item: { root: 'group', make: (b) => (str(b.name) ? `TSC.GroupItem(${str(b.name)})` : null) },
  },
  'projects.query-projects': {
    endpoint: 'server.projects',
    kind: 'list',
    show: ['id', 'name', 'parent_id'],
  },
  'projects.delete-project': {
    endpoint: 'server.projects',
    kind: 'delete',
    idField: 'project-id',
    show: [],
  },
  'projects.create-project': {
    endpoint: 'server.projects',
    kind: 'create',
    show: ['id', 'name'],
    item: {
      root: 'project',
      make: (b) =>
        str(b.name)
          ? `TSC.ProjectItem(${[str(b.name), str(b.description) ? `description=${str(b.description)}` : '', str(b.contentPermissions) ? `content_permissions=${str(b.contentPermissions)}` : '', str(b.parentProjectId) ? `parent_id=${str(b.parentProjectId)}` : ''].filter(Boolean).join(', ')})`
          : null,
    },
  },
  'workbooks.query-workbooks-for-site': {
    endpoint: 'server.workbooks',
    kind: 'list',
    show: ['id', 'name', 'project_name'],
  },
  'workbooks.query-workbook': {
    endpoint: 'server.workbooks',
    kind: 'get',
    idField: 'workbook-id',
    show: ['id', 'name', 'project_name'],
  },
  'workbooks.delete-workbook': {
    endpoint: 'server.workbooks',
    kind: 'delete',
    idField: 'workbook-id',
    show: [],
  },
  'sites.query-views-for-site': {
    endpoint: 'server.views',
    kind: 'list',
    show: ['id', 'name', 'workbook_id'],
  },
  'workbooks.get-view': {
    endpoint: 'server.views',
    kind: 'get',
    idField: 'view-id',
    show: ['id', 'name', 'workbook_id'],
  },
  'datasources.query-data-sources': {
    endpoint: 'server.datasources',
    kind: 'list',
    show: ['id', 'name', 'project_name'],
  },
  'datasources.query-data-source': {
    endpoint: 'server.datasources',
    kind: 'get',
    idField: 'datasource-id',
    show: ['id', 'name', 'project_name'],
  },
  'datasources.delete-data-source': {
    endpoint: 'server.datasources',
    kind: 'delete',
    idField: 'datasource-id',
    show: [],
  },
  'flows.query-flows-for-site': {
    endpoint: 'server.flows',
    kind: 'list',
    show: ['id', 'name', 'project_name'],
  },
  'flows.query-flow': {
    endpoint: 'server.flows',
    kind: 'get',
    idField: 'flow-id',
    show: ['id', 'name', 'project_name'],
  },
  'flows.delete-flow': { endpoint: 'server.flows', kind: 'delete', idField: 'flow-id', show: [] },
  'jobs.query-jobs': { endpoint: 'server.jobs', kind: 'list', show: ['id', 'type', 'status'] },
  'jobs.query-job': {
    endpoint: 'server.jobs',
    kind: 'get',
    idField: 'job-id',
    show: ['id', 'type', 'finish_code'],
  },
  'jobs.query-schedules': {
    endpoint: 'server.schedules',
    kind: 'list',
    show: ['id', 'name', 'schedule_type'],
  },
  'subscriptions.list-subscriptions': {
    endpoint: 'server.subscriptions',
    kind: 'list',
    show: ['id', 'subject', 'user_id'],
  },
  'webhooks.list-webhooks': {
    endpoint: 'server.webhooks',
    kind: 'list',
    show: ['id', 'name', 'event'],
  },
  'sites.query-sites': {
    endpoint: 'server.sites',
    kind: 'list',
    show: ['id', 'name', 'content_url'],
  },
};

/** `siteRole` → `site_role`: TSC's keyword names for Tableau's fields. */
function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The filter and sort of the query as TSC keyword arguments, or null when TSC cannot say them. */
function querySet(plan: Plan): { filter: string[]; sort: string[]; pageSize?: string } | null {
  const filter: string[] = [];
  const sort: string[] = [];
  let pageSize: string | undefined;
  const literal = (t: Template) =>
    t.every((p) => 'text' in p) ? t.map((p) => (p as { text: string }).text).join('') : null;
  for (const q of plan.query) {
    const name = literal(q.name);
    if (name === 'pageNumber') continue;
    if (name === 'pageSize') {
      // Tableau's default of 100 (which presets fill in) is not a choice: TSC's Pager pages by it.
      if (literal(q.value) === '100') continue;
      pageSize = literal(q.value) ?? undefined;
      if (!pageSize || !/^\d+$/.test(pageSize)) return null;
      continue;
    }
    if (name === 'filter') {
      const text = literal(q.value);
      if (text === null) {
        // A filter with a variable in it: one field:op:{{value}} is still one keyword.
        const m = /^([A-Za-z]+):(eq|gt|gte|lt|lte|has|cieq):$/.exec(
          'text' in q.value[0] ? q.value[0].text : '',
        );
        if (!m || q.value.length !== 2 || !('env' in q.value[1])) return null;
        filter.push(`${snake(m[1])}${m[2] === 'eq' ? '' : `__${m[2]}`}=${q.value[1].env}`);
        continue;
      }
      for (const clause of text.split(',')) {
        const m = /^([A-Za-z]+):(eq|gt|gte|lt|lte|in|has|cieq):(.*)$/.exec(clause);
        if (!m) return null;
        const value =
          m[2] === 'in'
            ? `[${m[3]
                .replace(/^\[|\]$/g, '')
                .split('|')
                .map((v) => pyString(v))
                .join(', ')}]`
            : pyString(m[3]);
        filter.push(`${snake(m[1])}${m[2] === 'eq' ? '' : `__${m[2]}`}=${value}`);
      }
      continue;
    }
    if (name === 'sort') {
      const text = literal(q.value);
      if (text === null) return null;
      for (const clause of text.split(',')) {
        const m = /^([A-Za-z]+):(asc|desc)$/.exec(clause);
        if (!m) return null;
        sort.push(pyString(`${m[2] === 'desc' ? '-' : ''}${snake(m[1])}`));
      }
      continue;
    }
    return null;
  }
  const keys = filter.map((f) => f.split('=')[0]);
  if (new Set(keys).size !== keys.length) return null;
  return { filter, sort, pageSize };
}

function idExpression(plan: Plan, field: string): string | null {
  const names: string[] = plan.preset?.path.match(/\{[A-Za-z0-9_-]+\}/g) ?? [];
  const index = names.indexOf(`{${field}}`);
  const pieces = plan.path.filter((p) => p.kind !== 'text');
  const piece = pieces[index];
  return piece && piece.kind === 'value' ? pyTemplate(piece.value) : null;
}

/** Publish presets and what TSC calls for them: the item class, the endpoint, the file part. */
const PUBLISH: Record<string, { endpoint: string; item: string; root: string; part: string }> = {
  'publishing.publish-workbook': {
    endpoint: 'server.workbooks',
    item: 'TSC.WorkbookItem',
    root: 'workbook',
    part: 'tableau_workbook',
  },
  'publishing.publish-data-source': {
    endpoint: 'server.datasources',
    item: 'TSC.DatasourceItem',
    root: 'datasource',
    part: 'tableau_datasource',
  },
  'publishing.publish-flow': {
    endpoint: 'server.flows',
    item: 'TSC.FlowItem',
    root: 'flow',
    part: 'tableau_flow',
  },
};

/**
 * `server.workbooks.publish(TSC.WorkbookItem(project_id, name=…), path, mode)`: TSC uploads in
 * 64 MB chunks by itself. Read from the payload (XML or JSON) without variables; null when it
 * holds more than TSC's item is given here (connections, credentials…) or a variable.
 */
function tscPublish(plan: Plan): string[] | null {
  const publish = plan.preset ? PUBLISH[plan.preset.id] : undefined;
  const multipart = plan.multipart;
  if (!publish || !multipart || multipart.payload.some((p) => 'env' in p)) return null;
  const file = multipart.files.find((f) => f.name === publish.part);
  if (!file || multipart.files.length !== 1) return null;
  const text = multipart.payload.map((p) => ('text' in p ? p.text : '')).join('');
  let name: string | undefined;
  let project: string | undefined;
  if (multipart.payloadType === 'json') {
    try {
      const root = (JSON.parse(text) as Record<string, Record<string, unknown>>)[publish.root];
      name = typeof root?.name === 'string' ? root.name : undefined;
      const p = root?.project as { id?: unknown } | undefined;
      project = typeof p?.id === 'string' ? p.id : undefined;
      if (Object.keys(root ?? {}).some((k) => k !== 'name' && k !== 'project')) return null;
    } catch {
      return null;
    }
  } else {
    if (/<(connections|connection|connectionCredentials)\b/.test(text)) return null;
    name = new RegExp(`<${publish.root}\\b[^>]*\\bname="([^"]*)"`).exec(text)?.[1];
    project = /<project\b[^>]*\bid="([^"]*)"/.exec(text)?.[1];
  }
  if (!name || !project) return null;
  const literal = (t: Template) => t.map((p) => ('text' in p ? p.text : '')).join('');
  const query = new Map(plan.query.map((q) => [literal(q.name), literal(q.value)]));
  const mode =
    query.get('overwrite') === 'true'
      ? 'Overwrite'
      : query.get('append') === 'true'
        ? 'Append'
        : 'CreateNew';
  const unknown = [...query.keys()].filter(
    (k) =>
      !['overwrite', 'append', 'workbookType', 'datasourceType', 'flowType', 'asJob'].includes(k),
  );
  if (unknown.length) return null;
  return [
    `    item = ${publish.item}(${pyString(project)}, name=${pyString(name)})`,
    `    item = ${publish.endpoint}.publish(item, ${file.env}, ${pyString(mode)})`,
    '    print(item.id, item.name)',
  ];
}

export function tscSnippet(plan: Plan): { text: string; fallback: boolean } {
  const publishLines = tscPublish(plan);
  const call = plan.preset ? CALLS[plan.preset.id] : undefined;
  const fallback = (why: string) => ({
    text: `# ${why}: this is the same request with Python's requests.\n${pythonRequests(plan)}`,
    fallback: true,
  });
  if (!call && !publishLines)
    return fallback(
      `Tableau's Python client (TSC) has no call for ${plan.preset ? `“${plan.preset.name}”` : 'a request without a preset'}`,
    );
  if (plan.headers.length) return fallback('TSC sends no extra headers');
  const lines = pythonPrelude(plan, ['', 'import tableauserverclient as TSC']);
  for (const f of plan.multipart?.files ?? [])
    lines.push(
      f.path
        ? `${f.env} = os.environ.get(${pyString(f.env)}, ${pyString(f.path)})  # the file for the ${f.name} part`
        : `${f.env} = os.environ[${pyString(f.env)}]  # the file for the ${f.name} part`,
    );
  lines.push('');
  if (plan.signIn === 'token') return fallback('TSC signs in itself (it takes no token)');
  lines.push(
    plan.signIn === 'password'
      ? `auth = TSC.TableauAuth(os.environ${plan.identity ? `.get("TABLEAU_USERNAME", ${pyString(plan.identity)})` : '["TABLEAU_USERNAME"]'}, os.environ["TABLEAU_PASSWORD"], site_id=SITE)`
      : `auth = TSC.PersonalAccessTokenAuth(os.environ${plan.identity ? `.get("TABLEAU_PAT_NAME", ${pyString(plan.identity)})` : '["TABLEAU_PAT_NAME"]'}, os.environ["TABLEAU_PAT_SECRET"], site_id=SITE)`,
    'server = TSC.Server(SERVER, use_server_version=True)',
    '',
    '# The session ends when the with block does.',
    'with server.auth.sign_in(auth):',
  );
  if (publishLines) {
    lines.push(...publishLines);
    return { text: `${lines.join('\n')}\n`, fallback: false };
  }
  if (!call || plan.multipart) return fallback('TSC is not given this multipart body here');
  const show = (v: string) => `print(${call.show.map((f) => `${v}.${f}`).join(', ')})`;
  if (call.kind === 'list') {
    const qs = querySet(plan);
    if (!qs) return fallback('TSC cannot say this query (its filter, sort or parameters)');
    if (qs.filter.length || qs.sort.length || qs.pageSize) {
      let expr = call.endpoint;
      expr +=
        qs.filter.length || qs.pageSize
          ? `.filter(${[...qs.filter, ...(qs.pageSize ? [`page_size=${qs.pageSize}`] : [])].join(', ')})`
          : '.all()';
      if (qs.sort.length) expr += `.order_by(${qs.sort.join(', ')})`;
      lines.push(`    for item in ${expr}:`, `        ${show('item')}`);
    } else lines.push(`    for item in TSC.Pager(${call.endpoint}):`, `        ${show('item')}`);
  } else if (call.kind === 'get' || call.kind === 'delete') {
    if (plan.query.length) return fallback('TSC takes no query parameters here');
    const id = idExpression(plan, call.idField!);
    if (!id) return fallback(`the {${call.idField}} field is empty`);
    if (call.kind === 'get')
      lines.push(`    item = ${call.endpoint}.get_by_id(${id})`, `    ${show('item')}`);
    else
      lines.push(
        `    ${call.endpoint}.${call.endpoint === 'server.users' ? 'remove' : 'delete'}(${id})`,
        `    print("deleted", ${id})`,
      );
  } else {
    if (
      plan.query.length ||
      !plan.body ||
      plan.body.some((p) => 'env' in p) ||
      !/json/.test(plan.contentType ?? '')
    )
      return fallback('TSC builds this item from a JSON body without variables');
    let parsed: unknown;
    try {
      parsed = JSON.parse(plan.body.map((p) => ('text' in p ? p.text : '')).join(''));
    } catch {
      return fallback('the body is not valid JSON');
    }
    const root = (parsed as Record<string, unknown>)?.[call.item!.root];
    const made =
      root && typeof root === 'object' ? call.item!.make(root as Record<string, unknown>) : null;
    if (!made) return fallback('TSC needs fields the body does not give');
    lines.push(
      `    item = ${call.endpoint}.${call.endpoint === 'server.users' ? 'add' : 'create'}(${made})`,
      `    ${show('item')}`,
    );
  }
  return { text: `${lines.join('\n')}\n`, fallback: false };
}
