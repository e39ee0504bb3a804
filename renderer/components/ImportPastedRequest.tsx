import { useState, type ReactNode } from 'react';
import type { Connection } from '../../shared/connection';
import { importCurlCommand, looksLikeCurl, readPastedUrl } from '../../shared/interop/curl-import';
import { offerConnection } from '../lib/connection-offer';
import type { RequestSpec } from '../../shared/request';

interface Options {
  spec: RequestSpec;
  connection: Connection | undefined;
  onChange(spec: RequestSpec): void;
  /** The preset the pasted request matches (or none): the tab shows its docs and checks. */
  onPreset?(presetId: string | undefined): void;
}

/**
 * A curl command or a full URL pasted into the path bar (DESIGN.md §13): a curl command fills
 * the method, path, query, headers and body (its token dropped); a URL on the tab's server
 * becomes the API path with its query split into parameters. Either way a note says what was
 * read, and names the server when it is not the tab's connection's.
 */
export function usePastedRequest({ spec, connection, onChange, onPreset }: Options): {
  onPaste(text: string): boolean;
  notice: ReactNode;
} {
  const [note, setNote] = useState<{ text: string; error?: boolean; server?: string } | null>(null);
  const onPaste = (text: string): boolean => {
    const trimmed = text.trim();
    if (looksLikeCurl(trimmed)) {
      const read = importCurlCommand(trimmed, { serverUrl: connection?.serverUrl });
      if (!read.ok) {
        setNote({ text: `Not read as a curl command: ${read.error.message}`, error: true });
        return true;
      }
      onChange(read.request.spec as RequestSpec);
      onPreset?.(read.request.presetId);
      const said = read.report.notes
        .filter((n) => n.kind !== 'mapped' && !n.what.startsWith('server '))
        .map((n) => `${n.what}: ${n.why}`);
      const other =
        read.sameServer === false
          ? ` It is aimed at ${read.connection.serverUrl}, not at this tab’s connection (${connection?.name}).`
          : '';
      setNote({
        text: `Read a curl command: ${read.request.spec.method} ${read.request.spec.path}${read.request.presetId ? ` (${read.request.name})` : ''}.${other}${said.length ? ` ${said.join(' ')}` : ''}`,
        server: read.sameServer === false ? read.connection.serverUrl : undefined,
      });
      return true;
    }
    const url = readPastedUrl(trimmed, spec.method, connection?.serverUrl);
    if (!url) return false;
    onChange({
      ...spec,
      path: url.path,
      pathParams: url.pathParams,
      query: url.query.length ? url.query : spec.query,
    });
    onPreset?.(url.presetId);
    setNote({
      server: url.otherServer ?? undefined,
      text: `Read the URL as ${url.path}${url.query.length ? ` with ${url.query.length} query parameter${url.query.length > 1 ? 's' : ''}` : ''}.${url.otherServer ? ` It is on ${url.otherServer}, not this tab’s connection (${connection?.name}).` : ''}${url.notes.length ? ` ${url.notes.map((n) => `${n.what}: ${n.why}`).join(' ')}` : ''}`,
    });
    return true;
  };
  const notice = note && (
    <div
      className={`tab-notice${note.error ? ' error' : ''}`}
      role="note"
      aria-label="Pasted into the path"
    >
      <span>{note.text}</span>
      {note.server && (
        <button
          type="button"
          className="small"
          onClick={() => offerConnection({ serverUrl: note.server as string })}
        >
          Add a connection for {note.server}…
        </button>
      )}
      <button type="button" className="small" onClick={() => setNote(null)}>
        Dismiss
      </button>
    </div>
  );
  return { onPaste, notice };
}
