import type { SessionInfo } from '../../shared/connection';
import type { Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import { placeholders, SESSION_PLACEHOLDERS } from '../../shared/url-template';
import { queryValue, withQueryValue } from '../lib/request-spec';
import { FilterBuilder, SortBuilder } from './FilterSortBuilder';
import { KeyValueTable } from './KeyValueTable';

interface Props {
  spec: RequestSpec;
  preset: Preset | undefined;
  session: SessionInfo | null;
  onChange(spec: RequestSpec): void;
}

function sessionValue(name: string, session: SessionInfo | null): string {
  if (!session) return '';
  if (name === 'api-version') return session.apiVersion;
  if (name === 'site-id') return session.siteId;
  if (name === 'user-id') return session.userId;
  return '';
}

/** Path parameters, Tableau's list helpers (paging, filter, sort, fields) and the query table. */
export function ParamsEditor({ spec, preset, session, onChange }: Props) {
  const names = placeholders(spec.path);
  const fillable = (name: string) => (SESSION_PLACEHOLDERS as readonly string[]).includes(name);
  // The preset says whether a session value is the one to use ({user-id} of Query User On Site is not).
  const isSession = (name: string) =>
    (preset?.pathParams.find((p) => p.name === name)?.source ??
      (fillable(name) ? 'session' : 'user')) === 'session';
  const listLike =
    preset?.paginated ||
    ['pageSize', 'pageNumber', 'filter', 'sort', 'fields'].some((n) =>
      spec.query.some((q) => q.name === n),
    );
  const set = (name: string, value: string) => onChange(withQueryValue(spec, name, value));
  const describe = (name: string) =>
    preset?.pathParams.find((p) => p.name === name)?.description ?? '';

  return (
    <div className="params">
      {names.length > 0 && (
        <fieldset className="path-params">
          <legend>Path parameters</legend>
          <div className="form-grid compact">
            {names.map((name) => (
              <label key={name} className="contents">
                <span className="mono param-name">{`{${name}}`}</span>
                {isSession(name) ? (
                  <input
                    aria-label={`Path parameter ${name}`}
                    readOnly
                    className="readonly mono"
                    value={sessionValue(name, session)}
                    placeholder="filled from the session when you send"
                    title="Filled from the signed-in session"
                  />
                ) : (
                  <input
                    aria-label={`Path parameter ${name}`}
                    className="mono"
                    value={spec.pathParams[name] ?? ''}
                    placeholder={
                      fillable(name) && session
                        ? `empty = ${sessionValue(name, session)} (you)`
                        : describe(name) || 'required'
                    }
                    spellCheck={false}
                    onChange={(e) =>
                      onChange({
                        ...spec,
                        pathParams: { ...spec.pathParams, [name]: e.target.value },
                      })
                    }
                  />
                )}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {listLike && (
        <div className="helpers">
          <fieldset className="builder paging">
            <legend>Paging and fields</legend>
            <div className="form-grid compact">
              <label htmlFor="q-page-size">Page size</label>
              <input
                id="q-page-size"
                type="number"
                min={1}
                max={1000}
                value={queryValue(spec, 'pageSize') ?? ''}
                placeholder="100"
                onChange={(e) => set('pageSize', e.target.value)}
              />
              <label htmlFor="q-page-number">Page number</label>
              <input
                id="q-page-number"
                type="number"
                min={1}
                value={queryValue(spec, 'pageNumber') ?? ''}
                placeholder="1"
                onChange={(e) => set('pageNumber', e.target.value)}
              />
              <label htmlFor="q-fields">Fields</label>
              <input
                id="q-fields"
                list="fields-hints"
                value={queryValue(spec, 'fields') ?? ''}
                placeholder="_default_"
                onChange={(e) => set('fields', e.target.value)}
                spellCheck={false}
              />
              <datalist id="fields-hints">
                <option value="_default_" />
                <option value="_all_" />
                <option value="id,name" />
                <option value="_default_,owner.email" />
              </datalist>
            </div>
          </fieldset>
          <FilterBuilder
            value={queryValue(spec, 'filter') ?? ''}
            onChange={(v) => set('filter', v)}
          />
          <SortBuilder value={queryValue(spec, 'sort') ?? ''} onChange={(v) => set('sort', v)} />
        </div>
      )}
      <fieldset className="query-table">
        <legend>Query parameters</legend>
        <KeyValueTable
          noun="Query parameter"
          rows={spec.query}
          names={preset?.query.map((q) => q.name)}
          onChange={(query) => onChange({ ...spec, query })}
        />
        {preset && preset.query.length > 0 && (
          <ul className="param-docs">
            {preset.query.map((q) => (
              <li key={q.name}>
                <span className="mono">{q.name}</span>
                {q.required && <span className="tag warn">required</span>}{' '}
                <span className="muted">{q.description}</span>
                {q.allowed && <span className="muted"> ({q.allowed.join(', ')})</span>}
              </li>
            ))}
          </ul>
        )}
      </fieldset>
    </div>
  );
}
