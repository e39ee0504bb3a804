import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Connection } from '../shared/connection';
import {
  defaultDownloadName,
  DOWNLOAD_KINDS,
  downloadRequestSpec,
  fileNameFromDisposition,
  type DownloadOutcome,
  type DownloadStart,
} from '../shared/downloads';
import { MB } from '../shared/publish';
import type { RequestSpec } from '../shared/request';
import { readTableauError } from '../shared/tableau-errors';
import { EngineError } from './errors';
import type { RequestExecutor } from './executor';
import type { OperationContext, OperationWork } from './operations/operations';
import { parseBody } from './response-summary';

/** A download may be large and the line slow: its own timeout, not the settings' one. */
const DOWNLOAD_TIMEOUT_MS = 60 * 60_000;

/** Hands a finished file to the host (the web host's browser download); returns its URL. */
export type DownloadDelivery = (file: {
  path: string;
  fileName: string;
  contentType: string;
}) => string;

export interface DownloadDeps {
  executor: RequestExecutor;
  /** Called at the end of each round with the GET as sent, for history. */
  onRound?: (spec: RequestSpec, status: number, elapsedMs: number, bytes: number) => void;
}

/** One attempt's file: the bytes go to a partial file beside the target, hashed as they go. */
interface Attempt {
  partial: string;
  hash: Hash;
  bytes: number;
  contentType: string;
  fileName: string | null;
}

/**
 * A download as an operation: the answer streamed to a partial file beside the target (hashed
 * as it arrives, at the disk's pace), renamed onto the target when whole. Never held in memory
 * or sent through IPC. One item, `file`; a failed or cancelled download leaves no partial file,
 * and Retry downloads it again.
 */
export class DownloadWork implements OperationWork {
  readonly kind = 'download';
  readonly unit = 'bytes';
  readonly title: string;

  constructor(
    private readonly deps: DownloadDeps,
    private readonly connection: Connection,
    private readonly start: DownloadStart,
    private readonly target: string,
    private readonly deliver?: DownloadDelivery,
  ) {
    this.title = `Download ${DOWNLOAD_KINDS[start.what].label.toLowerCase()} ${start.id}`;
  }

  get connectionId(): string {
    return this.connection.id;
  }

  async run(ctx: OperationContext): Promise<DownloadOutcome | null> {
    const spec: RequestSpec = {
      ...downloadRequestSpec(this.start),
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
    };
    const started = performance.now();
    let attempt: Attempt | null = null;
    let status = 0;
    const discard = async () => {
      if (attempt) await fs.promises.rm(attempt.partial, { force: true });
    };
    ctx.progress({
      done: 0,
      total: null,
      bytes: { done: 0, total: null },
      status: 'Asking Tableau for the file…',
    });
    try {
      const exchange = await this.deps.executor.exchange(this.connection, spec, {
        signal: ctx.signal,
        // Each attempt (a retry after a broken connection) starts the file again.
        sink: ({ headers }) => {
          const header = (name: string) => headers.find(([n]) => n === name)?.[1];
          if (attempt) fs.rmSync(attempt.partial, { force: true });
          const next: Attempt = {
            partial: path.join(
              path.dirname(this.target),
              `.${path.basename(this.target)}.${randomBytes(4).toString('hex')}.part`,
            ),
            hash: createHash('sha256'),
            bytes: 0,
            contentType: header('content-type') ?? 'application/octet-stream',
            fileName: fileNameFromDisposition(header('content-disposition')),
          };
          attempt = next;
          return hashingFile(next);
        },
        onResponseProgress: (received, total) => {
          ctx.progress({
            done: received,
            total,
            bytes: { done: received, total },
            status: `Downloading${total ? ` ${formatMb(received)} of ${formatMb(total)}` : ` ${formatMb(received)}`}`,
          });
        },
      });
      const { response } = exchange;
      status = response.status;
      const done = attempt as Attempt | null;
      if (status < 200 || status >= 300 || !done) {
        const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
        const error = readTableauError(parseBody(response.body.toString('utf8'), contentType));
        ctx.item({
          key: 'file',
          label: this.title,
          state: 'failed',
          code: error?.code ?? `http.${status}`,
          message: error ? `${error.summary}: ${error.detail}` : `HTTP ${status}`,
        });
        await discard();
        return null;
      }
      await fs.promises.rename(done.partial, this.target);
      const fileName = done.fileName ?? defaultDownloadName(this.start);
      const downloadUrl =
        this.deliver?.({ path: this.target, fileName, contentType: done.contentType }) ?? null;
      ctx.item({ key: 'file', label: fileName, state: 'ok', message: formatMb(done.bytes) });
      ctx.progress({
        done: done.bytes,
        total: done.bytes,
        bytes: { done: done.bytes, total: done.bytes },
        status: `Downloaded ${fileName} (${formatMb(done.bytes)})`,
      });
      return {
        kind: 'download',
        what: this.start.what,
        fileName,
        bytes: done.bytes,
        contentType: done.contentType,
        sha256: done.hash.digest('hex'),
        path: this.deliver ? null : this.target,
        downloadUrl,
      };
    } catch (error) {
      await discard();
      if (!(error instanceof EngineError)) throw error;
      if (error.code === 'session.none') throw error;
      ctx.item({
        key: 'file',
        label: this.title,
        state: 'failed',
        code: ctx.signal.aborted ? 'cancelled' : error.code,
        message: ctx.signal.aborted
          ? 'Cancelled: nothing was kept. Retry downloads it again.'
          : error.message,
      });
      return null;
    } finally {
      this.deps.onRound?.(
        spec,
        status,
        performance.now() - started,
        (attempt as Attempt | null)?.bytes ?? 0,
      );
    }
  }
}

/** A writable that hashes and counts the bytes and writes them to the attempt's partial file. */
function hashingFile(attempt: Attempt): Writable {
  const out = fs.createWriteStream(attempt.partial, { flags: 'wx', mode: 0o600 });
  const writable = new Writable({
    highWaterMark: MB,
    write(chunk: Buffer, _encoding, done) {
      attempt.hash.update(chunk);
      attempt.bytes += chunk.length;
      if (out.write(chunk)) done();
      else out.once('drain', () => done());
    },
    final(done) {
      out.end(() => done());
    },
    destroy(error, done) {
      out.destroy();
      done(error);
    },
  });
  out.on('error', (error) =>
    writable.destroy(
      new EngineError('download.cannotWrite', `Cannot write ${attempt.partial}: ${error.message}`),
    ),
  );
  return writable;
}

function formatMb(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 100 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}
