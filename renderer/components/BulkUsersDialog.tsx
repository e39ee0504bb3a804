import { useEffect, useState } from 'react';
import { CSV_IMPORT_THRESHOLD, offerCsvImport } from '../../shared/bulk/users-csv-import';
import type {
  UsersFileCheckOutcome,
  UsersJournal,
  UsersOutcome,
} from '../../shared/bulk/users-ops';
import { usersReportCsv } from '../../shared/bulk/users-report';
import type { Connection, SessionInfo } from '../../shared/connection';
import { call } from '../api';
import { saveText } from '../lib/download';
import { formatCount } from '../lib/format';
import { useOperation } from '../state/use-operation';
import { ConfirmDialog, Dialog } from './Dialog';
import { OperationBar } from './OperationBar';
import { UsersFilePreview } from './UsersFilePreview';
import { UsersPlanTable } from './UsersPlanTable';
import '../styles/bulk.css';

interface Props {
  connection: Connection;
  session: SessionInfo | null;
  onClose(): void;
}

type Stage = 'file' | 'dryRun' | 'run' | 'undoPreview' | 'undo';
type Missing = 'keep' | 'unlicense' | 'remove';

/** The file as handed to main: pasted or picked text (web host, or a File), or a path (Electron). */
type Source = { name: string; text?: string; path?: string };
const PASTED = 'pasted users.csv';

function countsLine(o: UsersOutcome): string {
  const c = o.counts;
  if (o.mode === 'undo') return `${formatCount(o.rows.length)} changes to revert`;
  const parts = [
    `${formatCount(c.create)} to create`,
    `${formatCount(c.update)} to update`,
    `${formatCount(c.unchanged)} unchanged`,
    `${formatCount(c.invalid)} invalid`,
  ];
  if (c.missing) parts.push(`${formatCount(c.missing)} on the site but not in the file`);
  return parts.join(' · ');
}

/**
 * Users from a CSV (issue 14): the file read and checked in main, a chunk at a time, and shown
 * from there a slice at a time (file errors with their line, unknown columns ignored only when
 * the user agrees), a dry run against the live site shown row by row, then the import as an
 * operation after a confirmation naming the connection and the counts — for a large file on
 * API 3.15+, with the choice of Tableau's CSV import job for the new users — its results as
 * CSV, and an undo that is itself previewed first.
 */
export function BulkUsersDialog({ connection, session, onClose }: Props) {
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [canBrowse, setCanBrowse] = useState<boolean | null>(null);
  const [ignoreUnknown, setIgnoreUnknown] = useState(false);
  const [missing, setMissing] = useState<Missing>('keep');
  const [concurrency, setConcurrency] = useState(4);
  const [auth, setAuth] = useState<'default' | 'local' | 'external'>('default');
  const [createWith, setCreateWith] = useState<'job' | 'calls'>('job');
  const [stage, setStage] = useState<Stage>('file');
  const [confirm, setConfirm] = useState<'run' | 'undo' | null>(null);
  const [journal, setJournal] = useState<UsersJournal | null>(null);
  const op = useOperation();
  const check = useOperation();
  const startCheck = check.start;

  // Pasted text is handed to main once typing pauses; a picked file at once. Emptying the box
  // forgets what was pasted (not a file picked since).
  const clearCheck = check.clear;
  useEffect(() => {
    if (!text.trim()) {
      setSource((s) => (s?.name === PASTED && s.text !== undefined ? null : s));
      return;
    }
    const timer = window.setTimeout(() => setSource({ name: PASTED, text }), 300);
    return () => window.clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    if (source) void startCheck(connection.id, { kind: 'usersFileCheck', csv: source });
    else clearCheck();
  }, [source, connection.id, startCheck, clearCheck]);

  const checked =
    check.view?.snapshot?.outcome?.kind === 'usersFileCheck'
      ? (check.view.snapshot.outcome as UsersFileCheckOutcome)
      : null;
  const checkError = check.view?.error ?? checked?.error ?? null;
  const file = checked?.fileId ? checked : null;
  const unknownBlocks = Boolean(file && file.unknownColumns.length > 0 && !ignoreUnknown);
  const fileName = source?.name ?? PASTED;

  const outcome =
    op.view?.snapshot?.outcome?.kind === 'usersImport'
      ? (op.view.snapshot.outcome as UsersOutcome)
      : null;

  const csvImportOffered = Boolean(
    outcome &&
    outcome.mode === 'import' &&
    offerCsvImport(session?.apiVersion, outcome.counts.create),
  );
  const useCsvImport = csvImportOffered && createWith === 'job';
  const importStart = (dryRun: boolean) => ({
    kind: 'usersImport' as const,
    fileId: file?.fileId ?? undefined,
    csvImport: !dryRun && useCsvImport,
    missing,
    ignoreUnknownColumns: ignoreUnknown,
    ...(auth === 'default' ? {} : { auth }),
    dryRun,
    concurrency,
  });

  const dryRun = () => {
    setStage('dryRun');
    void op.start(connection.id, importStart(true));
  };
  const runImport = () => {
    setConfirm(null);
    setStage('run');
    setJournal(null);
    void op.start(connection.id, importStart(false));
  };
  const previewUndo = (j: UsersJournal) => {
    setJournal(j);
    setStage('undoPreview');
    void op.start(connection.id, { kind: 'usersUndo', journal: j, dryRun: true, concurrency });
  };
  const runUndo = () => {
    if (!journal) return;
    setConfirm(null);
    setStage('undo');
    void op.start(connection.id, { kind: 'usersUndo', journal, dryRun: false, concurrency });
  };

  const exportResults = () => {
    if (!outcome) return;
    const base = fileName.replace(/\.csv$/i, '');
    saveText(
      usersReportCsv(outcome),
      `${base}-${outcome.mode}${outcome.dryRun ? '-dry-run' : ''}-results.csv`,
      'text/csv',
    );
  };

  const pick = async (picked: File | undefined) => {
    if (!picked) return;
    setText('');
    setSource({ name: picked.name, text: await picked.text() });
    setStage('file');
    op.clear();
  };
  // Electron: the file is picked and read in main; the web host has no dialog there.
  const browse = async () => {
    const choice = await call('files:choose', { extensions: ['csv', 'txt'] });
    setCanBrowse(choice.supported);
    if (!choice.path) return;
    setText('');
    setSource({ name: choice.path.split(/[\\/]/).pop() ?? choice.path, path: choice.path });
    setStage('file');
    op.clear();
  };

  const running = Boolean(op.view?.running);
  const toDo = outcome ? outcome.counts.create + outcome.counts.update + outcome.counts.missing : 0;
  const runJournal = stage === 'run' && outcome && !outcome.dryRun ? outcome.journal : null;

  const body =
    stage === 'file' ? (
      <>
        <p className="muted">
          tabcmd’s createsiteusers format (no header: name, password, display name, license, admin
          level, publisher, email) or a headed file (name, siteRole, authSetting, email, fullName,
          password, groups…). Nothing is sent until you run it; a dry run compares it with{' '}
          {session
            ? `${session.siteName || 'the default site'} on ${connection.name}`
            : connection.name}
          .
        </p>
        <div className="bulk-file-row">
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-label="CSV file"
            onChange={(e) => void pick(e.target.files?.[0])}
          />
          {canBrowse !== false && (
            <button type="button" className="small" onClick={() => void browse()}>
              Browse…
            </button>
          )}
          <span className="muted">{source && !text ? source.name : 'or paste it below'}</span>
        </div>
        <textarea
          className="mono bulk-paste"
          aria-label="Users CSV"
          rows={source && !text ? 3 : 8}
          spellCheck={false}
          value={text}
          placeholder={
            'name,siteRole,email,groups\nana@example.com,Explorer,ana@example.com,Finance'
          }
          onChange={(e) => setText(e.target.value)}
        />
        {check.view?.running && (
          <p className="muted bulk-checking" role="status" aria-label="Checking the file">
            Checking {fileName} in Trestle’s main process…{' '}
            {check.view.progress?.progress.status ?? ''}{' '}
            <button type="button" className="small" onClick={check.cancel}>
              Cancel
            </button>
          </p>
        )}
        {checkError && !check.view?.running && (
          <p className="bulk-file-error" role="alert">
            {fileName}: {checkError}
          </p>
        )}
        {file && !check.view?.running && (
          <p className="muted" aria-label="File summary">
            {file.format === 'tabcmd' ? 'tabcmd format' : 'Headed file'} · {formatCount(file.rows)}{' '}
            users
            {file.invalid > 0 && ` · ${formatCount(file.invalid)} with problems (never sent)`}
            {file.hasGroups && ' · with groups'}
          </p>
        )}
        {file && file.unknownColumns.length > 0 && (
          <div className="bulk-unknown" role="group" aria-label="Unknown columns">
            <p>
              Columns Trestle does not know: <strong>{file.unknownColumns.join(', ')}</strong>.
              Rename them (name, siteRole, authSetting, email, fullName, password, groups) or ignore
              them.
            </p>
            <label className="check">
              <input
                type="checkbox"
                checked={ignoreUnknown}
                onChange={(e) => setIgnoreUnknown(e.target.checked)}
              />{' '}
              Ignore {file.unknownColumns.length === 1 ? 'this column' : 'these columns'}
            </label>
          </div>
        )}
        <div className="bulk-options">
          <label>
            Users on the site but not in the file{' '}
            <select
              value={missing}
              aria-label="Users not in the file"
              onChange={(e) => setMissing(e.target.value as Missing)}
            >
              <option value="keep">Keep them (nothing changes)</option>
              <option value="unlicense">Unlicense them</option>
              <option value="remove">Remove them from the site</option>
            </select>
          </label>
          <label>
            New users sign in with{' '}
            <select
              value={auth}
              aria-label="How new users sign in"
              onChange={(e) => setAuth(e.target.value as typeof auth)}
            >
              <option value="default">
                The server’s default (a password on Server, an identity provider on Cloud)
              </option>
              <option value="local">A password from the file</option>
              <option value="external">An identity provider (no password)</option>
            </select>
          </label>
          <label>
            At once{' '}
            <input
              type="number"
              min={1}
              max={10}
              value={concurrency}
              aria-label="Concurrency"
              onChange={(e) =>
                setConcurrency(Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))))
              }
            />
          </label>
        </div>
        {file && !check.view?.running && file.fileId && (
          <UsersFilePreview fileId={file.fileId} rows={file.rows} invalid={file.invalid} />
        )}
      </>
    ) : (
      <>
        {op.view && (
          <OperationBar
            view={op.view}
            label={
              stage === 'dryRun'
                ? 'Dry run'
                : stage === 'run'
                  ? 'Import'
                  : stage === 'undoPreview'
                    ? 'Undo preview'
                    : 'Undo'
            }
            summary={
              outcome
                ? outcome.dryRun
                  ? 'Dry run finished, nothing sent'
                  : `${formatCount(outcome.counts.done)} done, ${formatCount(outcome.counts.failed)} failed`
                : undefined
            }
            onCancel={op.cancel}
            onRetry={op.retry}
            onDismiss={() => {
              op.clear();
              setStage('file');
            }}
            dismissLabel="Back to the file"
          />
        )}
        {outcome && (
          <>
            <p className="bulk-counts" aria-label="Counts">
              {outcome.dryRun ? 'Dry run — nothing was sent. ' : ''}
              {countsLine(outcome)}
              {!outcome.dryRun &&
                ` · ${formatCount(outcome.counts.done)} done · ${formatCount(outcome.counts.failed)} failed`}
              {outcome.groupsToCreate.length > 0 &&
                ` · groups to create: ${outcome.groupsToCreate.join(', ')}`}
            </p>
            {stage === 'dryRun' && csvImportOffered && (
              <fieldset className="bulk-create-with" aria-label="How to create the new users">
                <legend>
                  {formatCount(outcome.counts.create)} new users (more than{' '}
                  {formatCount(CSV_IMPORT_THRESHOLD)}): create them with
                </legend>
                <label className="check">
                  <input
                    type="radio"
                    name="create-with"
                    checked={createWith === 'job'}
                    onChange={() => setCreateWith('job')}
                  />{' '}
                  Tableau’s CSV import — one request, then its job is followed (API{' '}
                  {session?.apiVersion}); each row’s result is read back from the site
                </label>
                <label className="check">
                  <input
                    type="radio"
                    name="create-with"
                    checked={createWith === 'calls'}
                    onChange={() => setCreateWith('calls')}
                  />{' '}
                  One call per user ({concurrency} at once)
                </label>
                <p className="muted">
                  Updates, group memberships and removals go one call each either way.
                </p>
              </fieldset>
            )}
            {outcome.importJob && (
              <p className="muted" aria-label="Import job">
                Tableau’s CSV import: job {outcome.importJob.id} {outcome.importJob.status} for{' '}
                {formatCount(outcome.importJob.users)} new users
                {outcome.importJob.notes.length > 0 && ` (${outcome.importJob.notes.join(', ')})`}
              </p>
            )}
            <UsersPlanTable
              rows={outcome.rows}
              label={outcome.dryRun ? 'Dry-run plan' : 'Results'}
            />
          </>
        )}
      </>
    );

  const actions = (
    <>
      {stage === 'file' && (
        <button
          type="submit"
          className="primary"
          disabled={!file || unknownBlocks || !session}
          title={!session ? `Sign in to ${connection.name} first.` : undefined}
        >
          Dry run
        </button>
      )}
      {stage !== 'file' && !running && outcome && (
        <button type="button" onClick={exportResults}>
          Export results CSV
        </button>
      )}
      {stage === 'dryRun' && !running && outcome && (
        <button
          type="button"
          className="primary"
          disabled={toDo === 0}
          onClick={() => setConfirm('run')}
        >
          Run import…
        </button>
      )}
      {runJournal && !running && runJournal.entries.length > 0 && (
        <button type="button" onClick={() => previewUndo(runJournal)}>
          Undo this import…
        </button>
      )}
      {stage === 'undoPreview' && !running && outcome && (
        <button
          type="button"
          className="primary"
          disabled={outcome.rows.length === 0}
          onClick={() => setConfirm('undo')}
        >
          Run undo…
        </button>
      )}
      <button type="button" onClick={onClose} disabled={running}>
        Close
      </button>
    </>
  );

  return (
    <>
      <Dialog
        title="Users from CSV"
        wide
        onClose={() => {
          if (!running) onClose();
        }}
        onSubmit={() => {
          if (stage === 'file' && file && !unknownBlocks && session) dryRun();
        }}
        actions={actions}
      >
        <div className="bulk-dialog">{body}</div>
      </Dialog>
      {confirm && outcome && (
        <ConfirmDialog
          title={`${confirm === 'run' ? 'Import users into' : 'Undo the import on'} ${connection.name}?`}
          confirmLabel={confirm === 'run' ? 'Run import' : 'Run undo'}
          onClose={() => setConfirm(null)}
          onConfirm={confirm === 'run' ? runImport : runUndo}
          message={
            <div className="send-target" aria-label="Target">
              <p>
                {connection.production && <span className="production-label">PRODUCTION</span>}{' '}
                {confirm === 'run'
                  ? `${countsLine(outcome)}. Invalid and unchanged rows are not sent.${useCsvImport ? ' New users are created by Tableau’s CSV import job.' : ''}`
                  : `${formatCount(outcome.rows.length)} changes reverted: created users removed, changed users put back, group memberships restored.`}
              </p>
              <dl className="target-list">
                <dt>Connection</dt>
                <dd>{connection.name}</dd>
                <dt>Site</dt>
                <dd>{session?.siteName || session?.siteContentUrl || 'Default'}</dd>
                <dt>Server</dt>
                <dd className="mono">{connection.serverUrl}</dd>
              </dl>
            </div>
          }
        />
      )}
    </>
  );
}
