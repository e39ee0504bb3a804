import {
  channels,
  type Channel,
  type ChannelParsedArgs,
  type ChannelResult,
} from '../../shared/ipc/contract';
import type { Engine } from '..';
import { defaultDownloadName } from '../../shared/downloads';
import { inspectLocalFile } from '../operations/publish';
import { EngineError } from '../errors';
import { jobsHandlers } from './jobs-handlers';

export type Handler<C extends Channel> = (
  ...args: ChannelParsedArgs<C>
) => Promise<ChannelResult<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/** A file for the web host to serve under `/downloads/<id>`, streamed from a temp file. */
export interface DownloadFile {
  path: string;
  type: string;
  filename: string;
}

export interface HandlerContext {
  host: 'electron' | 'web';
  version: string;
  /** Electron: asks the user where to save (a native dialog); null when they cancel. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>;
  /** Web host: keeps a file for download and returns its id. */
  registerDownload?: (file: DownloadFile) => string;
  /** Electron: asks the user for a file to open (a native dialog); null when they cancel. */
  chooseOpenPath?: (extensions: string[]) => Promise<string | null>;
  /** Electron: a desktop notification (a followed job ended); false when none could be shown. */
  showNotification?: (note: { title: string; body: string }) => boolean;
}

/** One handler per channel, shared by the Electron registrar and the web host. */
export function createHandlers(engine: Engine, context: HandlerContext): Handlers {
  return {
    ...jobsHandlers(engine, context),
    'app:info': async () => {
      // Read now, so an unreadable workspace is among the problems the user is told about.
      engine.workspace.get();
      const problems = engine.persistence.reports();
      return {
        version: context.version,
        host: context.host,
        ...(problems.length > 0 ? { storeProblems: problems } : {}),
      };
    },
    'connections:list': async () => engine.connections.list(),
    'connections:save': async (input) => engine.saveConnection(input),
    'connections:delete': async (id) => {
      await engine.deleteConnection(id);
      return null;
    },
    'session:signIn': async (id, options) => engine.signIn(id, options?.secret),
    'session:signOut': async (id) => {
      await engine.signOut(id);
      return null;
    },
    'session:switchSite': async (id, contentUrl) => engine.switchSite(id, contentUrl),
    'session:list': async () => engine.sessions.list(),
    'request:send': async (id, spec, options) => engine.send(id, spec, options?.requestId),
    'request:cancel': async (requestId) => engine.executor.cancel(requestId),
    'response:slice': async (id, slice) => engine.responses.slice(id, slice),
    'response:release': async (id) => {
      engine.responses.release(id);
      return null;
    },
    'response:reopen': async ({ responseId, historyEntryId }) => {
      const kept = responseId ? engine.responses.summaryOf(responseId) : null;
      if (kept) return kept;
      if (historyEntryId) return engine.openHistoryEntry(historyEntryId);
      throw new EngineError(
        'response.notFound',
        'That response is no longer kept, and history did not keep it. Send the request again.',
      );
    },
    'operations:start': async (id, start, options) =>
      engine.startOperation(id, start, { operationId: options?.operationId }),
    'operations:wait': async (operationId) => engine.operations.wait(operationId),
    'operations:get': async (operationId) => engine.operations.get(operationId),
    'operations:list': async () => engine.operations.list(),
    'operations:cancel': async (operationId) => engine.operations.cancel(operationId),
    'operations:retryFailed': async (operationId) => engine.operations.retryFailed(operationId),
    'bulk:usersFileRows': async (fileId, slice) => engine.usersFiles.slice(fileId, slice),
    'export:save': async (responseId, format, view) => {
      const file = engine.exportResponse(responseId, format, view);
      if (context.registerDownload) {
        // Written to the responses' temp folder, then streamed: never one string in memory.
        const path = engine.responses.tempFile(`.${format}`);
        await file.writeTo(path);
        const id = context.registerDownload({ path, type: file.contentType, filename: file.name });
        return { path: null, downloadUrl: `/downloads/${encodeURIComponent(id)}`, rows: file.rows };
      }
      const target = await context.chooseSavePath?.(file.name);
      if (!target) return { path: null, downloadUrl: null, rows: file.rows };
      await file.writeTo(target);
      return { path: target, downloadUrl: null, rows: file.rows };
    },
    'collections:get': async () => engine.collections(),
    'collections:put': async (doc) => {
      engine.putCollections(doc);
      return null;
    },
    // Bodies stay in main: `history:open` brings one back into the response store when asked.
    'history:list': async () => engine.history.list().map(({ body: _body, ...entry }) => entry),
    'history:clear': async () => {
      engine.history.clear();
      return null;
    },
    'history:open': async (entryId) => engine.openHistoryEntry(entryId),
    'workspace:get': async () => engine.workspace.get(),
    'workspace:put': async (doc) => {
      engine.workspace.put(doc);
      return null;
    },
    'variables:get': async () => engine.variables.view(),
    'variables:put': async (target, edits) => {
      await engine.variables.put(target, edits);
      return engine.variables.view();
    },
    'variables:set': async (target, change) => {
      await engine.variables.set(target, change);
      return engine.variables.view();
    },
    'response:check': async (responseId, checks) => engine.checkResponse(responseId, checks),
    'runs:export': async (operationId, format) => {
      const file = engine.exportRun(operationId, format);
      if (context.registerDownload) {
        const path = engine.responses.tempFile(`.${format === 'junit' ? 'xml' : format}`);
        await file.writeTo(path);
        const id = context.registerDownload({ path, type: file.contentType, filename: file.name });
        return { path: null, downloadUrl: `/downloads/${encodeURIComponent(id)}` };
      }
      const target = await context.chooseSavePath?.(file.name);
      if (!target) return { path: null, downloadUrl: null };
      await file.writeTo(target);
      return { path: target, downloadUrl: null };
    },
    'settings:get': async () => engine.settings(),
    'settings:put': async (settings) => {
      engine.putSettings(settings);
      return null;
    },
    'metadata:schema': async (id, options) => engine.metadataSchema(id, options ?? {}),
    'metadata:staleWorkbooks': async (id, options) => {
      const { summary, workbooks, views } = await engine.staleWorkbooks(id, options);
      return { summary, workbooks, views };
    },
    'files:choose': async ({ extensions }) => {
      if (!context.chooseOpenPath) return { supported: false, path: null };
      return { supported: true, path: await context.chooseOpenPath(extensions) };
    },
    'files:inspect': async (file) => inspectLocalFile(file),
    'downloads:start': async (id, start, options) => {
      const operationId = options?.operationId;
      if (context.registerDownload) {
        // The web host: into the responses' temp folder, then a browser download of it.
        const register = context.registerDownload;
        const target = engine.responses.tempFile(`.download`);
        return engine.startDownload(id, start, {
          operationId,
          target,
          deliver: (file) =>
            `/downloads/${encodeURIComponent(register({ path: file.path, type: file.contentType, filename: file.fileName }))}`,
        });
      }
      const target = await context.chooseSavePath?.(defaultDownloadName(start));
      if (!target) return null;
      return engine.startDownload(id, start, { operationId, target });
    },
  } satisfies Handlers;
}

/** Channel names that exist, for the registrar's completeness check. */
export const allChannels = Object.keys(channels) as Channel[];
