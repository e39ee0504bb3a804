import { useEffect, useMemo, useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { DownloadKind } from '../../shared/downloads';
import type { Settings } from '../../shared/documents';
import {
  CONTENT_TYPE_NAMES,
  DEFAULT_CHUNK_MB,
  PUBLISH_FILE_TYPES,
  SINGLE_REQUEST_LIMIT,
  type PublishMode,
  type PublishOutcome,
  type PublishStartInput,
} from '../../shared/publish';
import { ApiError, call } from '../api';
import { formatBytes } from '../lib/format';
import { useOperationFollow } from '../state/use-operation-follow';
import { OperationBar } from './OperationBar';
import { PublishDownloads } from './PublishDownloads';
import { PublishFileField, type LocalFile } from './PublishFileField';
import { PublishResult } from './PublishResult';
import '../styles/publish.css';

interface Props {
  /** The connection selected in the sidebar: the panel publishes there. */
  connection: Connection | null;
  session: SessionInfo | null;
  onOpen(presetId: string, pathParams: Record<string, string>): void;
  notify(message: string): void;
  /** "Always in chunks" and the chunk size are settings, kept for the next publish. */
  settings: Pick<Settings, 'publishAlwaysChunked' | 'publishChunkMb'>;
  onSettings(patch: Partial<Settings>): void;
  /** An asJob publish started: its job is followed at app level once the server names it. */
  onJobPublish?(connectionId: string, operationId: string, name?: string): void;
}

interface Project {
  id: string;
  name: string;
  /** "Parent / Child" for nested projects. */
  path: string;
}

const EXTENSIONS = Object.keys(PUBLISH_FILE_TYPES);

/** The site's projects, as one list with their nesting shown (up to 1000, Tableau's page size). */
export async function loadProjects(connectionId: string): Promise<Project[]> {
  const summary = await call('request:send', connectionId, {
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/projects',
    query: [{ name: 'pageSize', value: '1000', enabled: true }],
  });
  if (summary.status !== 200)
    throw new Error(
      summary.error ? `${summary.error.code}: ${summary.error.summary}` : `HTTP ${summary.status}`,
    );
  const count = summary.list?.count ?? 0;
  const slice = count
    ? await call('response:slice', summary.responseId, { kind: 'items', start: 0, end: count })
    : { items: [] };
  void call('response:release', summary.responseId).catch(() => undefined);
  const raw = (slice.items ?? []) as Array<{ id: string; name: string; parentProjectId?: string }>;
  const byId = new Map(raw.map((p) => [p.id, p]));
  const pathOf = (p: (typeof raw)[number], depth = 0): string => {
    const parent = p.parentProjectId ? byId.get(p.parentProjectId) : undefined;
    return parent && depth < 20 ? `${pathOf(parent, depth + 1)} / ${p.name}` : p.name;
  };
  return raw
    .map((p) => ({ id: p.id, name: p.name, path: pathOf(p) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Publishing a file (DESIGN.md §10): the file (read by main, from disk), a project from the
 * site's live list, the name and mode and the options Tableau takes; then the upload as an
 * operation with bytes, rate, time left and Cancel, and the new item with "Open in…".
 */
export function PublishPanel({
  connection,
  session,
  onOpen,
  notify,
  settings,
  onSettings,
  onJobPublish,
}: Props) {
  const [path, setPath] = useState('');
  const [file, setFile] = useState<LocalFile | null>(null);
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [projectsError, setProjectsError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [projectId, setProjectId] = useState('');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [mode, setMode] = useState<PublishMode>('createNew');
  const [asJob, setAsJob] = useState(false);
  const [skipConnectionCheck, setSkipConnectionCheck] = useState(false);
  const [showTabs, setShowTabs] = useState(false);
  const [hiddenViews, setHiddenViews] = useState('');
  const [description, setDescription] = useState('');
  const [dbUser, setDbUser] = useState('');
  const [dbPassword, setDbPassword] = useState('');
  const [embed, setEmbed] = useState(true);
  // Kept as settings: the next publish (and `trestle publish --connection`) uploads the same way.
  const chunked = settings.publishAlwaysChunked;
  const setChunked = (on: boolean) => onSettings({ publishAlwaysChunked: on });
  const chunkMb = settings.publishChunkMb;
  const setChunkMb = (mb: number) => onSettings({ publishChunkMb: mb });
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const [download, setDownload] = useState<{
    what: DownloadKind;
    id: string;
    fileName?: string;
    nonce: number;
  } | null>(null);
  const operation = useOperationFollow('publish');
  const connectionId = connection?.id ?? '';

  useEffect(() => {
    setProjects(null);
    setProjectsError(null);
    if (!session || !connectionId) return;
    let live = true;
    loadProjects(connectionId).then(
      (list) => {
        if (!live) return;
        setProjects(list);
        setProjectId(
          (current) => current || list.find((p) => p.name === 'Default')?.id || list[0]?.id || '',
        );
      },
      (error: Error) => live && setProjectsError(error.message),
    );
    return () => {
      live = false;
    };
  }, [connectionId, session?.siteId]);

  const contentType = file?.contentType ?? null;
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (projects ?? []).filter((p) => !needle || p.path.toLowerCase().includes(needle));
  }, [projects, search]);

  const onInspected = (found: LocalFile | null) => {
    setFile(found);
    if (found && !nameTouched) setName(found.itemName);
    if (found?.contentType === 'workbook' && mode === 'append') setMode('createNew');
  };

  const publish = async (modeNow: PublishMode = mode) => {
    if (!connection) return;
    setProblem(null);
    const input: PublishStartInput = {
      kind: 'publish',
      file: path.trim(),
      projectId,
      name: name.trim() || undefined,
      mode: modeNow,
      asJob: contentType === 'flow' ? false : asJob,
      skipConnectionCheck: contentType === 'workbook' ? skipConnectionCheck : false,
      description: description.trim() || undefined,
      showTabs: contentType === 'workbook' && showTabs ? true : undefined,
      hiddenViews:
        contentType === 'workbook'
          ? hiddenViews
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : [],
      credentials:
        dbUser.trim() && contentType !== 'flow'
          ? { name: dbUser.trim(), password: dbPassword, embed, oAuth: false }
          : undefined,
      upload: chunked ? 'chunked' : 'auto',
      chunkMb,
    };
    try {
      const done = await operation.run(async (operationId) => {
        const started = await call('operations:start', connection.id, input, { operationId });
        if (input.asJob) onJobPublish?.(connection.id, operationId, input.name ?? file?.itemName);
        return started;
      });
      if (done?.state === 'failed' && done.error) setProblem(done.error);
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? { code: error.code, message: error.message }
          : { code: 'unknown', message: (error as Error).message },
      );
    }
  };

  const outcome =
    operation.view?.snapshot?.outcome?.kind === 'publish'
      ? (operation.view.snapshot.outcome as PublishOutcome)
      : null;
  const willChunk = chunked || (file?.size ?? 0) >= SINGLE_REQUEST_LIMIT;
  const ready = Boolean(session && file && contentType && projectId && !operation.view?.running);

  if (!connection) return <p className="empty">Pick a connection to publish to.</p>;
  return (
    <div className="publish-panel">
      <form
        className="publish-form"
        aria-label="Publish"
        onSubmit={(event) => {
          event.preventDefault();
          void publish();
        }}
      >
        {!session && <p className="muted">Sign in to “{connection.name}” to publish to it.</p>}
        <PublishFileField
          label="File to publish"
          path={path}
          extensions={EXTENSIONS}
          onChange={setPath}
          onInspected={onInspected}
        />
        {file && !contentType && (
          <p className="field-problem" role="alert">
            Tableau publishes .twb, .twbx, .tds, .tdsx, .hyper, .tde, .tfl and .tflx files.
          </p>
        )}
        {contentType && (
          <p className="muted small-text" aria-label="Publishes as">
            Publishes as a {CONTENT_TYPE_NAMES[contentType]} ·{' '}
            {willChunk
              ? `in chunks of ${chunkMb} MB (${Math.ceil((file?.size ?? 0) / (chunkMb * 1024 * 1024))})`
              : 'in one request'}
          </p>
        )}
        <label htmlFor="publish-project">Project</label>
        <input
          aria-label="Search projects"
          type="search"
          placeholder={projects ? `Search ${projects.length} projects` : 'Loading projects…'}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select
          id="publish-project"
          size={Math.min(6, Math.max(2, shown.length))}
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
        >
          {shown.map((p) => (
            <option key={p.id} value={p.id}>
              {p.path}
            </option>
          ))}
        </select>
        {projectsError && (
          <p className="field-problem" role="alert">
            The projects could not be listed: {projectsError}
          </p>
        )}
        <label htmlFor="publish-name">Name</label>
        <input
          id="publish-name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setNameTouched(true);
          }}
        />
        <fieldset className="publish-mode">
          <legend>If the name is taken</legend>
          {(
            [
              ['createNew', 'Refuse (create new)'],
              ['overwrite', 'Overwrite'],
              ['append', 'Append (extracts)'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="radio">
              <input
                type="radio"
                name="publish-mode"
                checked={mode === value}
                disabled={value === 'append' && contentType === 'workbook'}
                onChange={() => setMode(value)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <details className="publish-options">
          <summary>Options</summary>
          {contentType !== 'flow' && (
            <label className="check">
              <input type="checkbox" checked={asJob} onChange={(e) => setAsJob(e.target.checked)} />{' '}
              As a job (asJob), followed to its end
            </label>
          )}
          {contentType === 'workbook' && (
            <>
              <label className="check">
                <input
                  type="checkbox"
                  checked={skipConnectionCheck}
                  onChange={(e) => setSkipConnectionCheck(e.target.checked)}
                />{' '}
                Skip the connection check
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={showTabs}
                  onChange={(e) => setShowTabs(e.target.checked)}
                />{' '}
                Show views as tabs
              </label>
              <label htmlFor="publish-hidden">Hidden views (comma-separated)</label>
              <input
                id="publish-hidden"
                value={hiddenViews}
                onChange={(e) => setHiddenViews(e.target.value)}
              />
            </>
          )}
          <label htmlFor="publish-description">Description</label>
          <input
            id="publish-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          {contentType !== 'flow' && (
            <fieldset>
              <legend>Connection credentials</legend>
              <input
                aria-label="Database user"
                placeholder="user"
                value={dbUser}
                onChange={(e) => setDbUser(e.target.value)}
              />
              <input
                aria-label="Database password"
                type="password"
                placeholder="password"
                value={dbPassword}
                onChange={(e) => setDbPassword(e.target.value)}
              />
              <label className="check">
                <input
                  type="checkbox"
                  checked={embed}
                  onChange={(e) => setEmbed(e.target.checked)}
                />{' '}
                Embed
              </label>
            </fieldset>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={chunked}
              onChange={(e) => setChunked(e.target.checked)}
            />{' '}
            Always in chunks (files of 64 MB or more always are)
          </label>
          <label htmlFor="publish-chunk">Chunk size (1–64 MB)</label>
          <input
            id="publish-chunk"
            type="number"
            min={1}
            max={64}
            value={chunkMb}
            onChange={(e) =>
              setChunkMb(
                Math.min(64, Math.max(1, Math.round(Number(e.target.value) || DEFAULT_CHUNK_MB))),
              )
            }
          />
        </details>
        {problem && (
          <div className="field-problem" role="alert" aria-label="Publish problem">
            <p>
              {problem.message} <span className="muted">({problem.code})</span>
            </p>
            {problem.code === 'publish.nameConflict' && (
              <button
                type="button"
                className="small"
                onClick={() => (setMode('overwrite'), void publish('overwrite'))}
              >
                Overwrite it
              </button>
            )}
          </div>
        )}
        <button type="submit" className="primary" disabled={!ready}>
          Publish{file ? ` ${formatBytes(file.size)}` : ''}
        </button>
      </form>
      {operation.view && !(operation.view.snapshot?.state === 'failed') && (
        <OperationBar
          view={operation.view}
          label="Publish"
          summary={
            outcome?.item
              ? `Published “${outcome.item.name}”`
              : operation.view.snapshot
                ? `${operation.view.snapshot.state}: ${outcome?.upload.acknowledged ?? 0} of ${outcome?.upload.chunks ?? 0} chunks acknowledged`
                : undefined
          }
          onCancel={operation.cancel}
          onRetry={() => void operation.retry()}
          onDismiss={operation.dismiss}
          dismissLabel="Dismiss"
        />
      )}
      {outcome?.item && (
        <PublishResult
          outcome={outcome}
          onOpen={onOpen}
          onDownload={() =>
            setDownload({
              what: outcome.item!.contentType,
              id: outcome.item!.id,
              fileName: `${outcome.item!.name}.${outcome.file.split('.').pop()}`,
              nonce: Date.now(),
            })
          }
        />
      )}
      <details className="publish-download" open={download !== null || undefined}>
        <summary>Download a file</summary>
        <PublishDownloads
          connectionId={connection.id}
          signedIn={Boolean(session)}
          request={download}
          notify={notify}
        />
      </details>
    </div>
  );
}
