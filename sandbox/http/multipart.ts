import { errors } from '../errors';

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

/**
 * Splits a `multipart/mixed` (or `form-data`) body into parts. Tableau's publish and upload
 * methods send `request_payload` plus a file part (`tableau_workbook`, `tableau_file`, …).
 */
export function parseMultipart(raw: Buffer, contentType: string | undefined): Part[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) throw errors.malformedBody('A multipart body needs a boundary.');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const headerStart = start + delimiter.length;
    if (raw.subarray(headerStart, headerStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, headerStart);
    if (next < 0) break;
    const section = raw.subarray(headerStart, next);
    const split = section.indexOf('\r\n\r\n');
    const gap = split >= 0 ? 4 : 2;
    const at = split >= 0 ? split : section.indexOf('\n\n');
    if (at < 0) throw errors.malformedBody('A multipart part has no headers.');
    const headers = section.subarray(0, at).toString('utf8');
    let body = section.subarray(at + gap);
    // Drop the line break that precedes the next delimiter.
    if (body.subarray(-2).toString() === '\r\n') body = body.subarray(0, -2);
    else if (body.subarray(-1).toString() === '\n') body = body.subarray(0, -1);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /name="([^"]*)"/i.exec(disposition)?.[1] ?? '',
      filename: /filename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim(),
      body,
    });
    start = next;
  }
  if (parts.length === 0) throw errors.malformedBody('The multipart body has no parts.');
  return parts;
}
