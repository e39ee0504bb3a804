import { useEffect, useState } from 'react';
import type { ResponseSummary } from '../../shared/request';
import { call } from '../api';
import { CodeView } from '../editor/lazy-editors';
import { formatBytes, formatCount } from '../lib/format';

/** Above this, Pretty is not rendered in Monaco; Raw shows the body in slices instead. */
export const PRETTY_LIMIT_BYTES = 2 * 1024 * 1024;
const RAW_PAGE_BYTES = 128 * 1024;

function languageOf(contentType: string, text: string): 'json' | 'xml' | 'plaintext' {
  if (contentType.includes('json') || /^\s*[[{]/.test(text)) return 'json';
  if (contentType.includes('xml') || /^\s*</.test(text)) return 'xml';
  return 'plaintext';
}

function pretty(text: string, language: string): string {
  if (language !== 'json') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

interface ViewProps {
  response: ResponseSummary;
  /** The stored body to read: the response, or a fetch-all's merged list. */
  responseId: string;
  bodyBytes: number | null;
  onShowRaw(): void;
}

/** Pretty: read-only Monaco, under a size gate; the summary's parsed body when it has one. */
export function PrettyView({ response, responseId, bodyBytes, onShowRaw }: ViewProps) {
  const inline =
    responseId === response.responseId &&
    response.body !== null &&
    response.contentType.includes('json');
  const [text, setText] = useState<string | null>(
    inline ? JSON.stringify(response.body, null, 2) : null,
  );
  const [tooBig, setTooBig] = useState<number | null>(
    bodyBytes !== null && bodyBytes > PRETTY_LIMIT_BYTES ? bodyBytes : null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (inline || tooBig !== null) return;
    let live = true;
    call('response:slice', responseId, {
      kind: 'bytes',
      start: 0,
      end: PRETTY_LIMIT_BYTES + 1,
    }).then(
      (slice) => {
        if (!live) return;
        if (slice.total > PRETTY_LIMIT_BYTES) setTooBig(slice.total);
        else setText(pretty(slice.text ?? '', languageOf(response.contentType, slice.text ?? '')));
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [inline, tooBig, responseId, response.contentType]);

  if (error) return <p className="empty">Could not read the body: {error}</p>;
  if (tooBig !== null) {
    return (
      <div className="empty gate">
        <p>
          This body is {formatBytes(tooBig)}: too large to pretty-print without slowing Trestle down
          (the limit is {formatBytes(PRETTY_LIMIT_BYTES)}).
        </p>
        <button type="button" onClick={onShowRaw}>
          Show it in Raw, in slices
        </button>
      </div>
    );
  }
  if (text === null) return <p className="empty">Loading…</p>;
  if (text === '') return <p className="empty">The response has no body.</p>;
  return (
    <CodeView
      value={text}
      language={languageOf(response.contentType, text)}
      label="Response body"
    />
  );
}

/** Raw: the bytes as they came, 128 KB at a time. */
export function RawView({ response, responseId }: Omit<ViewProps, 'onShowRaw' | 'bodyBytes'>) {
  const whole = responseId === response.responseId && !response.truncated;
  const [start, setStart] = useState(0);
  const [slice, setSlice] = useState<{ text: string; total: number; end: number } | null>(
    whole
      ? { text: response.preview, total: response.size.bodyBytes, end: response.size.bodyBytes }
      : null,
  );
  useEffect(() => {
    if (whole) return;
    let live = true;
    void call('response:slice', responseId, {
      kind: 'bytes',
      start,
      end: start + RAW_PAGE_BYTES,
    }).then(
      (s) => live && setSlice({ text: s.text ?? '', total: s.total, end: s.end }),
      (e: Error) =>
        live && setSlice({ text: `Could not read the body: ${e.message}`, total: 0, end: 0 }),
    );
    return () => {
      live = false;
    };
  }, [whole, responseId, start]);

  if (!slice) return <p className="empty">Loading…</p>;
  return (
    <div className="raw-view">
      {!whole && (
        <div className="toolbar">
          <button
            type="button"
            className="small"
            disabled={start === 0}
            onClick={() => setStart(Math.max(0, start - RAW_PAGE_BYTES))}
          >
            Previous slice
          </button>
          <span className="muted">
            bytes {formatCount(start)}–{formatCount(slice.end)} of {formatCount(slice.total)}
          </span>
          <button
            type="button"
            className="small"
            disabled={slice.end >= slice.total}
            onClick={() => setStart(start + RAW_PAGE_BYTES)}
          >
            Next slice
          </button>
        </div>
      )}
      <pre className="raw" aria-label="Raw body" tabIndex={0}>
        {slice.text || '(empty body)'}
      </pre>
    </div>
  );
}

export function HeadersView({ response }: { response: ResponseSummary }) {
  return (
    <div className="scroll">
      <table className="kv fixed headers-view" aria-label="Response headers">
        <tbody>
          <tr>
            <td className="mono muted">URL</td>
            <td className="mono">
              {response.method} {response.url}
            </td>
          </tr>
          {response.headers.map(([name, value], i) => (
            <tr key={i}>
              <td className="mono">{name}</td>
              <td className="mono">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
