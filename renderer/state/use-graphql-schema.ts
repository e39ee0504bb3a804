import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../shared/connection';
import { ApiError, call } from '../api';

export interface SchemaState {
  schema: GraphQLSchema | null;
  /** Server version, when it was asked, whether the engine answered from its cache, types. */
  info: { serverVersion: string; fetchedAt: string; fromCache: boolean; types: number } | null;
  loading: boolean;
  error: string | null;
}

/** Built schemas by connection and server version, shared by every tab. */
const built = new Map<string, { schema: GraphQLSchema; info: NonNullable<SchemaState['info']> }>();

function keyOf(connectionId: string, session: SessionInfo): string {
  return [connectionId, session.serverUrl, session.productVersion, session.apiVersion].join('|');
}

/**
 * The Metadata API schema of a tab's connection, asked of the engine (which introspects the
 * server once per connection and version) and built here once for completion and checks.
 */
export function useGraphqlSchema(connectionId: string, session: SessionInfo | null) {
  const key = session ? keyOf(connectionId, session) : null;
  const [state, setState] = useState<SchemaState>(() => {
    const hit = key ? built.get(key) : undefined;
    return { schema: hit?.schema ?? null, info: hit?.info ?? null, loading: false, error: null };
  });

  const load = useCallback(
    async (refresh: boolean) => {
      if (!key) return;
      const hit = built.get(key);
      if (hit && !refresh) {
        setState({ schema: hit.schema, info: hit.info, loading: false, error: null });
        return;
      }
      setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const answer = await call('metadata:schema', connectionId, { refresh });
        const introspection = answer.introspection as IntrospectionQuery;
        const schema = buildClientSchema(introspection, { assumeValid: true });
        const info = {
          serverVersion: answer.serverVersion,
          fetchedAt: answer.fetchedAt,
          fromCache: answer.fromCache,
          types: introspection.__schema.types.filter((t) => !t.name.startsWith('__')).length,
        };
        built.set(key, { schema, info });
        setState({ schema, info, loading: false, error: null });
      } catch (error) {
        const message = error instanceof ApiError ? error.message : String(error);
        setState((s) => ({ ...s, loading: false, error: message }));
      }
    },
    [key, connectionId],
  );

  useEffect(() => {
    if (!key) {
      setState({ schema: null, info: null, loading: false, error: null });
      return;
    }
    void load(false);
  }, [key, load]);

  return { ...state, refresh: () => void load(true), signedIn: Boolean(session) };
}
