import fs from 'node:fs';
import type { Connection } from '../../shared/connection';
import { baseName } from '../../shared/multipart';
import {
  CONTENT_TYPE_NAMES,
  fileExtension,
  MB,
  nameFromFile,
  PUBLISH_COLLECTION,
  PUBLISH_FILE_TYPES,
  publishPayload,
  publishProblem,
  publishQuery,
  SINGLE_REQUEST_LIMIT,
  type PublishContentType,
  type PublishedItem,
  type PublishOutcome,
  type PublishStart,
} from '../../shared/publish';
import type { RequestSpec } from '../../shared/request';
import { readTableauError } from '../../shared/tableau-errors';
import { findList } from '../../shared/tableau-list';
import { EngineError } from '../errors';
import type { ExchangeOptions, RequestExecutor } from '../executor';
import { parseBody } from '../response-summary';
import { wait } from '../retry-policy';
import type { OperationContext, OperationWork } from './operations';

/** Server errors a chunk is tried again for (PUT is idempotent; the executor retries it). */
const CHUNK_RETRY_STATUSES = [500, 502, 504] as const;
/** An upload request may take long on a slow line: its own timeout, not the settings' one. */
const UPLOAD_TIMEOUT_MS = 30 * 60_000;
/** Job polling: TSC's `wait_for_job` backs off too; first poll soon, then at most every 10 s. */
const JOB_POLL_FIRST_MS = 250;
const JOB_POLL_MAX_MS = 10_000;
/** Tableau's upload session ids (`7720:170fe…-1:0`): kept as they are in the path, as TSC does. */
const UPLOAD_SESSION_ID = /^[0-9A-Za-z:._-]{1,200}$/;

/** The file as checked before anything is sent. */
export interface PublishFile {
  path: string;
  size: number;
  extension: string;
  contentType: PublishContentType;
  name: string;
}

/**
 * Checks a publish before it starts: the request's own rules (file type against content
 * type, mode), then the file (a regular, readable, non-empty file). Throws EngineError.
 */
export async function checkPublishFile(start: PublishStart): Promise<PublishFile> {
  const problem = publishProblem(start);
  if (problem) throw new EngineError(problem.code, problem.message);
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(start.file);
    await fs.promises.access(start.file, fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EngineError(
      'publish.noFile',
      code === 'ENOENT'
        ? `There is no file ${start.file}.`
        : `Cannot read ${start.file} (${code ?? (error as Error).message}).`,
      { path: start.file },
    );
  }
  if (!stat.isFile())
    throw new EngineError('publish.noFile', `${start.file} is not a file.`, { path: start.file });
  if (stat.size === 0)
    throw new EngineError(
      'publish.emptyFile',
      `${start.file} is empty: there is nothing to publish.`,
    );
  const extension = fileExtension(start.file);
  return {
    path: start.file,
    size: stat.size,
    extension,
    contentType: PUBLISH_FILE_TYPES[extension].contentType,
    name: start.name ?? nameFromFile(start.file),
  };
}

export interface PublishDeps {
  executor: RequestExecutor;
  /** Called at the end of each round with the publish request as kept (no password), for history. */
  onRound?: (spec: RequestSpec, status: number, elapsedMs: number) => void;
}

interface Answer {
  status: number;
  body: unknown;
  retries: number;
  reSignedIn: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function refOf(value: unknown): { id: string; name: string | null } | null {
  const r = record(value);
  const id = text(r.id);
  return id ? { id, name: text(r.name) } : null;
}

/** The item of a publish answer or a Get, as the result shows it. */
export function publishedItem(contentType: PublishContentType, element: unknown): PublishedItem {
  const e = record(element);
  const views = findList({ views: e.views })?.items ?? [];
  return {
    contentType,
    id: text(e.id) ?? '',
    name: text(e.name) ?? '',
    contentUrl: text(e.contentUrl),
    webpageUrl: text(e.webpageUrl),
    project: refOf(e.project),
    owner: refOf(e.owner),
    views: views.map((v) => {
      const view = record(v);
      return {
        id: text(view.id) ?? '',
        name: text(view.name) ?? '',
        contentUrl: text(view.contentUrl),
      };
    }),
    createdAt: text(e.createdAt),
    updatedAt: text(e.updatedAt),
  };
}

/** An answer's Tableau error as an operation item's code and message. */
function failureOf(answer: Answer): { code: string; message: string } {
  const error = readTableauError(answer.body);
  return error
    ? { code: error.code, message: `${error.summary}: ${error.detail}` }
    : { code: `http.${answer.status}`, message: `HTTP ${answer.status}` };
}

function formatMb(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 100 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/**
 * A publish as an operation (DESIGN.md §10, tableau-api.md §6). Checks the project and the
 * name first; then one request (below 64 MB) or the chunked path: initiate, append chunk by
 * chunk (each retried by the executor with backoff and a re-sign-in on expiry), commit with
 * `uploadSessionId`; with `asJob`, the job is followed to its end. Items: `upload` (single) or
 * `chunk:N`, then `commit` and `job`. A cancelled or failed round is resumed by Retry from the
 * last chunk the server acknowledged, while the upload session lives.
 */
export class PublishWork implements OperationWork {
  readonly kind = 'publish';
  readonly unit = 'bytes';
  readonly title: string;
  private readonly method: 'single' | 'chunked';
  private readonly chunkBytes: number;
  private readonly chunks: number;
  private checked = false;
  private sessionId: string | null = null;
  private acknowledged = 0;
  private committed = false;
  private job: PublishOutcome['job'] = null;
  private item: PublishedItem | null = null;
  private retries = 0;
  private reSignedIn = false;
  /** Set when nothing more can be done (published, or refused for good). */
  private finished = false;
  /** A lost upload session is started again once, not over and over. */
  private restarted = false;

  constructor(
    private readonly deps: PublishDeps,
    private readonly connection: Connection,
    private readonly start: PublishStart,
    private readonly file: PublishFile,
  ) {
    this.chunkBytes = start.chunkMb * MB;
    this.method =
      start.upload === 'chunked' || file.size >= SINGLE_REQUEST_LIMIT ? 'chunked' : 'single';
    this.chunks = this.method === 'single' ? 1 : Math.ceil(file.size / this.chunkBytes);
    this.title = `Publish ${baseName(file.path)} as ${CONTENT_TYPE_NAMES[file.contentType]} “${file.name}”`;
  }

  get connectionId(): string {
    return this.connection.id;
  }

  canRetry(): boolean {
    return !this.finished;
  }

  /** The outcome so far, while running: the Jobs view follows an asJob publish's job from it. */
  partialOutcome(): PublishOutcome {
    return this.outcome();
  }

  async run(ctx: OperationContext): Promise<PublishOutcome> {
    const started = performance.now();
    let status = 0;
    try {
      if (!this.checked) {
        await this.checkTarget(ctx);
        this.checked = true;
      }
      if (!this.committed) {
        const ok =
          this.method === 'single' ? await this.uploadSingle(ctx) : await this.uploadChunks(ctx);
        if (!ok) return this.outcome();
      }
      if (this.start.asJob && this.job && this.job.finishCode === null) {
        if (!(await this.followJob(ctx))) return this.outcome();
      }
      if (!this.item || (this.file.contentType === 'workbook' && this.start.asJob))
        await this.findItem(ctx);
      this.finished = true;
      status = 201;
      ctx.progress({
        status: `Published ${CONTENT_TYPE_NAMES[this.file.contentType]} “${this.file.name}”${
          this.item && this.file.contentType === 'workbook'
            ? ` with ${this.item.views.length} view${this.item.views.length === 1 ? '' : 's'}`
            : ''
        }`,
      });
      return this.outcome();
    } finally {
      this.deps.onRound?.(this.keptSpec(), status, performance.now() - started);
    }
  }

  /** The project exists and, unless overwriting or appending, holds no item of that name. */
  private async checkTarget(ctx: OperationContext): Promise<void> {
    ctx.progress({ done: 0, total: this.file.size, bytes: { done: 0, total: this.file.size } });
    ctx.progress({ status: 'Checking the project and the name…' });
    let projectName: string | null = null;
    for (let page = 1; page <= 50 && projectName === null; page++) {
      const answer = await this.get(ctx, '/api/{api-version}/sites/{site-id}/projects', [
        ['pageSize', '1000'],
        ['pageNumber', String(page)],
      ]);
      if (answer.status !== 200) throw this.refused(answer, 'publish.checkFailed');
      const projects = findList(answer.body)?.items ?? [];
      const found = projects.map(record).find((p) => text(p.id) === this.start.projectId);
      if (found) projectName = text(found.name) ?? '';
      else if (projects.length < 1000) break;
    }
    // A wrong project or a taken name is not cured by trying again: the user changes the publish.
    if (projectName === null) {
      this.finished = true;
      throw new EngineError(
        'publish.noProject',
        `There is no project ${this.start.projectId} on this site (or you cannot see it). Pick one from the list.`,
      );
    }
    if (this.start.mode !== 'createNew') return;
    const collection = PUBLISH_COLLECTION[this.file.contentType];
    // A name with a comma would split Tableau's filter: then the commit's 409 says it instead.
    if (this.file.name.includes(',')) return;
    const answer = await this.get(ctx, `/api/{api-version}/sites/{site-id}/${collection}`, [
      ['filter', `name:eq:${this.file.name}`],
      ['pageSize', '1000'],
    ]);
    if (answer.status !== 200) throw this.refused(answer, 'publish.checkFailed');
    const clash = (findList(answer.body)?.items ?? [])
      .map(record)
      .find(
        (item) =>
          text(item.name) === this.file.name && refOf(item.project)?.id === this.start.projectId,
      );
    if (clash) {
      this.finished = true;
      throw new EngineError(
        'publish.nameConflict',
        `The project “${projectName}” already has a ${CONTENT_TYPE_NAMES[this.file.contentType]} named “${this.file.name}”. Overwrite it, or publish under another name.`,
        { existingId: text(clash.id), projectName },
      );
    }
  }

  /** The whole file in one multipart request. */
  private async uploadSingle(ctx: OperationContext): Promise<boolean> {
    ctx.progress({ status: `Uploading ${formatMb(this.file.size)} in one request` });
    const answer = await this.send(ctx, this.publishSpec(true), 'upload', {
      onUploadProgress: (sent) => this.reportBytes(ctx, Math.min(sent, this.file.size)),
    });
    if (!answer) return false;
    return this.committedBy(ctx, answer, 'upload');
  }

  private async uploadChunks(ctx: OperationContext): Promise<boolean> {
    if (!this.sessionId) {
      ctx.progress({ status: 'Starting an upload session…' });
      const answer = await this.send(
        ctx,
        this.spec('POST', '/api/{api-version}/sites/{site-id}/fileUploads', []),
        'initiate',
      );
      if (!answer) return false;
      const id = text(record(record(answer.body).fileUpload).uploadSessionId);
      if (answer.status !== 201 || !id || !UPLOAD_SESSION_ID.test(id))
        return this.fail(ctx, 'initiate', answer, 'Starting the upload session');
      this.sessionId = id;
      this.acknowledged = 0;
    }
    for (let index = this.acknowledged; index < this.chunks; index++) {
      const offset = index * this.chunkBytes;
      const length = Math.min(this.chunkBytes, this.file.size - offset);
      ctx.progress({
        status: `Chunk ${index + 1} of ${this.chunks} (${formatMb(length)})`,
      });
      this.reportBytes(ctx, offset);
      const answer = await this.send(ctx, this.chunkSpec(offset, length), `chunk:${index + 1}`, {
        extraStatuses: CHUNK_RETRY_STATUSES,
        onUploadProgress: (sent) => this.reportBytes(ctx, offset + Math.min(sent, length)),
      });
      if (!answer) return false;
      if (answer.status === 404 && index > 0 && !this.restarted) {
        // The session ended while paused (Tableau expires them): start over, once.
        this.restarted = true;
        this.sessionId = null;
        this.acknowledged = 0;
        ctx.progress({ status: 'The upload session had ended: starting a new one…' });
        return this.uploadChunks(ctx);
      }
      if (answer.status !== 200)
        return this.fail(ctx, `chunk:${index + 1}`, answer, `Chunk ${index + 1}`, index);
      const reportedMb = Number(text(record(record(answer.body).fileUpload).fileSize));
      const sentBytes = offset + length;
      if (Number.isFinite(reportedMb) && reportedMb > Math.ceil(sentBytes / MB)) {
        // More on the server than was sent: a chunk went twice (an answer lost, then a retry).
        this.sessionId = null;
        this.acknowledged = 0;
        ctx.item({
          key: `chunk:${index + 1}`,
          label: this.chunkLabel(index),
          state: 'failed',
          code: 'publish.uploadMismatch',
          message: `The server holds ${reportedMb} MB after ${formatMb(sentBytes)} were sent: a chunk was appended twice. Retry starts a new upload.`,
        });
        return false;
      }
      this.acknowledged = index + 1;
      ctx.item({
        key: `chunk:${index + 1}`,
        label: this.chunkLabel(index),
        state: 'ok',
        message: answer.retries
          ? `sent after ${answer.retries} retr${answer.retries === 1 ? 'y' : 'ies'}`
          : undefined,
      });
      this.reportBytes(ctx, sentBytes);
    }
    ctx.progress({ status: 'Committing the upload…' });
    const answer = await this.send(ctx, this.publishSpec(false), 'commit');
    if (!answer) return false;
    return this.committedBy(ctx, answer, 'commit');
  }

  /** Reads the publish answer: the item (201) or the job (202). */
  private committedBy(ctx: OperationContext, answer: Answer, key: string): boolean {
    const body = record(answer.body);
    if (answer.status === 202 || (this.start.asJob && body.job)) {
      const job = record(body.job);
      const id = text(job.id);
      if (!id) return this.fail(ctx, key, answer, 'Publishing');
      this.job = { id, finishCode: null, notes: null };
    } else if (answer.status === 201 || answer.status === 200) {
      this.item = publishedItem(this.file.contentType, body[this.file.contentType]);
    } else {
      // A refusal of the file or the payload (400011, 409…) is not cured by trying again.
      const transient = answer.status >= 500 || answer.status === 429;
      if (!transient) this.finished = true;
      return this.fail(ctx, key, answer, key === 'commit' ? 'The commit' : 'The upload');
    }
    this.committed = true;
    this.sessionId = null;
    this.reportBytes(ctx, this.file.size);
    ctx.item({
      key,
      label:
        key === 'commit'
          ? `Commit (${this.chunks} chunks)`
          : `Upload (${formatMb(this.file.size)})`,
      state: 'ok',
    });
    return true;
  }

  /** Polls the publish job with backoff until it has ended. */
  private async followJob(ctx: OperationContext): Promise<boolean> {
    const job = this.job!;
    let delay = JOB_POLL_FIRST_MS;
    for (;;) {
      ctx.progress({ status: `Tableau is publishing (job ${job.id})…` });
      try {
        await wait(delay, ctx.signal);
      } catch {
        ctx.item({
          key: 'job',
          label: `Job ${job.id}`,
          state: 'failed',
          code: 'cancelled',
          message: 'Stopped following the job; it runs on. Retry follows it again.',
        });
        return false;
      }
      delay = Math.min(JOB_POLL_MAX_MS, delay * 2);
      const answer = await this.send(
        ctx,
        this.spec(
          'GET',
          `/api/{api-version}/sites/{site-id}/jobs/${encodeURIComponent(job.id)}`,
          [],
        ),
        'job',
      );
      if (!answer) return false;
      if (answer.status !== 200) return this.fail(ctx, 'job', answer, 'Following the job');
      const element = record(record(answer.body).job);
      if (!text(element.completedAt)) continue;
      const finishCode = Number(text(element.finishCode) ?? NaN);
      const notes = [element.notes, record(element.statusNotes).statusNote]
        .flatMap((n) => (Array.isArray(n) ? n : [n]))
        .map((n) => text(n) ?? text(record(n).text) ?? text(record(n).value))
        .filter((n): n is string => Boolean(n))
        .join(' ');
      this.job = {
        id: job.id,
        finishCode: Number.isFinite(finishCode) ? finishCode : null,
        notes: notes || null,
      };
      if (finishCode !== 0) {
        this.finished = true;
        ctx.item({
          key: 'job',
          label: `Job ${job.id}`,
          state: 'failed',
          code: finishCode === 2 ? 'job.cancelled' : 'job.failed',
          message:
            notes ||
            (finishCode === 2 ? 'The publish job was cancelled.' : 'The publish job failed.'),
        });
        return false;
      }
      ctx.item({ key: 'job', label: `Job ${job.id}`, state: 'ok' });
      return true;
    }
  }

  /** The item as Tableau has it now (with its views), found by name in the project after a job. */
  private async findItem(ctx: OperationContext): Promise<void> {
    const collection = PUBLISH_COLLECTION[this.file.contentType];
    let id = this.item?.id ?? null;
    if (!id) {
      const answer = await this.get(ctx, `/api/{api-version}/sites/{site-id}/${collection}`, [
        ...(this.file.name.includes(',')
          ? []
          : [['filter', `name:eq:${this.file.name}`] as [string, string]]),
        ['pageSize', '1000'],
      ]);
      const match = (findList(answer.body)?.items ?? [])
        .map(record)
        .find(
          (i) => text(i.name) === this.file.name && refOf(i.project)?.id === this.start.projectId,
        );
      id = match ? text(match.id) : null;
      if (match) this.item = publishedItem(this.file.contentType, match);
    }
    if (!id || this.file.contentType !== 'workbook') return;
    // A workbook's answer lists its views; after a job, Get Workbook has them.
    const answer = await this.get(
      ctx,
      `/api/{api-version}/sites/{site-id}/workbooks/${encodeURIComponent(id)}`,
      [],
    );
    if (answer.status === 200) this.item = publishedItem('workbook', record(answer.body).workbook);
  }

  private reportBytes(ctx: OperationContext, done: number): void {
    ctx.progress({ done, total: this.file.size, bytes: { done, total: this.file.size } });
  }

  private chunkLabel(index: number): string {
    const from = index * this.chunkBytes;
    const to = Math.min(this.file.size, from + this.chunkBytes);
    return `Chunk ${index + 1} of ${this.chunks} (${formatMb(from)}–${formatMb(to)})`;
  }

  /**
   * Records the failed item (and the chunks after it as skipped) and ends the round; Retry
   * resumes. Always false, for `return this.fail(…)`.
   */
  private fail(
    ctx: OperationContext,
    key: string,
    answer: Answer | { code: string; message: string },
    what: string,
    chunkIndex?: number,
  ): false {
    const failure = 'status' in answer ? failureOf(answer) : answer;
    const label =
      chunkIndex !== undefined
        ? this.chunkLabel(chunkIndex)
        : key === 'commit'
          ? 'Commit'
          : key === 'upload'
            ? `Upload (${formatMb(this.file.size)})`
            : what;
    ctx.item({ key, label, state: 'failed', code: failure.code, message: failure.message });
    if (chunkIndex !== undefined)
      for (let i = chunkIndex + 1; i < this.chunks; i++)
        ctx.item({
          key: `chunk:${i + 1}`,
          label: this.chunkLabel(i),
          state: 'skipped',
          message: 'Not sent yet: Retry sends it.',
        });
    ctx.progress({ status: `${what} failed: ${failure.message}` });
    return false;
  }

  /**
   * One exchange through the executor (origin checks, token, retries, re-sign-in). A transport
   * failure or a cancel becomes a failed item (null); a lost session ends the operation.
   */
  private async send(
    ctx: OperationContext,
    spec: RequestSpec,
    key: string,
    options: ExchangeOptions = {},
  ): Promise<Answer | null> {
    try {
      const exchange = await this.deps.executor.exchange(this.connection, spec, {
        ...options,
        signal: ctx.signal,
      });
      this.retries += exchange.retries;
      this.reSignedIn ||= exchange.reSignedIn;
      const { response } = exchange;
      const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
      return {
        status: response.status,
        body: parseBody(response.body.toString('utf8'), contentType),
        retries: exchange.retries,
        reSignedIn: exchange.reSignedIn,
      };
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      if (error.code === 'session.none' || error.code === 'session.expired') throw error;
      const chunk = /^chunk:(\d+)$/.exec(key);
      const index = chunk ? Number(chunk[1]) - 1 : undefined;
      const cancelled = ctx.signal.aborted;
      this.fail(
        ctx,
        key,
        cancelled
          ? {
              code: 'cancelled',
              message:
                index !== undefined
                  ? `Cancelled: Retry resumes from chunk ${index + 1}.`
                  : 'Cancelled.',
            }
          : { code: error.code, message: error.message },
        key.startsWith('chunk')
          ? `Chunk ${(index ?? 0) + 1}`
          : key === 'job'
            ? 'Following the job'
            : 'The upload',
        index,
      );
      // A file that cannot be read will not be readable on a retry either.
      if (error.code.startsWith('request.file')) this.finished = true;
      return null;
    }
  }

  private async get(
    ctx: OperationContext,
    path: string,
    query: Array<[string, string]>,
  ): Promise<Answer> {
    const exchange = await this.deps.executor.exchange(
      this.connection,
      this.spec('GET', path, query),
      {
        signal: ctx.signal,
      },
    );
    const contentType = exchange.response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
    return {
      status: exchange.response.status,
      body: parseBody(exchange.response.body.toString('utf8'), contentType),
      retries: exchange.retries,
      reSignedIn: exchange.reSignedIn,
    };
  }

  private refused(answer: Answer, code: string): EngineError {
    const failure = failureOf(answer);
    return new EngineError(
      code,
      `Checking the target failed: ${failure.message}`,
      readTableauError(answer.body) ?? undefined,
    );
  }

  private spec(
    method: RequestSpec['method'],
    path: string,
    query: Array<[string, string]>,
  ): RequestSpec {
    return {
      method,
      path,
      pathParams: {},
      query: query.map(([name, value]) => ({ name, value, enabled: true })),
      headers: [],
      body: { kind: 'none' },
      accept: 'json',
    };
  }

  private chunkSpec(offset: number, length: number): RequestSpec {
    return {
      ...this.spec('PUT', `/api/{api-version}/sites/{site-id}/fileUploads/${this.sessionId}`, []),
      // TSC's chunk: an empty request_payload (text/xml), then tableau_file named "file".
      body: {
        kind: 'multipart',
        text: '',
        payloadType: 'xml',
        files: [{ name: 'tableau_file', path: this.file.path, filename: 'file', offset, length }],
      },
      timeoutMs: UPLOAD_TIMEOUT_MS,
    };
  }

  /** The publish request: with the file (one request), or only the payload (commit). */
  private publishSpec(withFile: boolean, maskPassword = false): RequestSpec {
    const type = PUBLISH_FILE_TYPES[this.file.extension];
    return {
      ...this.spec(
        'POST',
        `/api/{api-version}/sites/{site-id}/${PUBLISH_COLLECTION[this.file.contentType]}`,
        [],
      ),
      query: publishQuery(this.start, this.file.extension, withFile ? null : this.sessionId),
      body: {
        kind: 'multipart',
        text: publishPayload(this.start, this.file.contentType, this.file.name, { maskPassword }),
        payloadType: 'xml',
        files: withFile ? [{ name: type.part, path: this.file.path }] : [],
      },
      timeoutMs: UPLOAD_TIMEOUT_MS,
    };
  }

  /** The publish request as history keeps it: the password masked. */
  private keptSpec(): RequestSpec {
    return this.publishSpec(this.method === 'single', true);
  }

  private outcome(): PublishOutcome {
    return {
      kind: 'publish',
      file: this.file.path,
      contentType: this.file.contentType,
      name: this.file.name,
      bytes: this.file.size,
      upload: {
        method: this.method,
        chunkBytes: this.method === 'chunked' ? this.chunkBytes : null,
        chunks: this.chunks,
        acknowledged: this.method === 'single' ? (this.committed ? 1 : 0) : this.acknowledged,
        retries: this.retries,
        reSignedIn: this.reSignedIn,
        uploadSessionId: this.sessionId,
      },
      job: this.job,
      item: this.item,
    };
  }
}

/**
 * A file the user picked or typed, as the Publish panel shows it: what it publishes as and its
 * size. Read from disk here (the renderer never reads it). Throws `publish.noFile`.
 */
export async function inspectLocalFile(file: string): Promise<{
  path: string;
  name: string;
  size: number;
  extension: string;
  contentType: PublishContentType | null;
  itemName: string;
}> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EngineError(
      'publish.noFile',
      code === 'ENOENT' ? `There is no file ${file}.` : `Cannot read ${file} (${code}).`,
      { path: file },
    );
  }
  if (!stat.isFile()) throw new EngineError('publish.noFile', `${file} is not a file.`);
  const extension = fileExtension(file);
  return {
    path: file,
    name: baseName(file),
    size: stat.size,
    extension,
    contentType: PUBLISH_FILE_TYPES[extension]?.contentType ?? null,
    itemName: nameFromFile(file),
  };
}
