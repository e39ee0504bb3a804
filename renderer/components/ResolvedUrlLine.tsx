import type { Connection, SessionInfo } from '../../shared/connection';
import type { RequestSpec } from '../../shared/request';
import { resolveUrl } from '../lib/resolved-url';

interface Props {
  spec: RequestSpec;
  session: SessionInfo | null;
  connection: Connection | null;
}

/**
 * The full URL the request will be sent to, under the path, as the user types: server, API
 * version, site id, every field and the enabled query. Gaps are marked, never guessed; when
 * complete, the text is exactly the URL the engine sends.
 */
export function ResolvedUrlLine({ spec, session, connection }: Props) {
  const resolved = resolveUrl(spec, session);
  const reason = !connection
    ? 'This tab’s connection was deleted: pick another one.'
    : !session
      ? `Sign in to ${connection.name} to see the server, API version and site id.`
      : resolved.reason;
  return (
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
          ) : (
            <span key={i} className={`url-${piece.kind}`}>
              {piece.text}
            </span>
          ),
        )}
      </output>
      {reason && <span className="resolved-reason">{reason}</span>}
    </div>
  );
}
