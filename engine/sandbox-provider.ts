import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';

/** The demo PAT; a sandbox emulating a server older than PATs (3.6) takes the demo password. */
const DEMO_SIGN_IN = {
  identity: DEMO_CREDENTIALS.patName,
  secret: DEMO_CREDENTIALS.patSecret,
  passwordFallback: { identity: DEMO_CREDENTIALS.username, secret: DEMO_CREDENTIALS.password },
};

/** The built-in sandbox connection's server: started lazily on first sign-in, or given. */
export interface SandboxProvider {
  url(): Promise<string>;
  credentials: {
    identity: string;
    secret: string;
    passwordFallback: { identity: string; secret: string };
  };
  stop(): Promise<void>;
}

export function lazySandbox(): SandboxProvider {
  let running: Promise<RunningSandbox> | null = null;
  return {
    url: async () => {
      running ??= startSandbox({ port: 0 });
      return (await running).url;
    },
    credentials: DEMO_SIGN_IN,
    stop: async () => {
      if (running) await (await running).stop();
    },
  };
}

/** A sandbox someone else runs (tests, `--sandbox-url`). */
export function externalSandbox(url: string): SandboxProvider {
  return {
    url: async () => url,
    credentials: DEMO_SIGN_IN,
    stop: async () => undefined,
  };
}
