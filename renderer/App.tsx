import { useCallback, useEffect, useState } from 'react';
import type { Connection, SessionInfo } from '../shared/connection';
import type { Preset } from '../shared/catalog';
import type { RequestSpec, ResponseSummary } from '../shared/request';
import { call, subscribe } from './api';
import { CatalogPanel } from './components/CatalogPanel';
import { ConnectionsPanel } from './components/ConnectionsPanel';
import { RequestPanel, specFromPreset } from './components/RequestPanel';
import { ResponsePanel } from './components/ResponsePanel';

export function App() {
  const [connections, setConnections] = useState<Connection[]>([]);
  const [sessions, setSessions] = useState<Record<string, SessionInfo>>({});
  const [activeConnectionId, setActiveConnectionId] = useState('sandbox');
  const [spec, setSpec] = useState<RequestSpec | null>(null);
  const [response, setResponse] = useState<ResponseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    void call('connections:list').then(setConnections, (e: Error) => setError(e.message));
    void call('session:list').then((list) => setSessions(Object.fromEntries(list.map((s) => [s.connectionId, s]))));
    return subscribe('session:changed', (change) =>
      setSessions((prev) => {
        const next = { ...prev };
        if (change.session) next[change.connectionId] = change.session;
        else delete next[change.connectionId];
        return next;
      }),
    );
  }, []);

  const send = useCallback(async () => {
    if (!spec || sending) return;
    setSending(true);
    setError(null);
    try {
      setResponse(await call('request:send', activeConnectionId, spec));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
    }
  }, [spec, sending, activeConnectionId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void send();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send]);

  const openPreset = (preset: Preset) => {
    setSpec(specFromPreset(preset));
    setResponse(null);
  };

  return (
    <div className="app">
      <aside className="sidebar" aria-label="Sidebar">
        <ConnectionsPanel
          connections={connections}
          sessions={sessions}
          activeId={activeConnectionId}
          onSelect={setActiveConnectionId}
          onError={setError}
        />
        <CatalogPanel onOpen={openPreset} />
      </aside>
      <main className="workspace">
        {error && (
          <div role="alert" className="banner error">
            {error}
          </div>
        )}
        {spec ? (
          <RequestPanel spec={spec} onChange={setSpec} onSend={() => void send()} sending={sending} />
        ) : (
          <p className="empty">Pick an endpoint from the catalog on the left, then press Send (Ctrl+Enter).</p>
        )}
        <ResponsePanel response={response} />
      </main>
    </div>
  );
}
