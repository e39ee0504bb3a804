import { useEffect, useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { Preset } from '../../shared/catalog';
import { httpMethodSchema, type RequestBody, type RequestSpec } from '../../shared/request';
import { BodyEditor } from '../editor/lazy-editors';
import { presetFileTypes, withPublishTypeParam } from '../lib/request-spec';
import { BulkUsersButton } from './BulkUsersButton';
import { MultipartBodyEditor, multipartFrom } from './MultipartBodyEditor';
import type { RequestTab } from '../state/tab-model';
import { needsNewerVersion } from '../lib/send-checks';
import { emptyPlaceholders } from '../lib/resolved-url';
import { METADATA_GRAPHQL_PATH } from '../lib/request-spec';
import { GraphqlPanel } from './lazy-graphql-panel';
import { afterSendCount } from '../lib/after-send';
import { useChain } from '../state/use-chaining';
import { ChainEditor } from './ChainEditor';
import { CopyAsButton } from './CopyAsButton';
import { ForEachCsvButton } from './ForEachCsvButton';
import { HeadersEditor } from './HeadersEditor';
import { usePastedRequest } from './ImportPastedRequest';
import { ParamsEditor } from './ParamsEditor';
import { PathField } from './PathField';
import { ResolvedUrlLine } from './ResolvedUrlLine';

type Section = 'params' | 'headers' | 'body' | 'after';

/** Presets whose users a whole CSV can provision, with a dry run and undo (issue 14). */
const BULK_USER_PRESETS = new Set([
  'users.add-user-to-site',
  'users.import-users-to-site-from-csv',
]);

interface Props {
  tab: RequestTab;
  preset: Preset | undefined;
  /** Every connection, for the tab's picker. */
  connections: Connection[];
  /** The session of the tab's own connection. */
  session: SessionInfo | null;
  onChange(spec: RequestSpec): void;
  /** The user picked another connection for this tab. */
  onConnection(connectionId: string): void;
  /** A pasted curl command or URL matched another preset (or none). */
  onPreset?(presetId: string | undefined): void;
  onDismissNotice(): void;
  onSend(): void;
  onCancel(): void;
  /** A Metadata API tab's stale-workbooks join (REST view counts). */
  onStaleWorkbooks?(days: number, maxViews: number): void;
}

const BODY_KINDS: { kind: RequestBody['kind']; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'json', label: 'JSON' },
  { kind: 'xml', label: 'XML' },
  { kind: 'text', label: 'Text' },
  { kind: 'graphql', label: 'GraphQL' },
  { kind: 'multipart', label: 'Multipart' },
];

/**
 * Method, path, the tab's connection and Send; under them the full URL as it will be sent;
 * then Params, Headers and Body for the active tab.
 */
export function RequestBuilder({
  tab,
  preset,
  connections,
  session,
  onChange,
  onConnection,
  onPreset,
  onDismissNotice,
  onSend,
  onCancel,
  onStaleWorkbooks,
}: Props) {
  const { spec } = tab;
  const chain = useChain();
  const [section, setSection] = useState<Section>(spec.body.kind !== 'none' ? 'body' : 'params');
  const connection = connections.find((c) => c.id === tab.connectionId);
  // A curl command or a full URL pasted into the path fills the request (issue 16).
  const pasted = usePastedRequest({ spec, connection, onChange, onPreset });
  const empty = emptyPlaceholders(spec);
  const blocked = Boolean(tab.sendBlocked) && empty.length > 0;
  // A refused Send shows the fields that need filling.
  useEffect(() => {
    if (tab.sendBlocked) setSection('params');
  }, [tab.sendBlocked]);
  const running = tab.sending || Boolean(tab.operation?.running);
  const tooNew = preset && session && needsNewerVersion(preset, session.apiVersion);
  const enabledQuery = spec.query.filter((q) => q.enabled).length;
  const bodyText = spec.body.kind === 'none' ? '' : spec.body.text;

  const setBody = (kind: RequestBody['kind']) => {
    if (kind === 'none') onChange({ ...spec, body: { kind: 'none' } });
    else if (kind === 'graphql')
      // GraphQL goes to the Metadata API by POST (tableau-api.md §9); the text is kept.
      onChange({
        ...spec,
        method: 'POST',
        path: METADATA_GRAPHQL_PATH,
        body: { kind: 'graphql', text: bodyText, variables: '' },
      });
    else if (kind === 'multipart') onChange({ ...spec, body: multipartFrom(spec.body) });
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
        <PathField
          value={spec.path}
          onChange={(path) => onChange({ ...spec, path })}
          onPaste={pasted.onPaste}
        />
        <select
          aria-label="Connection"
          className={`connection-select${connection?.production ? ' production' : ''}`}
          value={connection ? tab.connectionId : ''}
          title="The connection this tab sends to"
          onChange={(e) => onConnection(e.target.value)}
        >
          {!connection && (
            <option value="" disabled>
              connection deleted — pick one
            </option>
          )}
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.production ? `${c.name} (PRODUCTION)` : c.name}
            </option>
          ))}
        </select>
        {running ? (
          <button type="button" className="danger" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" title="Send (Ctrl+Enter)">
            Send
          </button>
        )}
        <CopyAsButton tab={tab} preset={preset} connection={connection} session={session} />
        <ForEachCsvButton preset={preset} connectionId={tab.connectionId} />
      </form>
      <ResolvedUrlLine spec={spec} session={session} connection={connection ?? null} tab={tab} />
      {pasted.notice}
      {blocked && (
        <p className="send-blocked" role="alert">
          Not sent: fill in {empty.map((n) => `{${n}}`).join(', ')} (Params). An empty placeholder
          is never sent{empty.includes('user-id') ? '; “Me” fills in your own user id' : ''}.
        </p>
      )}
      {tab.notice && (
        <div className="tab-notice" role="note" aria-label="Note on this tab">
          <span>{tab.notice}</span>
          <button type="button" className="small" onClick={onDismissNotice}>
            Dismiss
          </button>
        </div>
      )}
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
          {BULK_USER_PRESETS.has(preset.id) && connection && (
            <BulkUsersButton
              connection={connection}
              session={session}
              label="Many users? Users from CSV…"
            />
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
            ['after', `Captures & assertions${afterSendCount(tab.afterSend)}`],
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
          <ParamsEditor
            spec={spec}
            preset={preset}
            session={session}
            blocked={blocked}
            onChange={onChange}
          />
        )}
        {section === 'headers' && <HeadersEditor spec={spec} onChange={onChange} />}
        {section === 'after' && (
          <ChainEditor
            value={tab.afterSend}
            saved={Boolean(tab.savedRequestId)}
            onChange={(afterSend) => chain?.updateAfterSend(tab.id, afterSend)}
          />
        )}
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
            ) : spec.body.kind === 'multipart' ? (
              <MultipartBodyEditor
                tabId={tab.id}
                body={spec.body}
                schema={preset?.body?.schema}
                accept={presetFileTypes(preset?.id)}
                onChange={(body) => onChange(withPublishTypeParam({ ...spec, body }))}
              />
            ) : spec.body.kind === 'graphql' ? (
              <GraphqlPanel
                tabId={tab.id}
                connectionId={tab.connectionId}
                session={session}
                spec={spec}
                onChange={onChange}
                onStaleWorkbooks={onStaleWorkbooks}
                busy={running}
              />
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
