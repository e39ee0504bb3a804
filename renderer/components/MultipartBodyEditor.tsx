import type { JsonSchema } from '../../shared/catalog';
import { multipartContentType, PAYLOAD_PART, type MultipartBody } from '../../shared/multipart';
import type { RequestBody } from '../../shared/request';
import { BodyEditor } from '../editor/lazy-editors';
import { PublishFileField } from './PublishFileField';
import '../styles/publish.css';

interface Props {
  tabId: string;
  body: MultipartBody;
  /** The preset's schema for `request_payload` (JSON), as JSON bodies are checked. */
  schema?: JsonSchema;
  /** The extensions the file parts take (from the preset), for the picker. */
  accept?: Record<string, string>;
  onChange(body: MultipartBody): void;
}

/** A boundary as TSC makes one (32 hex digits), kept with the body so the header shown is sent. */
export function newBoundary(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** The body when the user switches to Multipart: the text so far becomes the payload. */
export function multipartFrom(previous: RequestBody): MultipartBody {
  if (previous.kind === 'multipart') return previous;
  const text = previous.kind === 'none' ? '' : previous.text;
  return {
    kind: 'multipart',
    text,
    payloadType: previous.kind === 'json' ? 'json' : 'xml',
    files: [],
    boundary: newBoundary(),
  };
}

function extensionsOf(accept: string | undefined): string[] {
  if (!accept || accept === '*') return [];
  return accept
    .split(',')
    .map((e) => e.trim().replace(/^\./, ''))
    .filter(Boolean);
}

/**
 * A `multipart/mixed` body: the `request_payload` part (XML or JSON, in Monaco, checked like
 * any body) and the file parts by name, each a file on main's disk. The Content-Type line is
 * the header that will be sent, boundary included.
 */
export function MultipartBodyEditor({ tabId, body, schema, accept, onChange }: Props) {
  const setFile = (index: number, change: Partial<MultipartBody['files'][number]>) =>
    onChange({
      ...body,
      files: body.files.map((f, i) => (i === index ? { ...f, ...change } : f)),
    });
  return (
    <div className="multipart-editor">
      <p className="multipart-type" aria-label="Multipart Content-Type">
        <span className="muted">Content-Type:</span>{' '}
        <code>{multipartContentType(body.boundary ?? '(made when sent)')}</code>
      </p>
      <div className="toolbar" role="radiogroup" aria-label="Payload format">
        <span className="muted small-text">{PAYLOAD_PART}</span>
        {(['xml', 'json'] as const).map((type) => (
          <label key={type} className="radio">
            <input
              type="radio"
              name={`payload-type-${tabId}`}
              checked={body.payloadType === type}
              onChange={() => onChange({ ...body, payloadType: type })}
            />{' '}
            {type.toUpperCase()}
          </label>
        ))}
        <span className="muted small-text">(empty for an upload chunk)</span>
      </div>
      <div className="multipart-payload">
        <BodyEditor
          tabId={tabId}
          value={body.text}
          language={body.payloadType === 'json' ? 'json' : 'xml'}
          schema={body.payloadType === 'json' ? schema : undefined}
          onChange={(text) => {
            if (text !== body.text) onChange({ ...body, text });
          }}
        />
      </div>
      <table className="multipart-parts" aria-label="File parts">
        <thead>
          <tr>
            <th>Part name</th>
            <th>File (read from disk by Trestle, never loaded here)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {body.files.map((file, index) => (
            <tr key={index}>
              <td>
                <input
                  aria-label={`Part ${index + 1} name`}
                  value={file.name}
                  spellCheck={false}
                  onChange={(e) => setFile(index, { name: e.target.value })}
                />
              </td>
              <td>
                <PublishFileField
                  label={`File for ${file.name || `part ${index + 1}`}`}
                  path={file.path}
                  extensions={extensionsOf(accept?.[file.name])}
                  onChange={(path) => setFile(index, { path })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="small"
                  aria-label={`Remove part ${file.name}`}
                  onClick={() =>
                    onChange({ ...body, files: body.files.filter((_, i) => i !== index) })
                  }
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="small"
        onClick={() =>
          onChange({ ...body, files: [...body.files, { name: 'tableau_file', path: '' }] })
        }
      >
        Add file part
      </button>
    </div>
  );
}
