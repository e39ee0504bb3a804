import { useMemo, useState } from 'react';
import type { SessionInfo } from '../../shared/connection';
import { metadataQueryPresets } from '../../shared/catalog/families/metadata-api';
import { operationsInText } from '../../shared/graphql';
import type { RequestSpec } from '../../shared/request';
import { variablesSchema } from '../editor/graphql-variables';
import { BodyEditor } from '../editor/lazy-editors';
import { GraphqlEditor } from '../editor/lazy-graphql';
import { formatTimeOfDay } from '../lib/format';
import { useGraphqlSchema } from '../state/use-graphql-schema';
import '../styles/graphql.css';

interface Props {
  tabId: string;
  connectionId: string;
  session: SessionInfo | null;
  spec: RequestSpec;
  onChange(spec: RequestSpec): void;
  /** Runs the stale-workbooks join (Metadata API workbooks × REST view counts). */
  onStaleWorkbooks?(days: number, maxViews: number): void;
  busy: boolean;
}

/**
 * The Metadata API workbench: the query in Monaco with completion, hover and validation from
 * the server's schema (introspected once per connection and version; Refresh asks again),
 * the variables as JSON checked against the operation's `$variables`, and an operation picker
 * when the document has several. A governance query says what it can and cannot tell.
 */
export function GraphqlPanel({
  tabId,
  connectionId,
  session,
  spec,
  onChange,
  onStaleWorkbooks,
  busy,
}: Props) {
  const body = spec.body.kind === 'graphql' ? spec.body : null;
  const schema = useGraphqlSchema(connectionId, session);
  const operations = useMemo(() => operationsInText(body?.text ?? ''), [body?.text]);
  const named = operations.filter((o) => o.name);
  const chosen = body?.operationName ?? '';
  const preset = useMemo(
    () =>
      metadataQueryPresets.find((p) =>
        operations.some((o) => o.name && operationsInText(p.query)[0]?.name === o.name),
      ),
    [operations],
  );
  const varsSchema = useMemo(
    () =>
      body ? variablesSchema(body.text, body.operationName || undefined, schema.schema) : undefined,
    [body?.text, body?.operationName, schema.schema],
  );
  const [days, setDays] = useState(preset?.join?.days ?? 90);
  const [maxViews, setMaxViews] = useState(preset?.join?.maxViews ?? 0);
  if (!body) return null;
  const update = (patch: Partial<typeof body>) =>
    onChange({ ...spec, body: { ...body, ...patch } });

  return (
    <div className="graphql-panel">
      <div className="toolbar graphql-toolbar">
        <span className="schema-status" role="status" aria-label="Schema">
          {!schema.signedIn
            ? 'Sign in to load the schema (completion and checks need it).'
            : schema.loading
              ? 'Loading the schema…'
              : schema.error
                ? `No schema: ${schema.error}`
                : schema.info
                  ? `Schema: ${schema.info.types} types, ${schema.info.serverVersion}, ${schema.info.fromCache ? 'cached' : 'fetched'} ${formatTimeOfDay(schema.info.fetchedAt)}`
                  : ''}
        </span>
        <button
          type="button"
          className="small"
          disabled={!schema.signedIn || schema.loading}
          onClick={schema.refresh}
          title="Ask the server for its schema again (it is cached per connection and server version)"
        >
          Refresh schema
        </button>
        {operations.length > 1 && (
          <label className="operation-picker">
            Operation{' '}
            <select
              aria-label="Operation"
              value={chosen}
              onChange={(e) => update({ operationName: e.target.value || undefined })}
            >
              <option value="">pick one…</option>
              {named.map((o) => (
                <option key={o.name} value={o.name!}>
                  {o.operation} {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {preset && (
        <div className="graphql-preset" role="note" aria-label="About this query">
          <strong>{preset.name}.</strong> <span className="muted">{preset.description}</span>
          {preset.note && <p className="small-text">{preset.note}</p>}
          {preset.join?.kind === 'staleWorkbooks' && onStaleWorkbooks && (
            <div className="stale-join">
              <label>
                Not updated in{' '}
                <input
                  type="number"
                  min={0}
                  aria-label="Days"
                  value={days}
                  onChange={(e) => setDays(Math.max(0, Number(e.target.value) || 0))}
                />{' '}
                days
              </label>
              <label>
                with at most{' '}
                <input
                  type="number"
                  min={0}
                  aria-label="Most views"
                  value={maxViews}
                  onChange={(e) => setMaxViews(Math.max(0, Number(e.target.value) || 0))}
                />{' '}
                views in all
              </label>
              <button
                type="button"
                className="small primary"
                disabled={busy}
                onClick={() => onStaleWorkbooks(days, maxViews)}
              >
                Run with REST view counts
              </button>
            </div>
          )}
        </div>
      )}
      <div className="graphql-editors">
        <div className="graphql-query">
          <GraphqlEditor
            tabId={tabId}
            value={body.text}
            schema={schema.schema}
            onChange={(text) => {
              if (text !== body.text) update({ text });
            }}
          />
        </div>
        <div className="graphql-variables">
          <div className="muted small-text">Variables (JSON)</div>
          <BodyEditor
            tabId={`${tabId}-variables`}
            value={body.variables}
            language="json"
            schema={varsSchema}
            onChange={(variables) => {
              if (variables !== body.variables) update({ variables });
            }}
          />
        </div>
      </div>
    </div>
  );
}
