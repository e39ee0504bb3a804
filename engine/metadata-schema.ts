import {
  buildClientSchema,
  getIntrospectionQuery,
  GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { Connection, SessionInfo } from '../shared/connection';
import { checkAgainstSchema, graphqlPayload, readGraphqlErrors } from '../shared/graphql';
import type { RequestSpec } from '../shared/request';
import { readTableauError } from '../shared/tableau-errors';
import { EngineError } from './errors';
import type { RequestExecutor } from './executor';
import { parseBody } from './response-summary';

export const METADATA_GRAPHQL_PATH = '/api/metadata/graphql';

interface Cached {
  key: string;
  introspection: IntrospectionQuery;
  fetchedAt: string;
  schema: GraphQLSchema | null;
}

export interface SchemaAnswer {
  introspection: IntrospectionQuery;
  /** The server version the schema belongs to (it is cached per connection and version). */
  serverVersion: string;
  fetchedAt: string;
  fromCache: boolean;
}

/** Same connection, same server, same version: same schema (GraphiQL's rule: introspect once). */
function cacheKey(connection: Connection, session: SessionInfo): string {
  return [connection.id, session.serverUrl, session.productVersion, session.apiVersion].join('|');
}

/**
 * The Metadata API's schema, asked of the signed-in server by introspection once per
 * connection and server version, kept in memory: the editor completes and validates with it,
 * the engine checks queries against it before sending and reads which fields take `offset`.
 */
export class MetadataSchemas {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<Cached>>();

  constructor(private readonly executor: RequestExecutor) {}

  async get(
    connection: Connection,
    session: SessionInfo,
    options: { refresh?: boolean } = {},
  ): Promise<SchemaAnswer> {
    const key = cacheKey(connection, session);
    const cached = this.cache.get(connection.id);
    if (cached?.key === key && !options.refresh)
      return { ...this.answer(cached, session), fromCache: true };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.introspect(connection, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const fresh = await pending;
    this.cache.set(connection.id, fresh);
    return { ...this.answer(fresh, session), fromCache: false };
  }

  private answer(cached: Cached, session: SessionInfo) {
    return {
      introspection: cached.introspection,
      serverVersion: `${session.productVersion} (API ${session.apiVersion})`,
      fetchedAt: cached.fetchedAt,
    };
  }

  /** The cached schema for a connection's current session, if it was introspected. */
  schemaFor(connection: Connection, session: SessionInfo | null): GraphQLSchema | null {
    if (!session) return null;
    const cached = this.cache.get(connection.id);
    if (!cached || cached.key !== cacheKey(connection, session)) return null;
    cached.schema ??= buildClientSchema(cached.introspection, { assumeValid: true });
    return cached.schema;
  }

  /** Whether `Query.<field>` takes `offset`; null when no schema is cached. */
  offsetAllowed(
    connection: Connection,
    session: SessionInfo | null,
    field: string,
  ): boolean | null {
    const schema = this.schemaFor(connection, session);
    const query = schema?.getQueryType();
    if (!query || !(query instanceof GraphQLObjectType)) return null;
    const definition = query.getFields()[field];
    return definition ? definition.args.some((a) => a.name === 'offset') : null;
  }

  /**
   * Refuses a GraphQL request the cached schema says is wrong (unknown field, wrong variable
   * type…), before it is sent. Without a cached schema only syntax and variables JSON are checked
   * (by the executor).
   */
  check(connection: Connection, session: SessionInfo | null, spec: RequestSpec): void {
    if (spec.body.kind !== 'graphql') return;
    const schema = this.schemaFor(connection, session);
    if (!schema) return;
    const payload = graphqlPayload(spec.body);
    if ('problem' in payload) return; // the executor says why, with the same words
    const problems = checkAgainstSchema(schema, payload);
    if (problems.length > 0)
      throw new EngineError(
        problems[0].code,
        `Not sent: ${problems.map((p) => p.message).join(' · ')}`,
        { problems },
      );
  }

  private async introspect(connection: Connection, key: string): Promise<Cached> {
    const spec: RequestSpec = {
      method: 'POST',
      path: METADATA_GRAPHQL_PATH,
      pathParams: {},
      query: [],
      headers: [],
      body: {
        kind: 'graphql',
        text: getIntrospectionQuery({ descriptions: true }),
        variables: '',
      },
      accept: 'json',
    };
    const { response } = await this.executor.exchange(connection, spec, { idempotent: true });
    const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
    const parsed = parseBody(response.body.toString('utf8'), contentType) as {
      data?: IntrospectionQuery;
    } | null;
    if (response.status !== 200) {
      const error = readTableauError(parsed);
      throw new EngineError(
        'metadata.schemaUnavailable',
        error
          ? `The server refused the schema request: ${error.code} ${error.summary}: ${error.detail}`
          : `The server answered HTTP ${response.status} to the schema request: is the Metadata API enabled (tsm maintenance metadata-services enable)?`,
      );
    }
    const errors = readGraphqlErrors(parsed);
    if (!parsed?.data?.__schema) {
      throw new EngineError(
        'metadata.schemaUnavailable',
        `The server gave no schema${errors ? `: ${errors.map((e) => e.message).join('; ')}` : ''}.`,
      );
    }
    return { key, introspection: parsed.data, fetchedAt: new Date().toISOString(), schema: null };
  }
}
