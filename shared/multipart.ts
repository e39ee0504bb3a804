import { MULTIPART_BOUNDARY, type RequestBody } from './request';

/**
 * `multipart/mixed` bodies exactly as Tableau's Python client (TSC) sends them: urllib3's
 * `encode_multipart_formdata` with the type swapped to `multipart/mixed`
 * (`request_factory.py: _add_multipart`; next-wave-facts.md §3). Each part is
 * `--B` CRLF, its headers, CRLF CRLF, its bytes, CRLF; then `--B--` CRLF. Pure: the engine
 * turns the file segments into streams from disk.
 */
export type MultipartBody = Extract<RequestBody, { kind: 'multipart' }>;

/** Tableau's name for the XML/JSON part of every multipart method. */
export const PAYLOAD_PART = 'request_payload';

/** A piece of the body: text, or a slice of one of the body's files. */
export type MultipartSegment =
  { kind: 'text'; text: string } | { kind: 'file'; index: number; offset: number; length: number };

export interface MultipartLayout {
  /** `multipart/mixed; boundary=…`: the Content-Type header sent. */
  contentType: string;
  segments: MultipartSegment[];
  /** Bytes in all, for Content-Length. */
  length: number;
}

export function multipartContentType(boundary: string): string {
  return `multipart/mixed; boundary=${boundary}`;
}

/** The last path segment, whichever separator the engine's system uses. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** A header parameter value as urllib3 writes it (HTML5 style): quotes and breaks escaped. */
function quoteParam(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '%22')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** UTF-8 byte length without TextEncoder (not in `shared/`'s lib). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function payloadHeaders(body: MultipartBody): string {
  const type = body.payloadType === 'json' ? 'application/json' : 'text/xml';
  return `Content-Disposition: form-data; name="${PAYLOAD_PART}"; filename=""\r\nContent-Type: ${type}\r\n\r\n`;
}

function fileHeaders(file: MultipartBody['files'][number]): string {
  const filename = file.filename ?? baseName(file.path);
  return (
    `Content-Disposition: form-data; name="${file.name}"; filename="${quoteParam(filename)}"\r\n` +
    `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`
  );
}

/**
 * The body's layout: the payload part first (TSC always sends it, empty for an upload chunk),
 * then each file part. `fileSizes[i]` is the size of file `i` on disk; a part with `offset`
 * and `length` carries that slice only.
 */
export function multipartLayout(
  body: MultipartBody,
  boundary: string,
  fileSizes: readonly number[],
): MultipartLayout {
  const segments: MultipartSegment[] = [
    { kind: 'text', text: `--${boundary}\r\n${payloadHeaders(body)}${body.text}\r\n` },
  ];
  body.files.forEach((file, index) => {
    segments.push({ kind: 'text', text: `--${boundary}\r\n${fileHeaders(file)}` });
    const offset = file.offset ?? 0;
    const length = file.length ?? Math.max(0, fileSizes[index] - offset);
    segments.push({ kind: 'file', index, offset, length });
    segments.push({ kind: 'text', text: '\r\n' });
  });
  segments.push({ kind: 'text', text: `--${boundary}--\r\n` });
  const length = segments.reduce(
    (sum, s) => sum + (s.kind === 'text' ? utf8Length(s.text) : s.length),
    0,
  );
  return { contentType: multipartContentType(boundary), segments, length };
}

/**
 * What stops a multipart body from being sent, in the user's words, or null. Checked before
 * any file is opened: every file part named and given a file, names not repeated, the
 * boundary valid and absent from the payload.
 */
export function multipartProblem(body: MultipartBody): { code: string; message: string } | null {
  if (body.boundary !== undefined && !MULTIPART_BOUNDARY.test(body.boundary))
    return {
      code: 'request.badBoundary',
      message: 'The multipart boundary must be 1–70 letters, digits or ’()+_,-./:=?.',
    };
  const seen = new Set<string>([PAYLOAD_PART]);
  for (const file of body.files) {
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(file.name))
      return {
        code: 'request.badPartName',
        message: `The part name “${file.name}” must be letters, digits, _ . or - (e.g. tableau_workbook).`,
      };
    if (!file.path.trim())
      return { code: 'request.noFile', message: `Pick a file for the ${file.name} part.` };
    if (seen.has(file.name))
      return {
        code: 'request.duplicatePart',
        message: `The part name ${file.name} is used twice; each part needs its own name.`,
      };
    seen.add(file.name);
  }
  if (body.boundary && body.text.includes(`--${body.boundary}`))
    return {
      code: 'request.badBoundary',
      message: 'The payload contains the multipart boundary; choose another boundary.',
    };
  return null;
}

/** The file parts each multipart preset takes, by catalog preset id. */
export const PRESET_FILE_PARTS: Record<
  string,
  { parts: Array<{ name: string; contentType?: string; accept: string }>; payload: 'xml' | 'json' }
> = {
  'publishing.publish-workbook': {
    parts: [{ name: 'tableau_workbook', accept: '.twb,.twbx' }],
    payload: 'json',
  },
  'publishing.publish-data-source': {
    parts: [{ name: 'tableau_datasource', accept: '.tds,.tdsx,.hyper,.tde' }],
    payload: 'json',
  },
  'publishing.publish-flow': {
    parts: [{ name: 'tableau_flow', accept: '.tfl,.tflx' }],
    payload: 'json',
  },
  'publishing.append-to-file-upload': {
    parts: [{ name: 'tableau_file', accept: '*' }],
    payload: 'xml',
  },
  'users.import-users-to-site-from-csv': {
    parts: [{ name: 'tableau_user_import', contentType: 'text/csv', accept: '.csv' }],
    payload: 'json',
  },
  'users.delete-users-from-site-with-csv': {
    parts: [{ name: 'tableau_user_delete', contentType: 'text/csv', accept: '.csv' }],
    payload: 'xml',
  },
  'workbooks.publish-custom-view': {
    parts: [{ name: 'tableau_customview', accept: '.json' }],
    payload: 'json',
  },
};
