import { useEffect, useRef } from 'react';
import type { Connection } from '../../shared/connection';
import { isDirty } from '../state/use-tabs';
import type { RequestTab } from '../state/tab-model';

interface Props {
  tabs: RequestTab[];
  connections: Connection[];
  activeId: string | null;
  onSelect(id: string): void;
  onClose(id: string): void;
  onNew(): void;
  /** Makes a preview tab a real one (double click on it). */
  onKeep(id: string): void;
  /** The shortcuts list and Getting started. */
  onHelp(): void;
}

/**
 * Open requests; a dot marks unsaved changes; a tab aimed at a Production connection is red
 * and says PRODUCTION. Middle-click closes.
 */
export function RequestTabs({
  tabs,
  connections,
  activeId,
  onSelect,
  onClose,
  onNew,
  onKeep,
  onHelp,
}: Props) {
  const strip = useRef<HTMLDivElement>(null);
  // The active tab is always in view, however many are open (and after Ctrl+Tab).
  useEffect(() => {
    strip.current
      ?.querySelector('.request-tab.active')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, tabs.length]);
  return (
    <div className="request-tabs">
      <div role="tablist" aria-label="Open requests" className="tab-strip" ref={strip}>
        {tabs.map((tab) => {
          const dirty = isDirty(tab);
          const connection = connections.find((c) => c.id === tab.connectionId);
          const production = Boolean(connection?.production);
          return (
            <div
              key={tab.id}
              className={`request-tab${tab.id === activeId ? ' active' : ''}${production ? ' production' : ''}${tab.preview ? ' preview' : ''}`}
              onAuxClick={(e) => e.button === 1 && onClose(tab.id)}
              onDoubleClick={() => tab.preview && onKeep(tab.id)}
            >
              <button
                type="button"
                role="tab"
                aria-selected={tab.id === activeId}
                className="tab-title"
                onClick={() => onSelect(tab.id)}
                aria-description={tab.preview ? 'preview' : undefined}
                title={`${tab.preview ? 'Preview (the next catalog click replaces it; double-click to keep it)\n' : ''}${tab.spec.method} ${tab.spec.path} → ${connection?.name ?? 'no connection'}`}
              >
                {production && (
                  <span className="production-label" aria-label={`Production: ${connection?.name}`}>
                    PRODUCTION
                  </span>
                )}
                <span className={`method method-${tab.spec.method.toLowerCase()}`}>
                  {tab.spec.method}
                </span>
                <span className="tab-name">{tab.title}</span>
                {dirty && (
                  <span className="dirty" aria-label="unsaved changes" title="Unsaved changes">
                    ●
                  </span>
                )}
                {(tab.sending || tab.operation?.running) && (
                  <span className="spinner" aria-label="running" />
                )}
              </button>
              <button
                type="button"
                className="icon close"
                aria-label={`Close ${tab.title}`}
                onClick={() => onClose(tab.id)}
              >
                ×
              </button>
            </div>
          );
        })}
      </div>
      <button
        type="button"
        className="icon"
        aria-label="New request tab"
        title="New request"
        onClick={onNew}
      >
        +
      </button>
      <span className="spacer" />
      <button
        type="button"
        className="icon"
        aria-label="Keyboard shortcuts and help"
        title="Keyboard shortcuts and Getting started (Ctrl+/)"
        onClick={onHelp}
      >
        ?
      </button>
    </div>
  );
}
