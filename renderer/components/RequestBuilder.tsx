import { useState } from 'react';
import type { SessionInfo } from '../../shared/connection';
import type { Preset } from '../../shared/catalog';
import { httpMethodSchema, type RequestBody, type RequestSpec } from '../../shared/request';
import { BodyEditor } from '../editor/lazy-editors';
import type { RequestTab } from '../state/tab-model';
import { needsNewerVersion } from '../lib/send-checks';
import { HeadersEditor } from './HeadersEditor';
import { ParamsEditor } from './ParamsEditor';
import { PathField } from './PathField';

type Section = 'params' | 'headers' | 'body';

interface Props {
  tab: RequestTab;
  preset: Preset | undefined;
  session: SessionInfo | null;
  onChange(spec: RequestSpec): void;
  onSend(): void;
  onCancel(): void;
}

const BODY_KINDS: { kind: RequestBody['kind']; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'json', label: 'JSON' },
  { kind: 'xml', label: 'XML' },
  { kind: 'text', label: 'Text' },
];

/** Method, path, Send; then Params, Headers and Body for the active tab. */
export function RequestBuilder({ tab, preset, session, onChange, onSend, onCancel }: Props) {
  const { spec } = tab;
  const [section, setSection] = useState<Section>(spec.body.kind !== 'none' ? 'body' : 'params');
  const running = tab.sending || Boolean(tab.operation?.running);
  const tooNew = preset && session && needsNewerVersion(preset, session.apiVersion);
  const enabledQuery = spec.query.filter((q) => q.enabled).length;
  const bodyText = spec.body.kind === 'none' ? '' : spec.body.text;

  const setBody = (kind: RequestBody['kind']) => {
    if (kind === 'none') onChange({ ...spec, body: { kind: 'none' } });
    else onChange({ ...spec, body: { kind, text: bodyText } as RequestBody });
  };

  return (
    <section className="builder-pane" aria-label="Request builder">
      <form
        className="request-bar"
        aria-label="Request"
        onSubmit={(event) => {
          event.preventDefault();
          onSend();
        }}
      >
        <select
          aria-label="Method"
          className={`method-select method-${spec.method.toLowerCase()}`}
          value={spec.method}
          onChange={(e) => onChange({ ...spec, method: httpMethodSchema.parse(e.target.value) })}
        >
          {httpMethodSchema.options.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <PathField value={spec.path} onChange={(path) => onChange({ ...spec, path })} />
        {running ? (
          <button type="button" className="danger" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" title="Send (Ctrl+Enter)">
            Send
          </button>
        )}
      </form>
      {preset && (
        <div className="preset-line">
          <span className="muted">{preset.description}</span>
          <span className="spacer" />
          {tooNew && (
            <span className="tag warn" role="note">
              Needs API {preset.minVersion};{' '}
              {session?.serverUrl ? 'this server speaks' : 'connected'} {session?.apiVersion}
            </span>
          )}
          {preset.sourceNote && (
            // Where Tableau's sources disagree or could not be read, say so instead of guessing.
            <span
              className="tag warn"
              role="note"
              aria-label={`Source note: ${preset.sourceNote}`}
              title={preset.sourceNote}
            >
              unverified details
            </span>
          )}
          <span className="muted small-text">since {preset.minVersion}</span>
          <a href={preset.docUrl} target="_blank" rel="noreferrer" className="small-text">
            Reference ↗
          </a>
        </div>
      )}
      <div className="subtabs" role="tablist" aria-label="Request sections">
        {(
          [
            ['params', `Params${enabledQuery ? ` (${enabledQuery})` : ''}`],
            ['headers', `Headers${spec.headers.length ? ` (${spec.headers.length})` : ''}`],
            [
              'body',
              `Body${spec.body.kind !== 'none' ? ` (${spec.body.kind.toUpperCase()})` : ''}`,
            ],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={section === id}
            className="subtab"
            onClick={() => setSection(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="section-body" role="tabpanel">
        {section === 'params' && (
          <ParamsEditor spec={spec} preset={preset} session={session} onChange={onChange} />
        )}
        {section === 'headers' && <HeadersEditor spec={spec} onChange={onChange} />}
        {section === 'body' && (
          <div className="body-section">
            <div className="toolbar" role="radiogroup" aria-label="Body type">
              {BODY_KINDS.map(({ kind, label }) => (
                <label key={kind} className="radio">
                  <input
                    type="radio"
                    name={`body-kind-${tab.id}`}
                    checked={spec.body.kind === kind}
                    onChange={() => setBody(kind)}
                  />{' '}
                  {label}
                </label>
              ))}
              {preset?.body?.note && <span className="muted small-text">{preset.body.note}</span>}
            </div>
            {spec.body.kind === 'none' ? (
              <p className="empty">This request sends no body. Pick JSON or XML to write one.</p>
            ) : (
              <BodyEditor
                tabId={tab.id}
                value={bodyText}
                language={
                  spec.body.kind === 'json'
                    ? 'json'
                    : spec.body.kind === 'xml'
                      ? 'xml'
                      : 'plaintext'
                }
                schema={preset?.body?.schema}
                onChange={(text) => {
                  if (spec.body.kind !== 'none' && text !== spec.body.text)
                    onChange({ ...spec, body: { ...spec.body, text } });
                }}
              />
            )}
          </div>
        )}
      </div>
    </section>
  );
}
