import { multipartContentType } from '../../shared/multipart';
import type { RequestSpec } from '../../shared/request';
import { KeyValueTable } from './KeyValueTable';

const COMMON_HEADERS = ['Accept-Language', 'X-Request-Id', 'User-Agent', 'Cache-Control'];

/** Request headers; the auth header and Content-Type are the engine's, shown but not editable. */
export function HeadersEditor({
  spec,
  onChange,
}: {
  spec: RequestSpec;
  onChange(spec: RequestSpec): void;
}) {
  const contentType =
    spec.body.kind === 'json'
      ? 'application/json'
      : spec.body.kind === 'xml'
        ? 'application/xml'
        : spec.body.kind === 'text'
          ? (spec.body.contentType ?? 'text/plain')
          : spec.body.kind === 'multipart'
            ? multipartContentType(spec.body.boundary ?? '(made when sent)')
            : null;
  return (
    <div className="headers-editor">
      <div className="form-grid compact">
        <label htmlFor="accept-select">Accept</label>
        <select
          id="accept-select"
          value={spec.accept}
          onChange={(e) => onChange({ ...spec, accept: e.target.value as 'json' | 'xml' })}
        >
          <option value="json">application/json</option>
          <option value="xml">application/xml (Tableau's default)</option>
        </select>
      </div>
      <table className="kv fixed" aria-label="Headers Trestle adds">
        <tbody>
          <tr className="off">
            <td className="mono">X-Tableau-Auth</td>
            <td className="mono muted">
              {'{{session token}}'} — added by Trestle for the signed-in server only
            </td>
          </tr>
          {contentType && (
            <tr className="off">
              <td className="mono">Content-Type</td>
              <td className="mono muted">{contentType} — from the body type</td>
            </tr>
          )}
        </tbody>
      </table>
      <KeyValueTable
        noun="Header"
        rows={spec.headers}
        names={COMMON_HEADERS}
        onChange={(headers) =>
          onChange({
            ...spec,
            headers: headers.filter(
              (h) => h.name.toLowerCase() !== 'x-tableau-auth' || h.value === '',
            ),
          })
        }
      />
    </div>
  );
}
