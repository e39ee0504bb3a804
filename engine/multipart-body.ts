import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  multipartLayout,
  multipartProblem,
  type MultipartBody,
  type MultipartLayout,
} from '../shared/multipart';
import { EngineError } from './errors';
import type { StreamedBody } from './http-client';

/** Read size from disk: large enough for disk throughput, small enough to stay flat in memory. */
const READ_CHUNK = 1024 * 1024;

/** A fresh boundary, as TSC makes one (urllib3: 32 hex digits). */
export function newBoundary(): string {
  return randomBytes(16).toString('hex');
}

export interface PreparedMultipart {
  body: StreamedBody;
  contentType: string;
  layout: MultipartLayout;
}

/** Why a file cannot be sent, in the user's words. */
function unreadable(path: string, error: unknown): EngineError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'there is no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : ((error as Error).message ?? String(error));
  return new EngineError('request.fileUnreadable', `Cannot read ${path}: ${why}.`, { path });
}

/**
 * A multipart body ready to stream: every file checked now (it exists, is a regular file, the
 * slice fits), so nothing is sent for a body that cannot be completed. Each `open()` streams it
 * again from the start, reading the files from disk a megabyte at a time.
 */
export async function prepareMultipart(body: MultipartBody): Promise<PreparedMultipart> {
  const problem = multipartProblem(body);
  if (problem) throw new EngineError(problem.code, problem.message);
  const sizes: number[] = [];
  for (const file of body.files) {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file.path);
    } catch (error) {
      throw unreadable(file.path, error);
    }
    if (!stat.isFile())
      throw new EngineError('request.fileUnreadable', `${file.path} is not a regular file.`, {
        path: file.path,
      });
    const offset = file.offset ?? 0;
    if (offset + (file.length ?? 0) > stat.size)
      throw new EngineError(
        'request.badSlice',
        `${file.path} has ${stat.size} bytes; bytes ${offset}–${offset + (file.length ?? 0)} were asked for.`,
      );
    sizes.push(stat.size);
  }
  const layout = multipartLayout(body, body.boundary ?? newBoundary(), sizes);
  const open = () =>
    Readable.from(segments(body, layout), { objectMode: false, highWaterMark: READ_CHUNK });
  return { body: { length: layout.length, open }, contentType: layout.contentType, layout };
}

async function* segments(body: MultipartBody, layout: MultipartLayout): AsyncGenerator<Buffer> {
  for (const segment of layout.segments) {
    if (segment.kind === 'text') {
      yield Buffer.from(segment.text, 'utf8');
      continue;
    }
    if (segment.length === 0) continue;
    const { path } = body.files[segment.index];
    let read = 0;
    try {
      const stream = fs.createReadStream(path, {
        start: segment.offset,
        end: segment.offset + segment.length - 1,
        highWaterMark: READ_CHUNK,
      });
      for await (const chunk of stream) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    } catch (error) {
      throw unreadable(path, error);
    }
    // A file cut short since it was checked would leave the server waiting for bytes.
    if (read !== segment.length)
      throw new EngineError(
        'request.fileChanged',
        `${path} changed while it was being sent (${read} of ${segment.length} bytes read).`,
        { path },
      );
  }
}
