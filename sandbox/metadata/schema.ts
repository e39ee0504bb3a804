import {
  buildSchema,
  GraphQLError,
  GraphQLInterfaceType,
  GraphQLObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { LINKS, type LinkedNode, type MetaNode, type SiteLineage } from './lineage';
import {
  TYPE_BY_NAME,
  TYPES,
  type RelationSpec,
  type ScalarSpec,
  type TypeSpec,
} from './schema-spec';

/** What every resolver sees: the site's graph and the warnings to add to `errors`. */
export interface MetadataContext {
  lineage: SiteLineage;
  warnings: GraphQLError[];
}

/** Tableau: "Maximum number of objects to be returned in a page. The default is 100". */
export const DEFAULT_PAGE_SIZE = 100;
/** Above it Tableau answers MAX_PAGE_SIZE_EXCEEDED (a warning) and caps the page. */
export const MAX_PAGE_SIZE = 1000;

const PAGING_DOCS = {
  first: 'Maximum number of objects to be returned in a page. The default is 100',
  after:
    'The cursor to receive the next page of objects. If no cursor is supplied it will start at the beginning of the list. Offset can not be set at the same time. This is the preferred API to use if possible as it is faster.',
  offset:
    'The number of entries to offset the start of the page by. If no offset is supplied it will start at the beginning of the list. After can not be set at the same time.',
  filter: 'Filter by GraphQL field and given value',
  orderBy:
    'Sort by given fields. The sort orders defined first in the list will take priority. If there are no given sort orders or a tie on the final sorted field then the resulting set will be sorted by ID in ascending order.',
  permissionMode: 'Results filtering mode.',
};

function doc(text: string, indent = '  '): string {
  return `${indent}"""${text.replace(/"""/g, "'''")}"""\n`;
}

function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
function camel(upper: string): string {
  return upper.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function connectionName(target: string): string {
  return TYPE_BY_NAME.get(target)?.connection ?? `${target}sConnection`;
}

function listArgs(target: string, paged: boolean): string {
  const parts: string[] = [];
  if (paged) {
    parts.push(`${doc(PAGING_DOCS.first, '    ')}    first: Int`);
    parts.push(`${doc(PAGING_DOCS.after, '    ')}    after: String`);
    parts.push(`${doc(PAGING_DOCS.offset, '    ')}    offset: Int`);
  }
  parts.push(`${doc(PAGING_DOCS.filter, '    ')}    filter: ${target}_Filter`);
  parts.push(`${doc(PAGING_DOCS.orderBy, '    ')}    orderBy: ${target}SortOrder`);
  parts.push(
    `${doc(PAGING_DOCS.permissionMode, '    ')}    permissionMode: PermissionMode = OBFUSCATE_RESULTS`,
  );
  return `(\n${parts.join('\n')}\n  )`;
}

function relationSdl(relation: RelationSpec): string {
  if (!relation.many) {
    return `${doc(relation.doc)}  ${relation.name}: ${relation.target}${relation.required ? '!' : ''}\n`;
  }
  return (
    `${doc(relation.doc)}  ${relation.name}${listArgs(relation.target, false)}: [${relation.target}!]!\n` +
    `${doc(relation.doc)}  ${relation.name}Connection${listArgs(relation.target, true)}: ${connectionName(relation.target)}\n`
  );
}

function scalarSdl(scalar: ScalarSpec): string {
  return `${doc(scalar.doc)}  ${scalar.name}: ${scalar.type}\n`;
}

/** Scalar fields and relations of a type, interfaces' first (SDL wants them repeated). */
function fieldsOf(spec: TypeSpec): { scalars: ScalarSpec[]; relations: RelationSpec[] } {
  const scalars = new Map<string, ScalarSpec>();
  const relations = new Map<string, RelationSpec>();
  for (const name of spec.implements ?? []) {
    const parent = TYPE_BY_NAME.get(name)!;
    for (const sc of parent.scalars) scalars.set(sc.name, sc);
    for (const r of parent.relations) relations.set(r.name, r);
  }
  for (const sc of spec.scalars) scalars.set(sc.name, sc);
  for (const r of spec.relations) relations.set(r.name, r);
  return { scalars: [...scalars.values()], relations: [...relations.values()] };
}

function baseScalar(type: string): string {
  return type.replace(/!$/, '');
}

/** The whole schema as SDL: types, interfaces, connections, filters, sort orders, the root. */
export function metadataSdl(): string {
  const out: string[] = [
    `"""An ISO-8601 encoded UTC date string."""\nscalar DateTime\n`,
    `"""Sort direction."""\nenum OrderDirection {\n  ASC\n  DESC\n}\n`,
    `"""Results filtering mode: obfuscate the content a user may not see, or leave it out."""\nenum PermissionMode {\n  FILTER_RESULTS\n  OBFUSCATE_RESULTS\n}\n`,
    `"""Information about pagination in a connection"""\ntype PageInfo {\n${doc('Indicates if there are more objects to fetch')}  hasNextPage: Boolean!\n${doc('Indicates if there are any objects before the current page')}  hasPreviousPage: Boolean!\n${doc('Cursor to use in subsequent queries to fetch the previous page of results')}  startCursor: String\n${doc('Cursor to use in subsequent queries to fetch the next page of results')}  endCursor: String\n}\n`,
  ];
  const rootFields: string[] = [];
  for (const spec of TYPES) {
    const { scalars, relations } = fieldsOf(spec);
    const body = scalars.map(scalarSdl).join('') + relations.map(relationSdl).join('');
    const impl = spec.implements?.length ? ` implements ${spec.implements.join(' & ')}` : '';
    out.push(`${doc(spec.doc, '')}${spec.kind} ${spec.name}${impl} {\n${body}}\n`);
    const filterable = scalars.filter((f) => f.filter);
    const filterFields = filterable
      .map((f) => {
        const t = baseScalar(f.type) === 'ID' ? 'ID' : baseScalar(f.type);
        return `  ${f.name}: ${t}\n  ${f.name}Within: [${t}]\n`;
      })
      .join('');
    out.push(
      `"""Filter for ${spec.name}"""\ninput ${spec.name}_Filter {\n${filterFields || '  id: ID\n'}}\n`,
    );
    const orderable = scalars.filter((f) => f.order).map((f) => upperSnake(f.name));
    out.push(
      `"""Enum for fields that can be used for sorting"""\nenum ${spec.name}OrderField {\n${[...new Set(['ID', ...orderable])].map((v) => `  ${v}\n`).join('')}}\n`,
      `"""Sort order for ${spec.name}"""\ninput ${spec.name}SortOrder {\n  field: ${spec.name}OrderField!\n  direction: OrderDirection = ASC\n}\n`,
    );
    const connection = spec.connection;
    if (connection) {
      out.push(
        `"""Connection Type for ${spec.name}"""\ntype ${connection} {\n${doc(`List of nodes`)}  nodes: [${spec.name}!]!\n${doc('Information for pagination')}  pageInfo: PageInfo!\n${doc('Total number of objects in connection')}  totalCount: Int!\n}\n`,
      );
    }
    if (spec.root) {
      rootFields.push(
        `${doc(`Fetch ${spec.name}s`)}  ${spec.root}${listArgs(spec.name, false)}: [${spec.name}!]!\n` +
          `${doc(`Fetch ${spec.name}s with support for pagination`)}  ${spec.root}Connection${listArgs(spec.name, true)}: ${connection}\n`,
      );
    }
  }
  out.push(`"""The Metadata API's queries"""\ntype Query {\n${rootFields.join('')}}\n`);
  return out.join('\n');
}

// ——— resolving ———

interface ListArgs {
  first?: number | null;
  after?: string | null;
  offset?: number | null;
  filter?: Record<string, unknown> | null;
  orderBy?: { field: string; direction?: 'ASC' | 'DESC' } | null;
}

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { severity: 'ERROR', code: 'INVALID_ARGUMENT' } });
}

function matches(node: MetaNode, filter: Record<string, unknown>): boolean {
  for (const [key, wanted] of Object.entries(filter)) {
    if (wanted === null || wanted === undefined) continue;
    if (key.endsWith('Within') && Array.isArray(wanted)) {
      if (!wanted.includes(node[key.slice(0, -'Within'.length)])) return false;
    } else if (node[key] !== wanted) return false;
  }
  return true;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return String(a) < String(b) ? -1 : 1;
}

const byIdCache = new WeakMap<readonly MetaNode[], MetaNode[]>();

/** Filtered and ordered: by the given field, then by id ascending, as Tableau does. */
function arrange(nodes: readonly MetaNode[], args: ListArgs): MetaNode[] {
  let list: MetaNode[];
  if (args.orderBy) {
    const key = camel(args.orderBy.field);
    const sign = args.orderBy.direction === 'DESC' ? -1 : 1;
    list = [...nodes].sort((a, b) => sign * compare(a[key], b[key]) || compare(a.id, b.id));
  } else {
    list = byIdCache.get(nodes) ?? [...nodes].sort((a, b) => compare(a.id, b.id));
    byIdCache.set(nodes, list);
  }
  return args.filter ? list.filter((n) => matches(n, args.filter!)) : list;
}

interface Cursor {
  type: string;
  scope: string;
  sortOrderValue: { lastId: string };
}

/** Tableau's cursors are base64 JSON: `{"type":"PublishedDatasource","scope":"sites/1","sortOrderValue":{"lastId":"…"}}`. */
export function encodeCursor(type: string, siteIndex: number, lastId: string): string {
  const cursor: Cursor = { type, scope: `sites/${siteIndex}`, sortOrderValue: { lastId } };
  return Buffer.from(JSON.stringify(cursor)).toString('base64');
}

function decodeCursor(text: string, type: string, siteIndex: number): Cursor {
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Cursor;
  } catch {
    throw invalid(
      'The query contains an invalid cursor. Make sure to use cursors of the same type.',
    );
  }
  if (!cursor || cursor.type !== type || typeof cursor.sortOrderValue?.lastId !== 'string')
    throw invalid(
      'The query contains an invalid cursor. Make sure to use cursors of the same type.',
    );
  if (cursor.scope !== `sites/${siteIndex}`)
    throw invalid(
      'The query contains an invalid cursor. Make sure to use cursors that belong to the same site.',
    );
  return cursor;
}

function page(nodes: readonly MetaNode[], args: ListArgs, type: string, context: MetadataContext) {
  if (
    args.after !== undefined &&
    args.after !== null &&
    args.offset !== undefined &&
    args.offset !== null
  )
    throw invalid(
      'Can’t use “after” and “offset” pagination at the same time. Remove one of the arguments from the query.',
    );
  let first = args.first ?? DEFAULT_PAGE_SIZE;
  if (first < 0) throw invalid('“first” must not be negative.');
  if ((args.offset ?? 0) < 0) throw invalid('“offset” must not be negative.');
  if (first > MAX_PAGE_SIZE) {
    context.warnings.push(
      new GraphQLError(
        `The value chosen for “first” exceeded the maximum page size, so the query results will be limited to the maximum page size (${MAX_PAGE_SIZE}) instead of the value chosen for “first”.`,
        { extensions: { severity: 'WARNING', code: 'MAX_PAGE_SIZE_EXCEEDED' } },
      ),
    );
    first = MAX_PAGE_SIZE;
  }
  const list = arrange(nodes, args);
  let start = args.offset ?? 0;
  if (args.after) {
    const { lastId } = decodeCursor(args.after, type, context.lineage.siteIndex).sortOrderValue;
    const at = list.findIndex((n) => n.id === lastId);
    if (at < 0)
      throw invalid(
        'The query contains an invalid cursor. Make sure to use cursors of the same type.',
      );
    start = at + 1;
  }
  const nodesOnPage = list.slice(start, start + first);
  const cursorOf = (n: MetaNode | undefined) =>
    n ? encodeCursor(type, context.lineage.siteIndex, n.id) : null;
  return {
    nodes: nodesOnPage,
    totalCount: list.length,
    pageInfo: {
      hasNextPage: start + nodesOnPage.length < list.length,
      hasPreviousPage: start > 0,
      startCursor: cursorOf(nodesOnPage[0]),
      endCursor: cursorOf(nodesOnPage.at(-1)),
    },
  };
}

/** The root lists, from the site's graph. */
function rootNodes(root: string, lineage: SiteLineage): readonly MetaNode[] {
  switch (root) {
    case 'tableauSites':
      return [lineage.site];
    case 'tableauUsers':
      return [...lineage.users.values()];
    case 'workbooks':
      return lineage.workbooks;
    case 'dashboards':
      return lineage.dashboards;
    case 'sheets':
      return lineage.sheets;
    case 'publishedDatasources':
      return lineage.published;
    case 'embeddedDatasources':
      return lineage.embedded;
    case 'databases':
      return lineage.databases;
    case 'databaseServers':
      return lineage.databases.filter((d) => d.__typename === 'DatabaseServer');
    case 'databaseTables':
      return lineage.tables;
    case 'columns':
      return lineage.allColumns();
    case 'fields':
      return lineage.allFields();
    case 'dataQualityWarnings':
      return lineage.warnings;
    default:
      return [];
  }
}

const rootLists = new WeakMap<SiteLineage, Map<string, readonly MetaNode[]>>();
function cachedRoot(root: string, lineage: SiteLineage): readonly MetaNode[] {
  let lists = rootLists.get(lineage);
  if (!lists) rootLists.set(lineage, (lists = new Map()));
  let list = lists.get(root);
  if (!list) lists.set(root, (list = rootNodes(root, lineage)));
  return list;
}

function related(node: MetaNode, name: string): MetaNode[] {
  const links = (node as LinkedNode)[LINKS];
  return links?.[name]?.() ?? [];
}

let built: GraphQLSchema | null = null;

/** The executable schema: SDL plus resolvers over a `SiteLineage` (built once per process). */
export function metadataSchema(): GraphQLSchema {
  if (built) return built;
  const schema = buildSchema(metadataSdl());
  const query = schema.getQueryType()!;
  for (const spec of TYPES) {
    if (!spec.root) continue;
    const root = spec.root;
    const list: GraphQLFieldResolver<unknown, MetadataContext, ListArgs> = (_s, args, ctx) =>
      arrange(cachedRoot(root, ctx.lineage), args);
    const paged: GraphQLFieldResolver<unknown, MetadataContext, ListArgs> = (_s, args, ctx) =>
      page(cachedRoot(root, ctx.lineage), args, spec.name, ctx);
    query.getFields()[root].resolve = list;
    query.getFields()[`${root}Connection`].resolve = paged;
  }
  for (const spec of TYPES) {
    const type = schema.getType(spec.name);
    if (!(type instanceof GraphQLObjectType) && !(type instanceof GraphQLInterfaceType)) continue;
    if (type instanceof GraphQLInterfaceType) {
      type.resolveType = (value) => (value as MetaNode).__typename;
      continue;
    }
    const fields = type.getFields();
    for (const relation of fieldsOf(spec).relations) {
      const name = relation.name;
      if (relation.many) {
        fields[name].resolve = (node, args: ListArgs) =>
          arrange(related(node as MetaNode, name), args);
        fields[`${name}Connection`].resolve = (node, args: ListArgs, ctx: MetadataContext) =>
          page(related(node as MetaNode, name), args, relation.target, ctx);
      } else {
        fields[name].resolve = (node) => related(node as MetaNode, name)[0] ?? null;
      }
    }
  }
  built = schema;
  return schema;
}
