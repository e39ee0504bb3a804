import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../../sandbox';

/** The built-in sandbox connection's server: started lazily on first sign-in, or given. */
export interface SandboxProvider {
  url(): Promise<string>;
  credentials: { identity: string; secret: string };
  stop(): Promise<void>;
}

export function lazySandbox(): SandboxProvider {
  let running: Promise<RunningSandbox> | null = null;
  return {
    url: async () => {
      running ??= startSandbox({ port: 0 });
      return (await running).url;
    },
    credentials: { identity: DEMO_CREDENTIALS.patName, secret: DEMO_CREDENTIALS.patSecret },
    stop: async () => {
      if (running) await (await running).stop();
    },
  };
}

/** A sandbox someone else runs (tests, `--sandbox-url`). */
export function externalSandbox(url: string): SandboxProvider {
  return {
    url: async () => url,
    credentials: { identity: DEMO_CREDENTIALS.patName, secret: DEMO_CREDENTIALS.patSecret },
    stop: async () => undefined,
  };
}
