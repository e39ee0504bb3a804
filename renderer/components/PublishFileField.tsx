import { useEffect, useId, useState } from 'react';
import type { ChannelResult } from '../../shared/ipc/contract';
import { call } from '../api';
import { formatBytes } from '../lib/format';

export type LocalFile = ChannelResult<'files:inspect'>;

interface Props {
  label: string;
  path: string;
  /** Extensions the picker offers (no dots), e.g. ['twbx', 'tds']. */
  extensions: string[];
  onChange(path: string): void;
  /** The file as main read it (size, kind), or null while none is valid. */
  onInspected?(file: LocalFile | null): void;
}

/**
 * A file on the disk of Trestle's main process, by path: Electron's open dialog fills it
 * (Browse…); in the web host it is typed or pasted (the host reads it from this computer's
 * disk). Main checks it and says what it is; its bytes never come into this window.
 */
export function PublishFileField({ label, path, extensions, onChange, onInspected }: Props) {
  const id = useId();
  const [canBrowse, setCanBrowse] = useState<boolean | null>(null);
  const [file, setFile] = useState<LocalFile | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!path.trim()) {
      setFile(null);
      setProblem(null);
      onInspected?.(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      call('files:inspect', path.trim()).then(
        (found) => {
          if (!live) return;
          setFile(found);
          setProblem(null);
          onInspected?.(found);
        },
        (error: Error) => {
          if (!live) return;
          setFile(null);
          setProblem(error.message);
          onInspected?.(null);
        },
      );
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // `onInspected` is a callback prop; the path alone decides when to read the file again.
  }, [path]);

  const browse = async () => {
    const choice = await call('files:choose', { extensions });
    setCanBrowse(choice.supported);
    if (choice.path) onChange(choice.path);
  };

  return (
    <div className="file-field">
      <label htmlFor={id}>{label}</label>
      <div className="file-field-row">
        <input
          id={id}
          type="text"
          spellCheck={false}
          placeholder="/path/to/Sales.twbx"
          value={path}
          onChange={(e) => onChange(e.target.value)}
        />
        {canBrowse !== false && (
          <button type="button" className="small" onClick={() => void browse()}>
            Browse…
          </button>
        )}
      </div>
      {canBrowse === false && (
        <p className="muted small-text">
          The web host has no file dialog: type or paste the file’s full path on this computer.
        </p>
      )}
      {file && (
        <p className="muted small-text" aria-label={`${label} details`}>
          {file.name} · {formatBytes(file.size)}
          {file.contentType
            ? ` · a ${file.contentType === 'datasource' ? 'data source' : file.contentType}`
            : ''}
        </p>
      )}
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
