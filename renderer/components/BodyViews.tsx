import { useEffect, useState } from 'react';
import type { ResponseSummary } from '../../shared/request';
import { call } from '../api';
import type { CodeViewSpot } from '../editor/CodeView';
import { CodeView } from '../editor/lazy-editors';
import { copyText } from '../lib/download';
import { formatBytes, formatCount } from '../lib/format';
import { locateJson, spotText } from '../lib/json-locate';
import { guessParameter } from '../lib/use-as-param';
import { useChain } from '../state/use-chaining';
import { ValueMenu, type ValueMenuItem } from './ValueMenu';

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
  const [menu, setMenu] = useState<CodeViewSpot | null>(null);

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
  const language = languageOf(response.contentType, text);
  return (
    <>
      <CodeView
        value={text}
        language={language}
        label="Response body"
        onContextMenu={(spot) => setMenu(spot)}
      />
      {menu && (
        <PrettyValueMenu
          spot={menu}
          text={text}
          json={language === 'json'}
          onClose={() => setMenu(null)}
        />
      )}
    </>
  );
}

/**
 * Pretty's context menu (issue 12): copy the value or its JSON path, set it as a variable (and
 * capture it from every answer), or use it as a path parameter of another request.
 */
function PrettyValueMenu({
  spot,
  text,
  json,
  onClose,
}: {
  spot: CodeViewSpot;
  text: string;
  json: boolean;
  onClose(): void;
}) {
  const chain = useChain();
  const tabId = chain?.activeTabId ?? null;
  const found = json ? locateJson(text, spot.offset) : null;
  const selected = spot.selection.trim();
  // A selection inside a value is what the user means; otherwise the value under the pointer.
  const value =
    found && (!selected || selected === spotText(found.value)) ? spotText(found.value) : selected;
  const param = found ? guessParameter(found.steps) : null;
  const items: ValueMenuItem[] = [
    {
      label: found && value === spotText(found.value) ? 'Copy value' : 'Copy selection',
      disabled: !value,
      run: () => void copyText(value),
    },
  ];
  if (found)
    items.push({ label: `Copy path (${found.path})`, run: () => void copyText(found.path) });
  if (chain && tabId) {
    items.push({
      label: 'Set as variable…',
      disabled: !value,
      run: () =>
        chain.openDialog({
          kind: 'setVariable',
          tabId,
          value,
          name:
            param ??
            (found
              ? String(found.steps.filter((s) => typeof s === 'string').pop() ?? 'value')
              : 'value'),
          capture: found && found.path !== '$' ? { from: 'body', path: found.path } : null,
        }),
    });
    items.push({
      label: `Use as ${param ? `{${param}}` : '{param}'} in…`,
      disabled: !value || value.length > 2000,
      run: () => chain.openDialog({ kind: 'useAsParam', tabId, value, steps: found?.steps ?? [] }),
    });
  }
  return (
    <ValueMenu
      x={spot.x}
      y={spot.y}
      label={found ? `Value at ${found.path}` : 'Selection'}
      items={items}
      onClose={onClose}
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
  const chain = useChain();
  const tabId = chain?.activeTabId ?? null;
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
              <td className="mono">
                {value}
                {chain && tabId && (
                  <button
                    type="button"
                    className="small link header-action"
                    aria-label={`Set ${name} as variable`}
                    onClick={() =>
                      chain.openDialog({
                        kind: 'setVariable',
                        tabId,
                        value,
                        name: name.toLowerCase(),
                        capture: { from: 'header', path: name },
                      })
                    }
                  >
                    Set as variable…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
