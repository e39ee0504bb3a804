import { channels, type Channel, type ChannelParsedArgs, type ChannelResult } from '../../shared/ipc/contract';
import type { Engine } from '../engine';
import { EngineError } from '../engine/errors';

export type Handler<C extends Channel> = (...args: ChannelParsedArgs<C>) => Promise<ChannelResult<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface HandlerContext {
  host: 'electron' | 'web';
  version: string;
}

const notYet = (what: string) => async (): Promise<never> => {
  throw new EngineError('notAvailable', `${what} is not available in this build yet.`);
};

/** One handler per channel, shared by the Electron registrar and the web host. */
export function createHandlers(engine: Engine, context: HandlerContext): Handlers {
  return {
    'app:info': async () => ({ version: context.version, host: context.host }),
    'connections:list': async () => engine.connections.list(),
    'connections:save': async (input) => engine.connections.save(input, false),
    'connections:delete': async (id) => {
      await engine.signOut(id).catch(() => undefined);
      engine.connections.delete(id);
      return null;
    },
    'session:signIn': async (id, options) => engine.signIn(id, options?.secret),
    'session:signOut': async (id) => {
      await engine.signOut(id);
      return null;
    },
    'session:switchSite': notYet('Switching site'),
    'session:list': async () => engine.sessions.list(),
    'request:send': async (id, spec, options) => engine.send(id, spec, options?.requestId),
    'request:cancel': async (requestId) => engine.executor.cancel(requestId),
    'response:slice': async (id, slice) => engine.responses.slice(id, slice),
    'response:release': async (id) => {
      engine.responses.release(id);
      return null;
    },
    'pager:fetchAll': notYet('Fetch all'),
    'pager:cancel': notYet('Cancelling fetch-all'),
    'pager:retryFailed': notYet('Retrying failed pages'),
    'export:save': notYet('Export'),
    'collections:get': async () => ({ schemaVersion: 1 as const, collections: [] }),
    'collections:put': notYet('Saving collections'),
    'history:list': async () => [],
    'history:clear': async () => null,
    'settings:get': async () => ({ theme: 'system' as const, fetchAllConcurrency: 4, requestTimeoutMs: 120_000, storeSecretsInsecurely: false }),
    'settings:put': notYet('Saving settings'),
  } satisfies Handlers;
}

/** Channel names that exist, for the registrar's completeness check. */
export const allChannels = Object.keys(channels) as Channel[];
