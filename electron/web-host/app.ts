import path from 'node:path';
import { Engine } from '../engine';
import { externalSandbox, lazySandbox } from '../engine/sandbox-provider';
import { createHandlers } from '../ipc/handlers';
import { JsonFileStore, MemoryStore, type CorruptFileReport } from '../store/document-store';
import { startWebHost, type WebHost } from './server';
import { APP_VERSION } from '../version';

export interface WebAppOptions {
  port: number;
  accessKey: string;
  rendererDir: string;
  /** Folder for Trestle's documents; memory only when absent. */
  dataDir?: string;
  /** Use an already running sandbox instead of starting one on first sign-in. */
  sandboxUrl?: string;
  onCorrupt?: (report: CorruptFileReport) => void;
}

export interface WebApp {
  host: WebHost;
  engine: Engine;
  close(): Promise<void>;
}

/** The engine, its handlers and the web host wired together: what `npm run web` runs. */
export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  const store = options.dataDir
    ? new JsonFileStore(path.join(options.dataDir, 'trestle.json'), options.onCorrupt)
    : new MemoryStore();
  let host: WebHost | null = null;
  const engine = new Engine({
    store,
    sandbox: options.sandboxUrl ? externalSandbox(options.sandboxUrl) : lazySandbox(),
    emit: (event, payload) => host?.emit(event, payload),
  });
  const handlers = createHandlers(engine, { host: 'web', version: APP_VERSION });
  host = await startWebHost({
    port: options.port,
    accessKey: options.accessKey,
    rendererDir: options.rendererDir,
    handlers,
  });
  const started = host;
  return {
    host: started,
    engine,
    close: async () => {
      await started.close();
      await engine.dispose();
    },
  };
}
