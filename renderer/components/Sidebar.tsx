import { useState, type ReactNode } from 'react';

export type SidebarView = 'catalog' | 'collections' | 'history' | 'publish';

interface Props {
  connections: ReactNode;
  views: Record<SidebarView, ReactNode>;
  view: SidebarView;
  onView(view: SidebarView): void;
  footer: ReactNode;
}

const LABELS: Record<SidebarView, string> = {
  catalog: 'Catalog',
  collections: 'Collections',
  history: 'History',
  publish: 'Publish',
};

/** Connections on top (always in sight); Catalog, Collections, History and Publish below. */
export function Sidebar({ connections, views, view, onView, footer }: Props) {
  const [width, setWidth] = useState(() => Number(localStorage.getItem('trestle.sidebar')) || 300);
  return (
    <aside className="sidebar" aria-label="Sidebar" style={{ width }}>
      {connections}
      <div className="sidebar-tabs" role="tablist" aria-label="Sidebar views">
        {(Object.keys(LABELS) as SidebarView[]).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className="subtab"
            onClick={() => onView(v)}
          >
            {LABELS[v]}
          </button>
        ))}
      </div>
      <div className="sidebar-view" role="tabpanel" aria-label={LABELS[view]}>
        {views[view]}
      </div>
      <div className="sidebar-footer">{footer}</div>
      <div
        className="sidebar-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize sidebar"
        aria-valuenow={width}
        tabIndex={0}
        onKeyDown={(e) => {
          const next =
            e.key === 'ArrowLeft' ? width - 20 : e.key === 'ArrowRight' ? width + 20 : width;
          setWidth(Math.min(600, Math.max(220, next)));
        }}
        onPointerDown={(e) => {
          const startX = e.clientX;
          const startWidth = width;
          const move = (ev: PointerEvent) => {
            const next = Math.min(600, Math.max(220, startWidth + ev.clientX - startX));
            setWidth(next);
            localStorage.setItem('trestle.sidebar', String(next));
          };
          const up = () => {
            window.removeEventListener('pointermove', move);
            window.removeEventListener('pointerup', up);
          };
          window.addEventListener('pointermove', move);
          window.addEventListener('pointerup', up);
        }}
      />
    </aside>
  );
}
