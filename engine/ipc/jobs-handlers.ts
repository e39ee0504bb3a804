import type { Engine } from '..';
import { readJob, readJobRow } from '../../shared/siteops/jobs';
import { EngineError } from '../errors';
import { cancelJob, listJobs, listRefreshable } from '../operations/jobs';
import { CallError, SiteCalls } from '../operations/site-calls';
import type { Handlers, HandlerContext } from './handlers';

/** Site calls for a signed-in connection, sent by main with its token. */
async function callsFor(engine: Engine, connectionId: string): Promise<SiteCalls> {
  const connection = await engine.resolve(connectionId);
  if (!engine.sessions.info(connectionId))
    throw new EngineError('session.none', `Sign in to “${connection.name}” first.`);
  return new SiteCalls(engine.executor, connection, new AbortController().signal);
}

/** A failed call as the renderer's error: the sentence, with Tableau's code. */
async function plain<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CallError)
      throw new EngineError(
        error.code,
        error.explanation ? `${error.message} ${error.explanation}` : error.message,
      );
    throw error;
  }
}

/** The Jobs view's channels (issue 19) and the desktop notification. */
export function jobsHandlers(
  engine: Engine,
  context: HandlerContext,
): Pick<
  Handlers,
  'jobs:list' | 'jobs:get' | 'jobs:cancel' | 'jobs:refreshable' | 'notifications:show'
> {
  return {
    'jobs:list': async (id, query) =>
      plain(async () => ({
        jobs: (await listJobs(await callsFor(engine, id), query)).map(readJobRow),
      })),
    'jobs:get': async (id, jobId) =>
      plain(async () => {
        const { body } = await (
          await callsFor(engine, id)
        ).call('GET', `/jobs/${encodeURIComponent(jobId)}`);
        const job = readJob(body);
        if (!job) throw new EngineError('jobs.noJob', 'Query Job answered without a job.');
        return { ...job, error: null, polls: 1 };
      }),
    'jobs:cancel': async (id, jobId) =>
      plain(async () => cancelJob(await callsFor(engine, id), jobId)),
    'jobs:refreshable': async (id) =>
      plain(async () => listRefreshable(await callsFor(engine, id))),
    'notifications:show': async (note) => ({ shown: context.showNotification?.(note) ?? false }),
  };
}
