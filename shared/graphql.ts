import {
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  validate,
  visit,
  type GraphQLSchema,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { RequestBody, TableauError } from './request';

/**
 * The Metadata API's GraphQL, read the same way by the engine (checks before sending,
 * fetch-all), the renderer (operation picker, results table) and the CLI. Pure: text in,
 * values out.
 */

export type GraphqlBody = Extract<RequestBody, { kind: 'graphql' }>;

export interface GraphqlProblem {
  code:
    | 'graphql.empty'
    | 'graphql.syntax'
    | 'graphql.variables'
    | 'graphql.operation'
    | 'graphql.invalid';
  message: string;
  /** 1-based, where the problem is in the document (syntax) or the variables. */
  line?: number;
  column?: number;
}

export interface OperationInfo {
  name: string | null;
  operation: 'query' | 'mutation' | 'subscription';
}

export function parseDocument(
  text: string,
): { document: DocumentNode } | { problem: GraphqlProblem } {
  if (text.trim() === '')
    return { problem: { code: 'graphql.empty', message: 'The GraphQL query is empty.' } };
  try {
    return { document: parse(text) };
  } catch (error) {
    const e = error as GraphQLError;
    const at = e.locations?.[0];
    return {
      problem: {
        code: 'graphql.syntax',
        message: at ? `${e.message} (line ${at.line}, column ${at.column})` : e.message,
        line: at?.line,
        column: at?.column,
      },
    };
  }
}

export function operationsOf(document: DocumentNode): OperationInfo[] {
  return document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => ({ name: d.name?.value ?? null, operation: d.operation }));
}

/** The operations of a document as text, or [] while it does not parse (for the picker). */
export function operationsInText(text: string): OperationInfo[] {
  const parsed = parseDocument(text);
  return 'document' in parsed ? operationsOf(parsed.document) : [];
}

/** The variables text as an object: empty text is none; anything but a JSON object is refused. */
export function parseVariables(
  text: string,
): { variables: Record<string, unknown> | null } | { problem: GraphqlProblem } {
  if (text.trim() === '') return { variables: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      problem: {
        code: 'graphql.variables',
        message: `The variables are not valid JSON: ${(error as Error).message}`,
      },
    };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return {
      problem: {
        code: 'graphql.variables',
        message: 'The variables must be a JSON object, e.g. {"first": 100}.',
      },
    };
  return { variables: value as Record<string, unknown> };
}

/** The operation that will run: the one named, or the only one. */
export function chooseOperation(
  document: DocumentNode,
  operationName: string | undefined,
): { operation: OperationDefinitionNode } | { problem: GraphqlProblem } {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length === 0)
    return { problem: { code: 'graphql.operation', message: 'The document has no query to run.' } };
  if (operationName) {
    const named = operations.find((o) => o.name?.value === operationName);
    if (!named)
      return {
        problem: {
          code: 'graphql.operation',
          message: `The document has no operation named “${operationName}” (it has ${operations.map((o) => o.name?.value ?? 'an unnamed one').join(', ')}).`,
        },
      };
    return { operation: named };
  }
  if (operations.length > 1)
    return {
      problem: {
        code: 'graphql.operation',
        message: `The document has ${operations.length} operations (${operations.map((o) => o.name?.value ?? 'unnamed').join(', ')}): pick the one to run.`,
      },
    };
  return { operation: operations[0] };
}

export interface GraphqlPayload {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null;
  /** The JSON body Tableau expects: `{"query": …, "variables": …, "operationName": …}`. */
  json: string;
}

/** Checks a GraphQL body the way it can be checked without the server, and builds its JSON. */
export function graphqlPayload(body: GraphqlBody): GraphqlPayload | { problem: GraphqlProblem } {
  const parsed = parseDocument(body.text);
  if ('problem' in parsed) return parsed;
  const variables = parseVariables(body.variables);
  if ('problem' in variables) return variables;
  const chosen = chooseOperation(parsed.document, body.operationName || undefined);
  if ('problem' in chosen) return chosen;
  const json: Record<string, unknown> = { query: body.text };
  if (variables.variables) json.variables = variables.variables;
  const name = chosen.operation.name?.value;
  if (name && (body.operationName || operationsOf(parsed.document).length > 1))
    json.operationName = name;
  return {
    document: parsed.document,
    operation: chosen.operation,
    variables: variables.variables,
    json: JSON.stringify(json),
  };
}

// ——— answers ———

export interface GraphqlAnswerError {
  message: string;
  /** Tableau's `extensions.code` (NODE_LIMIT_EXCEEDED, RATE_EXCEEDED, INVALID_ARGUMENT…). */
  code: string | null;
  /** Tableau's `extensions.severity`: ERROR or WARNING. */
  severity: string | null;
  path: string | null;
}

/** The `errors[]` of a GraphQL answer (HTTP 200 beside partial `data`), or null when it has none. */
export function readGraphqlErrors(body: unknown): GraphqlAnswerError[] | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const errors = (body as Record<string, unknown>).errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.map((raw) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const ext = (e.extensions ?? {}) as Record<string, unknown>;
    return {
      message: typeof e.message === 'string' ? e.message : JSON.stringify(raw),
      code: typeof ext.code === 'string' ? ext.code : null,
      severity: typeof ext.severity === 'string' ? ext.severity : null,
      path: Array.isArray(e.path) ? e.path.join('.') : null,
    };
  });
}

/** The node limit, however it is worded (TSC users quote "…exceeded the 20000 node limit…"). */
export function isNodeLimit(error: GraphqlAnswerError): boolean {
  return (
    error.code === 'NODE_LIMIT_EXCEEDED' ||
    /node limit|exceeds? the (?:\d+ )?(?:node )?limit/i.test(error.message)
  );
}

export function isRateExceeded(error: GraphqlAnswerError): boolean {
  return error.code === 'RATE_EXCEEDED' || /rate limit exceeded/i.test(error.message);
}

/** A warning beside complete data (BACKFILL_RUNNING, MAX_PAGE_SIZE_EXCEEDED…), not a failure. */
export function isWarningOnly(error: GraphqlAnswerError): boolean {
  return error.severity === 'WARNING' && !isNodeLimit(error);
}

interface Explanation {
  explanation: string;
  fix: string;
}

/** Tableau's Metadata API error list (meta_api_errors.html), in the user's words. */
export const GRAPHQL_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  NODE_LIMIT_EXCEEDED: {
    explanation:
      'The answer would hold more objects than the server allows in one query (20,000 by default; metadata.query.limits.count on Server), so it is cut short: the data shown is partial.',
    fix: 'Ask for fewer items a page (first: …), select fewer nested fields, or narrow with a filter. Fetch all lowers the page size by itself and carries on.',
  },
  TIME_LIMIT_EXCEEDED: {
    explanation: 'The query ran past the server’s time limit, so the data shown is partial.',
    fix: 'Select fewer nested fields or page with a smaller first: …',
  },
  RATE_EXCEEDED: {
    explanation:
      'The Metadata API is throttling this user: too many queries in a short time (Tableau Cloud June 2023 / Server 2023.3 and later).',
    fix: 'Wait a little and run it again. Fetch all backs off and retries by itself.',
  },
  INVALID_ARGUMENT: {
    explanation:
      'An argument is not acceptable: e.g. after and offset together, or a cursor from another list or site.',
    fix: 'Use either after (a cursor from the same connection) or offset, not both.',
  },
  ACCESS_DENIED: {
    explanation: 'This user may not use the Metadata API.',
    fix: 'Sign in as a user with access, or ask a site administrator.',
  },
  FEATURE_DISABLED: {
    explanation: 'The Metadata API is not enabled on this server.',
    fix: 'A server administrator runs `tsm maintenance metadata-services enable` (always on in Tableau Cloud).',
  },
  FILTER_REQUIRED: {
    explanation: 'Only administrators may ask for this without a filter.',
    fix: 'Add a name filter, or sign in as an administrator.',
  },
  BACKFILL_RUNNING: {
    explanation:
      'The server is still indexing its content for the Metadata API: results may be incomplete.',
    fix: 'Run the query again later; Get Metadata Backfill Status shows the progress.',
  },
  MAX_PAGE_SIZE_EXCEEDED: {
    explanation: 'first: asked for more than the largest page, so the page was cut to the maximum.',
    fix: 'Ask for at most 1000 a page and follow the cursor.',
  },
};

/** The errors of an answer as one Tableau-style error panel: what happened, what it means, what to do. */
export function explainGraphqlErrors(errors: GraphqlAnswerError[], hasData: boolean): TableauError {
  const main = errors.find((e) => !isWarningOnly(e)) ?? errors[0];
  const code = main.code ?? (isNodeLimit(main) ? 'NODE_LIMIT_EXCEEDED' : 'GRAPHQL_ERROR');
  const known = GRAPHQL_EXPLANATIONS[code];
  const warnings = errors.every(isWarningOnly);
  const summary = `${warnings ? 'GraphQL warning' : 'GraphQL error'}${errors.length > 1 ? `s (${errors.length})` : ''}${
    hasData ? (warnings ? '' : ': the data shown is partial') : ': no data'
  }`;
  const detail = errors
    .map((e) => `${e.code ? `${e.code}: ` : ''}${e.message}${e.path ? ` (at ${e.path})` : ''}`)
    .join('\n');
  return {
    code,
    summary,
    detail,
    ...(known
      ? { explanation: known.explanation, suggestedFix: known.fix }
      : {
          explanation: 'The server ran the request and answered with GraphQL errors (HTTP 200).',
          suggestedFix:
            'Read the message: usually a field, argument or variable the schema does not have.',
        }),
  };
}

// ——— paging (fetch-all) ———

export interface PagedQuery {
  /** The key of the connection in `data` (its alias, or its name). */
  responseKey: string;
  /** The field's name, e.g. `workbooksConnection`. */
  field: string;
  /** The page size the query asks for itself (a literal or a variable's value), if any. */
  firstInQuery: number | null;
  /** Whether the query pages by `offset` itself. */
  usesOffset: boolean;
}

const PAGE_INFO_ALIAS = 'trestlePageInfo';
const TOTAL_ALIAS = 'trestleTotalCount';
const PAGING_ARGS = new Set(['first', 'after', 'offset']);

/**
 * The one …Connection at the top of the operation that fetch-all follows. Nested connections
 * are not followed: a query with more than one root field is refused, with the reason.
 */
export function pagedQuery(
  payload: Pick<GraphqlPayload, 'operation' | 'variables'>,
): PagedQuery | { problem: GraphqlProblem } {
  const fields = payload.operation.selectionSet.selections.filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && !s.name.value.startsWith('__'),
  );
  if (fields.length !== 1 || !fields[0].name.value.endsWith('Connection')) {
    return {
      problem: {
        code: 'graphql.operation',
        message:
          fields.length > 1
            ? 'Fetch all follows one …Connection: keep only one field at the top of the query (e.g. workbooksConnection), or split the query.'
            : 'Fetch all follows a …Connection field at the top of the query (e.g. workbooksConnection(first: 100) { nodes { … } }); this query has none.',
      },
    };
  }
  const field = fields[0];
  const hasNodes = field.selectionSet?.selections.some(
    (s) => s.kind === Kind.FIELD && s.name.value === 'nodes' && !s.alias,
  );
  if (!hasNodes)
    return {
      problem: {
        code: 'graphql.operation',
        message: `Select nodes { … } in ${field.name.value} to fetch all of them.`,
      },
    };
  const argValue = (name: string): unknown => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    if (arg.value.kind === Kind.VARIABLE) return payload.variables?.[arg.value.name.value];
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    return arg.value.kind === Kind.NULL ? null : undefined;
  };
  const first = argValue('first');
  return {
    responseKey: field.alias?.value ?? field.name.value,
    field: field.name.value,
    firstInQuery: typeof first === 'number' && first > 0 ? first : null,
    usesOffset: argValue('offset') !== undefined && argValue('offset') !== null,
  };
}

/**
 * The operation rewritten for one page: the connection's `first`/`after`/`offset` replaced by
 * these values, `pageInfo { hasNextPage endCursor }` and `totalCount` added under aliases of
 * Trestle's, and variables that only served paging dropped (so the query stays valid).
 */
export function pageRequest(
  payload: Pick<GraphqlPayload, 'document' | 'operation' | 'variables'>,
  page: { first: number; after?: string | null; offset?: number | null },
): { query: string; variables: Record<string, unknown> | null } {
  const literal = (name: string, value: number | string): ArgumentNode => ({
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: name },
    value:
      typeof value === 'number'
        ? { kind: Kind.INT, value: String(value) }
        : { kind: Kind.STRING, value },
  });
  const extra: SelectionSetNode['selections'] = (
    parse(`{ ${PAGE_INFO_ALIAS}: pageInfo { hasNextPage endCursor } ${TOTAL_ALIAS}: totalCount }`)
      .definitions[0] as OperationDefinitionNode
  ).selectionSet.selections;
  const target = payload.operation.selectionSet.selections.find(
    (s): s is FieldNode => s.kind === Kind.FIELD && !s.name.value.startsWith('__'),
  )!;
  const rewritten = visit(payload.operation, {
    Field(node) {
      if (node !== target) return undefined;
      const args = (node.arguments ?? []).filter((a) => !PAGING_ARGS.has(a.name.value));
      args.push(literal('first', page.first));
      if (page.after) args.push(literal('after', page.after));
      if (page.offset !== undefined && page.offset !== null && page.offset > 0)
        args.push(literal('offset', page.offset));
      return {
        ...node,
        arguments: args,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [...(node.selectionSet?.selections ?? []), ...extra],
        },
      };
    },
  }) as OperationDefinitionNode;
  // Variables that only fed first/after/offset are now unused: drop them, or the query is invalid.
  const used = new Set<string>();
  const fragments = payload.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const node of [rewritten, ...fragments])
    visit(node, {
      Variable(v) {
        used.add(v.name.value);
      },
      VariableDefinition() {
        return false;
      },
    });
  const operation: OperationDefinitionNode = {
    ...rewritten,
    variableDefinitions: rewritten.variableDefinitions?.filter((d) =>
      used.has(d.variable.name.value),
    ),
  };
  const variables = payload.variables
    ? Object.fromEntries(Object.entries(payload.variables).filter(([k]) => used.has(k)))
    : null;
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  return {
    query: print(document),
    variables: variables && Object.keys(variables).length > 0 ? variables : null,
  };
}

/** One page's connection, read from the answer under Trestle's aliases. */
export function readPage(
  body: unknown,
  responseKey: string,
): {
  nodes: unknown[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number | null;
} | null {
  const data = (body as { data?: Record<string, unknown> } | null)?.data;
  const connection = data?.[responseKey] as Record<string, unknown> | null | undefined;
  if (!connection || !Array.isArray(connection.nodes)) return null;
  const info = (connection[PAGE_INFO_ALIAS] ?? {}) as Record<string, unknown>;
  const total = connection[TOTAL_ALIAS];
  return {
    nodes: connection.nodes,
    hasNextPage: info.hasNextPage === true,
    endCursor: typeof info.endCursor === 'string' ? info.endCursor : null,
    totalCount: typeof total === 'number' ? total : null,
  };
}

/**
 * What the schema says is wrong before anything is sent: unknown fields and arguments, wrong
 * argument types, and variables that do not fit their declared types (or are missing).
 */
export function checkAgainstSchema(
  schema: GraphQLSchema,
  payload: Pick<GraphqlPayload, 'document' | 'operation' | 'variables'>,
): GraphqlProblem[] {
  const problems: GraphqlProblem[] = validate(schema, payload.document).map((e) => ({
    code: 'graphql.invalid' as const,
    message: e.locations?.[0]
      ? `${e.message} (line ${e.locations[0].line}, column ${e.locations[0].column})`
      : e.message,
    line: e.locations?.[0]?.line,
    column: e.locations?.[0]?.column,
  }));
  if (problems.length > 0) return problems;
  const coerced = getVariableValues(
    schema,
    payload.operation.variableDefinitions ?? [],
    payload.variables ?? {},
  );
  for (const e of coerced.errors ?? [])
    problems.push({ code: 'graphql.variables', message: e.message, line: e.locations?.[0]?.line });
  return problems;
}
