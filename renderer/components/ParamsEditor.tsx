import type { SessionInfo } from '../../shared/connection';
import type { Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import { placeholders } from '../../shared/url-template';
import { isSessionPlaceholder } from '../lib/resolved-url';
import { queryValue, withQueryValue } from '../lib/request-spec';
import { FilterBuilder, SortBuilder } from './FilterSortBuilder';
import { KeyValueTable } from './KeyValueTable';

interface Props {
  spec: RequestSpec;
  preset: Preset | undefined;
  /** The session of the tab's own connection. */
  session: SessionInfo | null;
  /** Send was refused for an empty field: the empty fields say so loudly. */
  blocked: boolean;
  onChange(spec: RequestSpec): void;
}

function sessionValue(name: string, session: SessionInfo | null): string {
  if (!session) return '';
  if (name === 'api-version') return session.apiVersion;
  if (name === 'site-id') return session.siteId;
  return '';
}

/** Fields a "Me" button can fill with the signed-in user's id. */
const isUserField = (name: string) => name === 'user-id' || name.endsWith('-user-id');

/**
 * Path parameters, Tableau's list helpers (paging, filter, sort, fields) and the query table.
 * Only `{api-version}` and `{site-id}` come from the session; every other placeholder is the
 * user's to fill — "Me" writes the signed-in user's id in, visibly (DESIGN.md §11).
 */
export function ParamsEditor({ spec, preset, session, blocked, onChange }: Props) {
  const names = placeholders(spec.path);
  const listLike =
    preset?.paginated ||
    ['pageSize', 'pageNumber', 'filter', 'sort', 'fields'].some((n) =>
      spec.query.some((q) => q.name === n),
    );
  const set = (name: string, value: string) => onChange(withQueryValue(spec, name, value));
  const setParam = (name: string, value: string) =>
    onChange({ ...spec, pathParams: { ...spec.pathParams, [name]: value } });
  const describe = (name: string) =>
    preset?.pathParams.find((p) => p.name === name)?.description ?? '';

  return (
    <div className="params">
      {names.length > 0 && (
        <fieldset className="path-params">
          <legend>Path parameters</legend>
          <div className="form-grid compact path-param-grid">
            {names.map((name) => {
              const fromSession = isSessionPlaceholder(name);
              const empty = !fromSession && !spec.pathParams[name]?.trim();
              const hintId = `param-hint-${name}`;
              return (
                <div key={name} className="contents">
                  <label className="mono param-name" htmlFor={`param-${name}`}>
                    {`{${name}}`}
                  </label>
                  <div className="param-field">
                    {fromSession ? (
                      <input
                        id={`param-${name}`}
                        aria-label={`Path parameter ${name}`}
                        readOnly
                        className="readonly mono"
                        value={sessionValue(name, session)}
                        placeholder="from the session once signed in"
                        title="Filled from the signed-in session"
                      />
                    ) : (
                      <input
                        id={`param-${name}`}
                        aria-label={`Path parameter ${name}`}
                        aria-invalid={empty}
                        aria-describedby={empty ? hintId : undefined}
                        className={`mono${empty && blocked ? ' invalid' : ''}`}
                        value={spec.pathParams[name] ?? ''}
                        placeholder={describe(name) || 'required'}
                        spellCheck={false}
                        onChange={(e) => setParam(name, e.target.value)}
                      />
                    )}
                    {isUserField(name) && (
                      <button
                        type="button"
                        className="small"
                        disabled={!session}
                        title={
                          session
                            ? `Write your own user id (${session.userName}) into {${name}}`
                            : 'Sign in to use your own user id'
                        }
                        aria-label={`Me: fill {${name}} with my user id`}
                        onClick={() => session && setParam(name, session.userId)}
                      >
                        Me
                      </button>
                    )}
                    {empty && (
                      <span
                        id={hintId}
                        className={blocked ? 'field-error' : 'field-hint'}
                        role={blocked ? 'alert' : undefined}
                      >
                        {blocked ? 'Not sent: fill this in' : 'required'}
                        {isUserField(name) ? ' (Me = your own id)' : ''}
                      </span>
                    )}
                  </div>
                </div>
              );
            })}
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
