import type { Connection, SessionInfo } from '../../shared/connection';
import type { RequestSpec } from '../../shared/request';
import { sendableSpec } from '../lib/request-spec';
import { describeHit, prepareSend } from '../lib/tab-variables';
import { resolveUrlWithVariables } from '../lib/variable-url';
import type { RequestTab } from '../state/tab-model';
import { useChain } from '../state/use-chaining';

interface Props {
  spec: RequestSpec;
  session: SessionInfo | null;
  connection: Connection | null;
  /** The tab, for its `{{variables}}` (its connection's environment, its folders). */
  tab?: Pick<RequestTab, 'connectionId' | 'savedRequestId' | 'variablesProblem'>;
}

/**
 * The full URL the request will be sent to, under the path, as the user types: server, API
 * version, site id, every field, the enabled query and each `{{variable}}`'s value (a secret
 * masked). Gaps are marked, never guessed; when complete and without secrets, the text is
 * exactly the URL the engine sends. Hovering a variable shows its value and its scope.
 */
export function ResolvedUrlLine({ spec, session, connection, tab }: Props) {
  const chain = useChain();
  const layers = chain && tab ? chain.layersForTab(tab) : [];
  const resolved = resolveUrlWithVariables(spec, session, layers);
  const reason = !connection
    ? 'This tab’s connection was deleted: pick another one.'
    : !session
      ? `Sign in to ${connection.name} to see the server, API version and site id.`
      : resolved.reason;
  // Send was refused for a variable: say why while it still holds.
  const problem =
    tab?.variablesProblem && chain ? prepareSend(sendableSpec(spec), layers).problem : null;
  const used = resolved.hits.length + resolved.unresolved.length;
  return (
    <>
      <div className="resolved-url" aria-label="Resolved URL">
        <span className="resolved-label">Sends to</span>
        <output
          className={`mono resolved-text${resolved.url ? '' : ' incomplete'}`}
          data-testid="resolved-url"
          data-complete={resolved.url ? 'true' : 'false'}
          title={resolved.url ?? undefined}
        >
          {resolved.pieces.map((piece, i) =>
            piece.kind === 'missing' ? (
              <mark key={i} className="url-missing" title={`{${piece.name}} is not filled`}>
                {piece.text}
              </mark>
            ) : piece.kind === 'unresolved' ? (
              <mark key={i} className="url-missing" title={`{{${piece.name}}} has no value`}>
                {piece.text}
              </mark>
            ) : piece.kind === 'variable' ? (
              <span key={i} className="url-variable" title={describeHit(piece.hit)}>
                {piece.text}
              </span>
            ) : (
              <span key={i} className={`url-${piece.kind}`}>
                {piece.text}
              </span>
            ),
          )}
        </output>
        {reason && <span className="resolved-reason">{reason}</span>}
      </div>
      {chain && tab && used > 0 && (
        <div className="variables-used" aria-label="Variables used">
          <span className="resolved-label">Variables</span>
          {resolved.hits.map((hit) => (
            <span
              key={hit.name}
              className={`tag variable-chip${hit.secret ? ' secret' : ''}`}
              title={describeHit(hit)}
              aria-label={describeHit(hit)}
            >
              {`{{${hit.name}}}`}
            </span>
          ))}
          {resolved.unresolved.map((name) => (
            <mark
              key={name}
              className="tag variable-chip url-missing"
              title={`{{${name}}} has no value in any scope`}
              aria-label={`{{${name}}} has no value`}
            >
              {`{{${name}}}`}
            </mark>
          ))}
          <button
            type="button"
            className="small link"
            onClick={() =>
              chain.openDialog({
                kind: 'variables',
                scope: { scope: 'connection', connectionId: tab.connectionId },
              })
            }
          >
            Edit variables…
          </button>
        </div>
      )}
      {problem && (
        <p className="send-blocked" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
