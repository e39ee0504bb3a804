import { errors, TableauError } from '../errors';
import type { ByteStore, StoredBytes } from './stored-bytes';

/** One part of a multipart body, its bytes kept in the byte store as they arrived. */
export interface StreamedPart {
  name: string;
  filename?: string;
  contentType?: string;
  body: StoredBytes;
}

export interface MultipartLimits {
  /** The whole body; a larger one is refused as it arrives. */
  maxBytes: number;
  /** Bodies up to this size are also kept raw (for handlers that split bodies themselves). */
  keepRaw: number;
}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const DASHES = Buffer.from('--');

/** The boundary parameter of a multipart Content-Type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const match = /;\s*boundary=(?:"([^"]+)"|([^";\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : null;
}

function dispositionParam(value: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function readHeaders(text: string): Omit<StreamedPart, 'body'> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw errors.malformedBody(`The multipart part header line '${line}' is not Name: value.`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (disposition === undefined)
    throw errors.malformedBody('A multipart part has no Content-Disposition header.');
  const name = dispositionParam(disposition, 'name');
  if (!name) throw errors.malformedBody('A multipart part has no name (Content-Disposition).');
  return {
    name,
    filename: dispositionParam(disposition, 'filename'),
    contentType: headers.get('content-type'),
  };
}

/**
 * Reads a multipart body as it arrives, strictly: it starts with the boundary the Content-Type
 * names, each part has headers with a named Content-Disposition, lines end in CRLF, and the
 * closing `--boundary--` is there. Part bytes go to the byte store a socket chunk at a time,
 * so a 64 MB part never sits in memory whole. Throws a TableauError (400000) and keeps nothing
 * when the body is malformed.
 */
export async function readMultipart(
  body: AsyncIterable<Buffer>,
  contentType: string | undefined,
  store: ByteStore,
  limits: MultipartLimits,
): Promise<{ parts: StreamedPart[]; raw: Buffer | null }> {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw errors.malformedBody('A multipart body needs a boundary in Content-Type.');
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: StreamedPart[] = [];
  let current: StreamedPart | null = null;
  let state = 'start' as 'start' | 'headers' | 'body' | 'end';
  let buffer: Buffer = Buffer.alloc(0);
  let total = 0;
  let raw: Buffer[] | null = [];

  const drain = async (): Promise<void> => {
    for (;;) {
      if (state === 'start') {
        if (buffer.length < opening.length + 2) return;
        if (!buffer.subarray(0, opening.length).equals(opening))
          throw errors.malformedBody(
            'The multipart body does not start with the boundary its Content-Type names.',
          );
        const after = buffer.subarray(opening.length, opening.length + 2);
        if (after.equals(DASHES)) throw errors.malformedBody('The multipart body has no parts.');
        if (!after.equals(CRLF))
          throw errors.malformedBody('A multipart boundary line must end with CRLF.');
        buffer = buffer.subarray(opening.length + 2);
        state = 'headers';
      } else if (state === 'headers') {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES)
            throw errors.malformedBody('A multipart part’s headers do not end (CRLF CRLF).');
          return;
        }
        current = {
          ...readHeaders(buffer.subarray(0, end).toString('utf8')),
          body: store.create(),
        };
        parts.push(current);
        buffer = buffer.subarray(end + 4);
        state = 'body';
      } else if (state === 'body') {
        const part = current as StreamedPart;
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that could be the start of the delimiter; the rest is the part's.
          const keep = Math.min(buffer.length, delimiter.length - 1);
          await part.body.append(buffer.subarray(0, buffer.length - keep));
          buffer = Buffer.from(buffer.subarray(buffer.length - keep));
          return;
        }
        if (at > 0) {
          await part.body.append(buffer.subarray(0, at));
          buffer = buffer.subarray(at);
        }
        if (buffer.length < delimiter.length + 2) {
          buffer = Buffer.from(buffer);
          return;
        }
        const after = buffer.subarray(delimiter.length, delimiter.length + 2);
        await part.body.finish();
        if (after.equals(DASHES)) state = 'end';
        else if (after.equals(CRLF)) state = 'headers';
        else throw errors.malformedBody('A multipart boundary line must end with CRLF or --.');
        buffer = buffer.subarray(delimiter.length + 2);
        current = null;
      } else return;
    }
  };

  try {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > limits.maxBytes)
        throw errors.badRequest(
          `The request body is larger than ${Math.round(limits.maxBytes / (1024 * 1024))} MB. Publish larger files in chunks (Initiate File Upload, Append to File Upload).`,
        );
      if (raw) {
        if (total <= limits.keepRaw) raw.push(chunk);
        else raw = null;
      }
      if (state === 'end') continue;
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      await drain();
    }
    if (state !== 'end')
      throw errors.malformedBody(
        `The multipart body ends before its closing boundary (--${boundary}--).`,
      );
    return { parts, raw: raw ? Buffer.concat(raw) : null };
  } catch (error) {
    for (const part of parts) part.body.dispose();
    if (error instanceof TableauError) throw error;
    // The client went away mid-body (a cancelled upload): nothing to answer, nothing kept.
    throw errors.malformedBody('The request body was cut off before its end.');
  }
}
