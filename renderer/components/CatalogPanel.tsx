import { forwardRef, useMemo, useState } from 'react';
import { catalog, families, searchCatalog, type Preset } from '../../shared/catalog';
import {
  metadataQueryPresets,
  type GraphqlQueryPreset,
} from '../../shared/catalog/families/metadata-api';
import { needsNewerVersion } from '../lib/send-checks';

interface Props {
  /** The connected server's API version, to mark presets that need a newer one. */
  apiVersion: string | null;
  /**
   * A single click opens a preview tab (`keep` false), a double click a real one (`keep`
   * true); a preset done by the connection (Sign In, Switch Site) starts its action instead.
   */
  onOpen(preset: Preset, how: { keep: boolean }): void;
  /** Opens a Metadata API governance query (a GraphQL document with variables). */
  onOpenQuery?(query: GraphqlQueryPreset): void;
}

/** The Metadata API's governance queries, listed under its family and found by search. */
function QueryButtons({
  queries,
  onOpen,
}: {
  queries: GraphqlQueryPreset[];
  onOpen(q: GraphqlQueryPreset): void;
}) {
  return (
    <>
      {queries.map((q) => (
        <li key={q.id}>
          <button
            type="button"
            className="link preset"
            onClick={() => onOpen(q)}
            title={`GraphQL: ${q.description}`}
          >
            <span className="method" style={{ color: 'var(--accent)' }}>
              GQL
            </span>
            <span className="preset-name">{q.name}</span>
          </button>
        </li>
      ))}
    </>
  );
}

function PresetButton({
  preset,
  apiVersion,
  onOpen,
}: {
  preset: Preset;
  apiVersion: string | null;
  onOpen(p: Preset, how: { keep: boolean }): void;
}) {
  const tooNew = needsNewerVersion(preset, apiVersion);
  const byConnection = preset.doneByConnection;
  return (
    <li>
      <button
        type="button"
        className={`link preset${tooNew ? ' too-new' : ''}${byConnection ? ' by-connection' : ''}`}
        onClick={() => onOpen(preset, { keep: false })}
        onDoubleClick={() => !byConnection && onOpen(preset, { keep: true })}
        title={
          byConnection
            ? `Done by the connection, not sent as a request (its answer carries the session token): opens the connection’s ${byConnection === 'signIn' ? 'Sign in' : byConnection === 'switchSite' ? 'Switch site' : 'Sign out'}.\n${preset.description}`
            : `${preset.method} ${preset.path}\n${preset.description}`
        }
      >
        <span className={`method method-${preset.method.toLowerCase()}`}>{preset.method}</span>
        <span className="preset-name">{preset.name}</span>
        {byConnection && <span className="tag">by the connection</span>}
        {tooNew && <span className="tag warn">needs {preset.minVersion}</span>}
        {!tooNew && !byConnection && preset.availability !== 'server-and-cloud' && (
          <span className="tag">{preset.availability}</span>
        )}
      </button>
    </li>
  );
}

/** The endpoint catalog by Tableau's reference sections, with search (Ctrl/Cmd+K). */
export const CatalogPanel = forwardRef<HTMLInputElement, Props>(function CatalogPanel(
  { apiVersion, onOpen, onOpenQuery },
  searchRef,
) {
  const [query, setQuery] = useState('');
  const queryResults = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length || !onOpenQuery) return [];
    return metadataQueryPresets.filter((q) => {
      const text = `${q.name} ${q.description} graphql metadata`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [query, onOpenQuery]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const results = useMemo(() => (query.trim() ? searchCatalog(query) : null), [query]);
  const grouped = useMemo(
    () =>
      families
        .map((family) => ({ family, presets: catalog.filter((p) => p.family === family.id) }))
        .filter((g) => g.presets.length > 0),
    [],
  );
  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="catalog">
      <input
        ref={searchRef}
        type="search"
        aria-label="Search the catalog"
        placeholder={`Search ${catalog.length} endpoints (Ctrl+K)`}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results?.[0]) onOpen(results[0], { keep: false });
          if (e.key === 'Escape') setQuery('');
        }}
      />
      <div className="scroll" aria-label="Endpoint presets" role="region">
        {results ? (
          results.length === 0 && queryResults.length === 0 ? (
            <p className="empty">
              No endpoint matches “{query}”. Try a word from its name or path, like “users” or
              “refresh”.
            </p>
          ) : (
            <ul className="list">
              {results.slice(0, 200).map((preset) => (
                <PresetButton
                  key={preset.id}
                  preset={preset}
                  apiVersion={apiVersion}
                  onOpen={onOpen}
                />
              ))}
              {onOpenQuery && <QueryButtons queries={queryResults} onOpen={onOpenQuery} />}
            </ul>
          )
        ) : (
          grouped.map(({ family, presets }) => {
            const open = !collapsed.has(family.id);
            return (
              <div key={family.id} className="family">
                <button
                  type="button"
                  className="family-head"
                  aria-expanded={open}
                  onClick={() => toggle(family.id)}
                >
                  <span className="chevron" aria-hidden="true">
                    {open ? '▾' : '▸'}
                  </span>
                  {family.name} <span className="muted">{presets.length}</span>
                </button>
                {open && (
                  <ul className="list">
                    {presets.map((preset) => (
                      <PresetButton
                        key={preset.id}
                        preset={preset}
                        apiVersion={apiVersion}
                        onOpen={onOpen}
                      />
                    ))}
                    {family.id === 'metadata-api' && onOpenQuery && (
                      <QueryButtons queries={metadataQueryPresets} onOpen={onOpenQuery} />
                    )}
                  </ul>
                )}
              </div>
            );
          })
        )}
      </div>
    </div>
  );
});
