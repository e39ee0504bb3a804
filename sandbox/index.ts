import type { AddressInfo } from 'node:net';
import { SessionStore } from './auth/sessions';
import { Store } from './data/store';
import { sessionList } from './http/control';
import { withCloudLimits } from './http/cloud-limits';
import { FaultInjector } from './http/faults';
import type { ServerState } from './http/route';
import { createSandboxServer } from './http/server';
import {
  checkFaults,
  DEMO_CREDENTIALS,
  usersForScale,
  type SandboxFaults,
  type SandboxOptions,
} from './options';
import { routesFor } from './routes';
import { isKnownVersion, LATEST_API_VERSION } from './versions';

export { DEMO_CREDENTIALS };
export type { SandboxFaults, SandboxOptions, SandboxScale, ConnectedAppConfig } from './options';

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  stop(): Promise<void>;
  setFaults(f: Partial<SandboxFaults>): void;
  sessions(): Array<{
    token: string;
    userId: string;
    siteId: string;
    siteContentUrl: string;
    expiresAt: string;
    pat?: string;
  }>;
  expireTokens(): void;
}

/** Test hooks beyond the public options: a job clock, so tests need no sleeps. */
export interface SandboxInternals {
  clock?: () => number;
  jobDurationMs?: number;
  /** Extract refreshes a site runs at once (2); more wait as Pending. */
  backgrounders?: number;
}

/** Starts a local Tableau Server over real HTTP. */
export async function startSandbox(
  options: SandboxOptions = {},
  internals: SandboxInternals = {},
): Promise<RunningSandbox> {
  const serverVersion = options.apiVersion ?? LATEST_API_VERSION;
  if (!isKnownVersion(serverVersion)) throw new Error(`Unknown API version: ${serverVersion}`);
  const problem = checkFaults(options.faults ?? {});
  if (problem) throw new Error(problem);
  const state: ServerState = {
    store: new Store(options.seed ?? 1, usersForScale(options.scale), options.cloud === true),
    sessions: new SessionStore(options.tokenTtlMinutes ?? 240),
    serverVersion,
    connectedApp: options.connectedApp,
    clock: internals.clock ?? Date.now,
    jobDurationMs: internals.jobDurationMs ?? 4000,
    backgrounders: internals.backgrounders ?? 2,
    platform: options.cloud ? 'cloud' : 'server',
  };
  const faults = new FaultInjector(options.faults);
  const routes = options.cloud ? withCloudLimits(routesFor('cloud'), faults) : routesFor('server');
  const server = createSandboxServer(state, routes, faults);
  server.keepAliveTimeout = 5000;
  // A client that stalls mid-request is cut off rather than holding a socket for minutes.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    setFaults: (f) => {
      const bad = checkFaults(f);
      if (bad) throw new Error(bad);
      faults.set(f);
    },
    sessions: () => sessionList(state),
    expireTokens: () => state.sessions.expireAll(),
  };
}
