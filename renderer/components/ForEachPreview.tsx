import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { SessionInfo } from '../../shared/connection';
import type { RequestSpec } from '../../shared/request';
import { fillRow, type RowPlan } from '../lib/for-each-row';
import { resolveUrl } from '../lib/resolved-url';

/**
 * Every request as it will be sent — method, resolved URL, body — one per row to send. The
 * list is virtualized: only the requests in view are built and drawn, so 100,000 rows scroll
 * like ten, and every one of them can be reached.
 */
export function ForEachPreview({
  spec,
  plans,
  session,
}: {
  spec: RequestSpec;
  plans: RowPlan[];
  session: SessionInfo | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const hasBody = spec.body.kind === 'json';
  const virtualizer = useVirtualizer({
    count: plans.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (hasBody ? 90 : 26),
    overscan: 8,
  });
  return (
    <div className="bulk-preview each-preview" ref={scrollRef}>
      <ol aria-label="Requests to send" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const plan = plans[v.index];
          const filled = fillRow(spec, plan.values);
          const url = resolveUrl(filled, session);
          return (
            <li
              key={plan.index}
              data-index={v.index}
              ref={virtualizer.measureElement}
              style={{ transform: `translateY(${v.start}px)` }}
            >
              <span className="muted each-number">{v.index + 1}.</span>{' '}
              <span className={`method method-${filled.method.toLowerCase()}`}>
                {filled.method}
              </span>{' '}
              <span className="mono">{url.url ?? url.reason ?? ''}</span>{' '}
              <span className="muted">({plan.label})</span>
              {filled.body.kind === 'json' && <pre className="mono">{filled.body.text}</pre>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
