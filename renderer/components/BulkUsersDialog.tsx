import { useMemo, useState } from 'react';
import { parseUsersCsv, UsersFileError, type UsersFile } from '../../shared/bulk/users-csv';
import type { UsersJournal, UsersOutcome } from '../../shared/bulk/users-ops';
import { usersReportCsv } from '../../shared/bulk/users-report';
import type { Connection, SessionInfo } from '../../shared/connection';
import { startDownload } from '../lib/download';
import { formatCount } from '../lib/format';
import { useOperation } from '../state/use-operation';
import { ConfirmDialog, Dialog } from './Dialog';
import { OperationBar } from './OperationBar';
import { UsersPlanTable } from './UsersPlanTable';
import '../styles/bulk.css';

interface Props {
  connection: Connection;
  session: SessionInfo | null;
  onClose(): void;
}

type Stage = 'file' | 'dryRun' | 'run' | 'undoPreview' | 'undo';
type Missing = 'keep' | 'unlicense' | 'remove';

type Parsed = { file: UsersFile; error: null } | { file: null; error: string };

function parse(text: string): Parsed | null {
  if (!text.trim()) return null;
  try {
    return { file: parseUsersCsv(text), error: null };
  } catch (error) {
    if (error instanceof UsersFileError) return { file: null, error: error.message };
    throw error;
  }
}

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
 * Users from a CSV (issue 14): the file read and checked here (file errors with their line,
 * unknown columns ignored only when the user agrees), a dry run against the live site shown
 * row by row, then the import as an operation after a confirmation naming the connection and
 * the counts, its results as CSV, and an undo that is itself previewed first.
 */
export function BulkUsersDialog({ connection, session, onClose }: Props) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('pasted users.csv');
  const [ignoreUnknown, setIgnoreUnknown] = useState(false);
  const [missing, setMissing] = useState<Missing>('keep');
  const [concurrency, setConcurrency] = useState(4);
  const [auth, setAuth] = useState<'default' | 'local' | 'external'>('default');
  const [stage, setStage] = useState<Stage>('file');
  const [confirm, setConfirm] = useState<'run' | 'undo' | null>(null);
  const [journal, setJournal] = useState<UsersJournal | null>(null);
  const op = useOperation();

  const parsed = useMemo(() => parse(text), [text]);
  const file = parsed?.file ?? null;
  const unknownBlocks = Boolean(file && file.unknownColumns.length > 0 && !ignoreUnknown);
  const invalidInFile = file ? file.rows.filter((r) => r.problems.length > 0).length : 0;

  const outcome =
    op.view?.snapshot?.outcome?.kind === 'usersImport'
      ? (op.view.snapshot.outcome as UsersOutcome)
      : null;

  const importStart = (dryRun: boolean) => ({
    kind: 'usersImport' as const,
    csv: { text, name: fileName },
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
    const url = URL.createObjectURL(new Blob([usersReportCsv(outcome)], { type: 'text/csv' }));
    const base = fileName.replace(/\.csv$/i, '');
    startDownload(url, `${base}-${outcome.mode}${outcome.dryRun ? '-dry-run' : ''}-results.csv`);
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const pick = async (picked: File | undefined) => {
    if (!picked) return;
    setFileName(picked.name);
    setText(await picked.text());
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
          <span className="muted">{text ? fileName : 'or paste it below'}</span>
        </div>
        <textarea
          className="mono bulk-paste"
          aria-label="Users CSV"
          rows={8}
          spellCheck={false}
          value={text}
          placeholder={
            'name,siteRole,email,groups\nana@example.com,Explorer,ana@example.com,Finance'
          }
          onChange={(e) => {
            setText(e.target.value);
            if (!text) setFileName('pasted users.csv');
          }}
        />
        {parsed?.error && (
          <p className="bulk-file-error" role="alert">
            {fileName}: {parsed.error}
          </p>
        )}
        {file && (
          <p className="muted" aria-label="File summary">
            {file.format === 'tabcmd' ? 'tabcmd format' : 'Headed file'} ·{' '}
            {formatCount(file.rows.length)} users
            {invalidInFile > 0 && ` · ${formatCount(invalidInFile)} with problems (never sent)`}
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
                  ? `${countsLine(outcome)}. Invalid and unchanged rows are not sent.`
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
