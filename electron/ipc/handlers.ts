import fs from 'node:fs';
import {
  channels,
  type Channel,
  type ChannelParsedArgs,
  type ChannelResult,
} from '../../shared/ipc/contract';
import type { Engine } from '../engine';

export type Handler<C extends Channel> = (
  ...args: ChannelParsedArgs<C>
) => Promise<ChannelResult<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/** A file for the web host to serve once under `/downloads/<id>`. */
export interface DownloadFile {
  body: Buffer | string;
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
}

/** One handler per channel, shared by the Electron registrar and the web host. */
export function createHandlers(engine: Engine, context: HandlerContext): Handlers {
  return {
    'app:info': async () => {
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
    'pager:fetchAll': async (id, spec, options, run) =>
      engine.fetchAll(id, spec, options, run.runId),
    'pager:cancel': async (runId) => engine.pager.cancel(runId),
    'pager:retryFailed': async (runId) => engine.pager.retryFailed(runId),
    'export:save': async (responseId, format) => {
      const file = engine.exportResponse(responseId, format);
      if (context.registerDownload) {
        const id = context.registerDownload({
          body: file.text,
          type: file.contentType,
          filename: file.name,
        });
        return { path: null, downloadUrl: `/downloads/${encodeURIComponent(id)}`, rows: file.rows };
      }
      const target = await context.chooseSavePath?.(file.name);
      if (!target) return { path: null, downloadUrl: null, rows: file.rows };
      await fs.promises.writeFile(target, file.text, { mode: 0o600 });
      return { path: target, downloadUrl: null, rows: file.rows };
    },
    'collections:get': async () => engine.collections(),
    'collections:put': async (doc) => {
      engine.putCollections(doc);
      return null;
    },
    'history:list': async () => engine.history.list(),
    'history:clear': async () => {
      engine.history.clear();
      return null;
    },
    'settings:get': async () => engine.settings(),
    'settings:put': async (settings) => {
      engine.putSettings(settings);
      return null;
    },
  } satisfies Handlers;
}

/** Channel names that exist, for the registrar's completeness check. */
export const allChannels = Object.keys(channels) as Channel[];
