import { randomUUID } from 'node:crypto';
import type { Connection, ConnectionInput, SessionInfo } from '../shared/connection';
import { connectionInputSchema } from '../shared/connection';
import {
  collectionsDocSchema,
  settingsSchema,
  type CollectionsDoc,
  type Settings,
} from '../shared/documents';
import type { EventName, EventPayload, ExportView } from '../shared/ipc/contract';
import type { CollectionFolder } from '../shared/documents';
import {
  operationStartSchema,
  type OperationSnapshot,
  type OperationStart,
  type OperationStartInput,
} from '../shared/operations';
import type { Assertion, Capture } from '../shared/captures';
import type { RunStart } from '../shared/run';
import type { PublishStart } from '../shared/publish';
import { downloadProblem, downloadStartSchema, type DownloadStartInput } from '../shared/downloads';
import { parseIterationData, RunDataError, type IterationRow } from '../shared/run-data';
import type { RequestSpec, ResponseSummary } from '../shared/request';
import type { DocumentStore } from './store/document-store';
import { Persistence } from './store/persistence';
import { ConnectionStore, SANDBOX_CONNECTION_ID } from './connections';
import { EngineError } from './errors';
import { RequestExecutor, type ExecutorDeps } from './executor';
import {
  csvChunks,
  exportBaseName,
  jsonChunks,
  viewCsvChunks,
  viewJsonChunks,
  writeChunksAtomically,
} from './export';
import { RequestHistory } from './history';
import {
  checkRunSteps,
  CollectionRunWork,
  findFolder,
  runSteps,
} from './operations/collection-run';
import { ConnectionLimiter } from './operations/connection-limiter';
import { readUsersFile, UsersImportWork, UsersUndoWork } from './operations/users-import';
import { UsersFileCheckWork, UsersFiles } from './operations/users-file-check';
import { CSV_IMPORT_MIN_API, csvImportSupported } from '../shared/bulk/users-csv-import';
import { DownloadWork, type DownloadDelivery } from './downloads';
import { checkPublishFile, PublishWork } from './operations/publish';
import { CONNECTION_LIMIT, FetchAllWork, type FetchAllLimits } from './operations/fetch-all';
import { MetadataFetchAllWork } from './operations/metadata-fetch-all';
import { runStaleWorkbooks, type StaleWorkbooksAnswer } from './operations/metadata-stale';
import { Operations, type OperationWork } from './operations/operations';
import { MetadataSchemas, type SchemaAnswer } from './metadata-schema';
import { ResponseChecks, type ResponseCheckResults } from './response-checks';
import { ResponseStore, type ResponseStoreOptions } from './response-store';
import { runReportFile, type RunReportFormat } from './run-export';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import type { SandboxProvider } from './sandbox-provider';
import { ConnectionListWork, ConnectionRotationWork } from './operations/connection-rotation';
import { JobsFollowWork } from './operations/jobs';
import { PermissionsAuditWork } from './operations/permissions-audit';
import { SecretVault, type SecretBackend } from './secrets';
import { SessionManager, type Credentials } from './sessions';
import { maskError, maskSecrets, VariableStore } from './variables';
import { OpenTabs } from './workspace';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EngineOptions {
  store: DocumentStore;
  sandbox: SandboxProvider;
  emit: Emit;
  /** safeStorage in Electron, a fake in tests; none in the web host (secrets never stored). */
  secretBackend?: SecretBackend | null;
  retryPolicy?: RetryPolicy;
  responseStore?: ResponseStoreOptions;
  /** Coalescing delay for history writes. */
  historyWriteDelayMs?: number;
  /** Where fetch-all stops whatever the server claims (tests lower it). */
  fetchAllLimits?: FetchAllLimits;
  /** Asked before every write the engine sends (see `ExecutorDeps.beforeWrite`). */
  beforeWrite?: ExecutorDeps['beforeWrite'];
}

export interface ExportFile {
  name: string;
  contentType: string;
  rows: number;
  /** Streams the file to `target` via a temp file and a rename; resolves to its size in bytes. */
  writeTo(target: string): Promise<number>;
}

/**
 * The main-process core: plain Node, the same under Electron, the web host and a CLI.
 * It owns the sessions (and so the tokens) and every outgoing request.
 */
export class Engine {
  readonly persistence: Persistence;
  readonly connections: ConnectionStore;
  readonly secrets: SecretVault;
  /** Globals and connection environments; secret values stay in the vault. */
  readonly variables: VariableStore;
  readonly sessions: SessionManager;
  /** Users files read and checked in main; the dialog's preview asks for slices of them. */
  readonly usersFiles = new UsersFiles();
  readonly responses: ResponseStore;
  /** Captures and assertions read against live responses after a send. */
  private readonly checks: ResponseChecks;
  readonly executor: RequestExecutor;
  /** The Metadata API schema per connection and server version (introspected once). */
  readonly metadata: MetadataSchemas;
  readonly operations: Operations;
  /** Requests in flight per connection across every operation (Tableau Cloud throttles per user). */
  private readonly limiter = new ConnectionLimiter(CONNECTION_LIMIT);
  readonly history: RequestHistory;
  readonly workspace: OpenTabs;

  constructor(private readonly options: EngineOptions) {
    this.persistence = new Persistence(options.store, options.historyWriteDelayMs);
    this.connections = new ConnectionStore(this.persistence);
    this.secrets = new SecretVault(
      this.persistence,
      options.secretBackend ?? null,
      () => this.settings().storeSecretsInsecurely,
    );
    this.variables = new VariableStore(this.persistence, this.secrets, (id) =>
      this.connections.list().some((c) => c.id === id),
    );
    const retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    const tlsFor = (connection: Connection) => this.connections.tlsFor(connection);
    this.sessions = new SessionManager({
      onChange: (change) => options.emit('session:changed', change),
      tlsFor,
      retryPolicy,
      onApiVersionDetected: (id, version) => this.connections.setDetectedVersion(id, version),
    });
    this.responses = new ResponseStore(options.responseStore);
    this.checks = new ResponseChecks(this.responses);
    this.executor = new RequestExecutor({
      sessions: this.sessions,
      responses: this.responses,
      defaultTimeoutMs: () => this.settings().requestTimeoutMs,
      maxResponseBytes: () => this.settings().maxResponseMb * 1024 * 1024,
      retryPolicy,
      tlsFor,
      beforeWrite: options.beforeWrite,
    });
    this.metadata = new MetadataSchemas(this.executor);
    this.operations = new Operations((event) => options.emit('operation:progress', event));
    this.history = new RequestHistory(this.persistence);
    this.workspace = new OpenTabs(this.persistence);
  }

  /** A connection with the sandbox's live URL filled in. */
  async resolve(id: string): Promise<Connection> {
    const connection = this.connections.get(id);
    if (connection.builtin === 'sandbox')
      return { ...connection, serverUrl: await this.options.sandbox.url() };
    return connection;
  }

  /** Saves a connection; its secret goes to the vault (ciphertext only, when allowed), never into the connection. */
  async saveConnection(input: ConnectionInput): Promise<Connection> {
    const parsed = connectionInputSchema.parse(input);
    const id = parsed.id ?? randomUUID();
    if (id === SANDBOX_CONNECTION_ID) {
      throw new EngineError(
        'connection.builtin',
        'The Sandbox connection is built in and cannot be changed.',
      );
    }
    const previous = this.connections.list().find((c) => c.id === id);
    const sameLogin =
      previous &&
      previous.serverUrl === new URL(parsed.serverUrl).origin &&
      previous.auth.kind === parsed.auth.kind &&
      previous.auth.identity === parsed.auth.identity;
    // Validate before touching the vault, so a refused connection stores no secret.
    const saved = await this.connections.save({ ...parsed, id }, () => false);
    // A session belongs to the origin and identity it was made with: an edit of either ends
    // it, signed out at the old origin, so the token never reaches the new one (DESIGN.md §4).
    if (previous && !sameLogin && this.sessions.info(id)) {
      await this.sessions.signOut(
        previous,
        'Signed out: the connection’s server or sign-in changed. Sign in again.',
      );
    }
    if (parsed.auth.secret) {
      await this.secrets.remember(id, parsed.auth.secret, parsed.auth.rememberSecret);
    } else if (!parsed.auth.rememberSecret || !sameLogin) {
      this.secrets.forget(id);
    }
    return await this.connections.save({ ...parsed, id, apiVersion: saved.apiVersion }, (key) =>
      this.secrets.isStored(key),
    );
  }

  async deleteConnection(id: string): Promise<void> {
    await this.signOut(id).catch(() => undefined);
    this.connections.delete(id);
    this.secrets.forget(id);
    this.variables.dropEnvironment(id);
  }

  async signIn(connectionId: string, secret?: string): Promise<SessionInfo> {
    const connection = await this.resolve(connectionId);
    try {
      return await this.sessions.signIn(connection, await this.credentials(connection, secret));
    } catch (error) {
      // 401001: the server rejected these credentials; do not try them again unasked.
      if (
        error instanceof EngineError &&
        (error.detail as { code?: string } | undefined)?.code === '401001'
      ) {
        this.secrets.dropHeld(connectionId);
      }
      throw error;
    }
  }

  async signOut(connectionId: string): Promise<void> {
    await this.sessions.signOut(await this.resolve(connectionId));
  }

  async switchSite(connectionId: string, siteContentUrl: string): Promise<SessionInfo> {
    return this.sessions.switchSite(await this.resolve(connectionId), siteContentUrl);
  }

  async send(
    connectionId: string,
    spec: RequestSpec,
    requestId: string = randomUUID(),
  ): Promise<ResponseSummary> {
    const controller = this.executor.begin(requestId);
    let connection: Connection;
    let sent: RequestSpec;
    let secretValues: string[];
    try {
      connection = await this.resolve(connectionId);
      // `{{names}}` the renderer left (secrets, which it never holds) are filled here, just
      // before sending; history keeps the spec as it came, with `{{name}}` in their place.
      ({ spec: sent, secretValues } = await this.variables.resolveForSend(connection, spec));
      // A GraphQL query the cached schema refuses is not sent (it says where it is wrong).
      this.metadata.check(connection, this.sessions.info(connectionId), sent);
    } catch (error) {
      this.executor.end(requestId);
      throw error;
    }
    const mask = (text: string) => maskSecrets(text, secretValues);
    let summary: ResponseSummary;
    try {
      summary = await this.executor.send(connection, sent, requestId, controller);
    } catch (error) {
      throw maskError(error, secretValues);
    }
    if (secretValues.length > 0)
      summary = {
        ...summary,
        url: mask(summary.url),
        headers: summary.headers.map(([name, value]) => [name, mask(value)] as [string, string]),
      };
    const shown = summary;
    this.checks.remember(shown);
    const entry = this.history.record({
      connection,
      spec,
      status: summary.status,
      totalMs: summary.timings.totalMs,
      bodyBytes: summary.size.bodyBytes,
      bodyText: () => mask(this.responses.text(shown.responseId)),
      response: {
        statusText: summary.statusText,
        url: summary.url,
        ttfbMs: summary.timings.ttfbMs,
        headerBytes: summary.size.headerBytes,
        headers: summary.headers,
      },
    });
    // Kept beside the body, so a reloaded window gets the tab's answer back (issue 18).
    const answer = entry ? { ...summary, historyEntryId: entry.id } : summary;
    this.responses.describe(answer);
    return answer;
  }

  /** A request's captures and assertions, read against a response it got (issue 12). */
  checkResponse(
    responseId: string,
    checks: { captures: Capture[]; assertions: Assertion[] },
  ): ResponseCheckResults {
    return this.checks.check(responseId, checks.captures, checks.assertions);
  }

  /** A collection run's results as a JSON, CSV or JUnit XML file. */
  exportRun(operationId: string, format: RunReportFormat): ExportFile {
    return runReportFile(this.operations.get(operationId), format);
  }

  /** A history entry's stored response, as a summary like a live one's. */
  openHistoryEntry(entryId: string): ResponseSummary {
    return this.history.open(entryId, this.responses);
  }

  /**
   * Starts long-running work (DESIGN.md §10) and returns its first snapshot at once; progress
   * comes as `operation:progress` events, the end from `operations.wait`.
   */
  async startOperation(
    connectionId: string,
    input: OperationStartInput,
    options: { operationId?: string } = {},
  ): Promise<OperationSnapshot> {
    const start = operationStartSchema.parse(input);
    const connection = await this.resolve(connectionId);
    // Reading a users file needs no server: it is checked before anyone signs in.
    if (start.kind === 'usersFileCheck')
      return this.operations.start(
        new UsersFileCheckWork(this.usersFiles, connection.id, start.csv, start.format),
        options.operationId,
      );
    if (!this.sessions.info(connectionId))
      throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
    if (start.kind === 'publish')
      return this.operations.start(await this.publishWork(connection, start), options.operationId);
    if (start.kind === 'connectionRotation')
      return this.operations.start(
        new ConnectionRotationWork({ executor: this.executor, connection }, start),
        options.operationId,
      );
    if (start.kind === 'connectionList')
      return this.operations.start(
        new ConnectionListWork({ executor: this.executor, connection }, start),
        options.operationId,
      );
    if (start.kind === 'permissionsAudit')
      return this.operations.start(
        new PermissionsAuditWork(
          {
            executor: this.executor,
            connection,
            siteId: () => this.sessions.info(connection.id)?.siteId ?? '',
          },
          start,
        ),
        options.operationId,
      );
    if (start.kind === 'jobsFollow')
      return this.operations.start(
        new JobsFollowWork({ executor: this.executor, connection }, start),
        options.operationId,
      );
    if (start.kind === 'usersImport' || start.kind === 'usersUndo')
      return this.operations.start(this.usersWork(connection, start), options.operationId);
    // A run reads the environment and globals as it goes (secrets decrypted once, here); a
    // fetch-all's `{{names}}` are filled as a send's are, and its history line keeps them.
    if (start.kind === 'run') await this.variables.unlock(connectionId);
    const filled = async (spec: RequestSpec) =>
      (await this.variables.resolveForSend(connection, spec)).spec;
    const work =
      start.kind === 'run'
        ? this.runWork(connection, start)
        : start.kind === 'metadataFetchAll'
          ? this.metadataFetchAllWork(connection, start, await filled(start.spec))
          : this.fetchAllWork(connection, start, await filled(start.spec));
    return this.operations.start(work, options.operationId);
  }

  /** A users CSV (checked now: a file that cannot be used is refused before anything starts), or an undo. */
  private usersWork(
    connection: Connection,
    start: Extract<OperationStart, { kind: 'usersImport' | 'usersUndo' }>,
  ): OperationWork {
    const deps = {
      executor: this.executor,
      connection,
      session: () => {
        const info = this.sessions.info(connection.id);
        return info ? { userId: info.userId, siteId: info.siteId } : null;
      },
    };
    if (start.kind === 'usersUndo') {
      const info = this.sessions.info(connection.id);
      const origin = new URL(connection.serverUrl).origin;
      // An undo goes where the import went, or nowhere (DESIGN.md §11: no implicit target).
      if (start.journal.server !== origin || start.journal.siteId !== info?.siteId)
        throw new EngineError(
          'bulk.wrongTarget',
          `That journal records changes on ${start.journal.server} (site ${start.journal.siteId}); “${connection.name}” is signed in to ${origin} (site ${info?.siteId}). Undo it on the server and site it came from.`,
        );
      return new UsersUndoWork(deps, start.journal, start);
    }
    const stored = start.fileId ? this.usersFiles.get(start.fileId) : null;
    if (!stored && !start.csv)
      throw new EngineError('bulk.noFile', 'Give the users file (its text or a checked file).');
    const fileName = stored?.name ?? start.csv?.name ?? 'users.csv';
    const file = stored?.file ?? readUsersFile(start.csv?.text ?? '', fileName, start.format);
    if (file.unknownColumns.length > 0 && !start.ignoreUnknownColumns)
      throw new EngineError(
        'bulk.unknownColumns',
        `${fileName} has columns Trestle does not know: ${file.unknownColumns.join(', ')}. Rename them (name, siteRole, authSetting, email, fullName, password, groups) or agree to ignore them.`,
        { columns: file.unknownColumns },
      );
    // Tableau Cloud signs in through TableauID or an IdP: passwords are not set there.
    const auth =
      start.auth ??
      (/\.online\.tableau\.com$/i.test(new URL(connection.serverUrl).hostname)
        ? 'external'
        : 'local');
    const apiVersion = this.sessions.info(connection.id)?.apiVersion;
    if (start.csvImport && !start.dryRun && !csvImportSupported(apiVersion))
      throw new EngineError(
        'bulk.csvImportUnsupported',
        `Tableau’s CSV import needs REST API ${CSV_IMPORT_MIN_API}; “${connection.name}” speaks ${apiVersion ?? 'an unknown version'}. Run it with one call per user instead.`,
      );
    return new UsersImportWork(deps, file, fileName, {
      auth,
      missing: start.missing,
      dryRun: start.dryRun,
      concurrency: start.concurrency,
      csvImport: start.csvImport,
    });
  }

  /** The Metadata API's schema for a connection, introspected once per server version. */
  async metadataSchema(
    connectionId: string,
    options: { refresh?: boolean } = {},
  ): Promise<SchemaAnswer> {
    const connection = await this.resolve(connectionId);
    const session = this.sessions.info(connectionId);
    if (!session) throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
    return this.metadata.get(connection, session, options);
  }

  /** Workbooks not viewed in N days: Metadata API workbooks joined with REST view counts. */
  async staleWorkbooks(
    connectionId: string,
    options: { days: number; maxViews: number },
  ): Promise<StaleWorkbooksAnswer> {
    return runStaleWorkbooks(this, connectionId, options);
  }

  /** A publish: the file and the request's own rules checked now, before anything is sent. */
  private async publishWork(connection: Connection, start: PublishStart): Promise<PublishWork> {
    const file = await checkPublishFile(start);
    return new PublishWork(
      {
        executor: this.executor,
        onRound: (spec, status, elapsedMs) =>
          this.history.record({ connection, spec, status, totalMs: elapsedMs, bodyBytes: 0 }),
      },
      connection,
      start,
      file,
    );
  }

  /**
   * Streams a download to `target` (a temp file, the user's chosen file, or `--out`) as an
   * operation with progress; `deliver` hands a finished file to the host (the web host's
   * browser download) and returns its URL.
   */
  async startDownload(
    connectionId: string,
    input: DownloadStartInput,
    options: { operationId?: string; target: string; deliver?: DownloadDelivery },
  ): Promise<OperationSnapshot> {
    const start = downloadStartSchema.parse(input);
    const problem = downloadProblem(start);
    if (problem) throw new EngineError('download.badRequest', problem);
    const connection = await this.resolve(connectionId);
    if (!this.sessions.info(connectionId))
      throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
    const work = new DownloadWork(
      {
        executor: this.executor,
        onRound: (spec, status, elapsedMs, bytes) =>
          this.history.record({ connection, spec, status, totalMs: elapsedMs, bodyBytes: bytes }),
      },
      connection,
      start,
      options.target,
      options.deliver,
    );
    return this.operations.start(work, options.operationId);
  }

  private metadataFetchAllWork(
    connection: Connection,
    start: Extract<OperationStart, { kind: 'metadataFetchAll' }>,
    sent: RequestSpec,
  ): MetadataFetchAllWork {
    const { spec } = start;
    this.metadata.check(connection, this.sessions.info(connection.id), sent);
    return new MetadataFetchAllWork(
      {
        executor: this.executor,
        responses: this.responses,
        limiter: this.limiter,
        retryPolicy: this.options.retryPolicy ?? DEFAULT_RETRY_POLICY,
        limits: this.options.fetchAllLimits,
        offsetAllowed: (field) =>
          this.metadata.offsetAllowed(connection, this.sessions.info(connection.id), field),
        onRound: (outcome, cancelled, elapsedMs) =>
          this.history.record({
            connection,
            spec: {
              ...spec,
              query: [{ name: 'fetchAll', value: `${outcome.pages} pages`, enabled: false }],
            },
            status: outcome.missing.ranges.length > 0 || cancelled ? 206 : 200,
            totalMs: elapsedMs,
            bodyBytes: 0,
          }),
      },
      connection,
      sent,
      { concurrency: start.concurrency, pageSize: start.pageSize, paging: start.paging },
    );
  }

  private fetchAllWork(
    connection: Connection,
    start: Extract<OperationStart, { kind: 'fetchAll' }>,
    sent: RequestSpec,
  ): FetchAllWork {
    const { spec } = start;
    return new FetchAllWork(
      {
        executor: this.executor,
        responses: this.responses,
        limiter: this.limiter,
        limits: this.options.fetchAllLimits,
        onRound: (outcome, cancelled, elapsedMs) =>
          this.history.record({
            connection,
            spec: {
              ...spec,
              query: [
                ...spec.query,
                { name: 'fetchAll', value: `${outcome.pages} pages`, enabled: false },
              ],
            },
            status: outcome.missing.pages.length > 0 || cancelled ? 206 : 200,
            totalMs: elapsedMs,
            bodyBytes: 0,
          }),
      },
      connection,
      sent,
      { concurrency: start.concurrency, pageSize: start.pageSize },
    );
  }

  /** A collection run: its requests, its data rows (checked now, before anything is sent). */
  private runWork(connection: Connection, start: RunStart): CollectionRunWork {
    const { source } = start;
    let root: CollectionFolder | undefined;
    if (source.from === 'inline') root = source.collection;
    else {
      root = this.collections().collections.find((c) => c.id === source.collectionId);
      if (!root)
        throw new EngineError('run.noCollection', 'That collection does not exist (any more).');
    }
    const folder = source.folderId ? findFolder(root, source.folderId) : root;
    if (!folder) throw new EngineError('run.noFolder', `“${root.name}” has no such folder.`);
    const steps = runSteps(folder);
    checkRunSteps(steps);
    let rows: IterationRow[] = [];
    if (start.data) {
      try {
        rows = parseIterationData(start.data.format, start.data.text, start.data.name);
      } catch (error) {
        if (error instanceof RunDataError) throw new EngineError('run.badData', error.message);
        throw error;
      }
    }
    return new CollectionRunWork(
      {
        executor: this.executor,
        outerLayers: () => this.variables.layers(connection),
        // Captures into the environment or the globals outlast the run, as in the app.
        onCaptured: (capture, value) => {
          if (capture.scope !== 'connection' && capture.scope !== 'global') return;
          const target =
            capture.scope === 'global'
              ? ({ scope: 'global' } as const)
              : ({ scope: 'connection', connectionId: connection.id } as const);
          void this.variables.set(target, { name: capture.name, value }).catch(() => undefined);
        },
      },
      connection,
      folder === root ? root.name : `${root.name} / ${folder.name}`,
      steps,
      rows,
      start.variables,
      start.options,
      start.secretVariables,
    );
  }

  /**
   * The list of a response (or the whole body) as a JSON or CSV file, written a chunk at a
   * time by `writeTo`. Checked now, so the user is not asked where to save a file that cannot be.
   */
  exportResponse(responseId: string, format: 'json' | 'csv', view?: ExportView): ExportFile {
    const list = this.responses.items(responseId);
    const base = exportBaseName(list?.listPath ?? null);
    // The table's view: its sort, filter and visible columns, in the order shown.
    if (view && list) {
      const shown = this.responses.viewItems(responseId, view)?.items ?? [];
      const json = format === 'json';
      return {
        name: `${base}.${format}`,
        contentType: json ? 'application/json' : 'text/csv',
        rows: shown.length,
        writeTo: (target) =>
          writeChunksAtomically(
            target,
            json ? viewJsonChunks(shown, view.columns) : viewCsvChunks(shown, view.columns),
          ),
      };
    }
    if (format === 'json') {
      const value = list ? list.items : this.responses.parsed(responseId);
      return {
        name: `${base}.json`,
        contentType: 'application/json',
        rows: list ? list.items.length : 1,
        writeTo: (target) => writeChunksAtomically(target, jsonChunks(value)),
      };
    }
    const parsed = this.responses.parsed(responseId);
    const rows = list ? list.items : parsed && typeof parsed === 'object' ? [parsed] : null;
    if (!rows)
      throw new EngineError(
        'export.noData',
        'This response has no JSON or XML data to export as CSV.',
      );
    return {
      name: `${base}.csv`,
      contentType: 'text/csv',
      rows: rows.length,
      writeTo: (target) => writeChunksAtomically(target, csvChunks(rows)),
    };
  }

  settings(): Settings {
    return this.persistence.read('settings').settings;
  }

  putSettings(settings: Settings): void {
    this.persistence.write('settings', {
      schemaVersion: 1,
      settings: settingsSchema.parse(settings),
    });
  }

  collections(): CollectionsDoc {
    return this.persistence.read('collections');
  }

  putCollections(doc: CollectionsDoc): void {
    this.persistence.write('collections', collectionsDocSchema.parse(doc));
  }

  private async credentials(connection: Connection, secret?: string): Promise<Credentials> {
    if (connection.id === SANDBOX_CONNECTION_ID)
      return { kind: 'pat', ...this.options.sandbox.credentials };
    if (secret) this.secrets.holdForSession(connection.id, secret);
    const known = secret ?? (await this.secrets.recall(connection.id));
    if (!known) {
      const what =
        connection.auth.kind === 'pat'
          ? 'PAT secret'
          : connection.auth.kind === 'jwt'
            ? 'JWT'
            : 'password';
      throw new EngineError('session.secretNeeded', `Enter the ${what} for “${connection.name}”.`, {
        connectionId: connection.id,
        kind: connection.auth.kind,
      });
    }
    return { kind: connection.auth.kind, identity: connection.auth.identity, secret: known };
  }

  /** Writes pending history, deletes response temp files, stops the sandbox. */
  async dispose(): Promise<void> {
    this.operations.cancelAll();
    this.persistence.flush();
    this.responses.clear();
    await this.options.sandbox.stop();
  }
}
