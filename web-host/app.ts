import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Engine } from '../engine';
import { externalSandbox, lazySandbox } from '../engine/sandbox-provider';
import { createHandlers, type DownloadFile } from '../engine/ipc/handlers';
import { JsonDirStore, MemoryStore, type CorruptFileReport } from '../engine/store/document-store';
import { startWebHost, type WebHost } from './server';
import { APP_VERSION } from '../engine/host/version';

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
    ? new JsonDirStore(options.dataDir, options.onCorrupt)
    : new MemoryStore();
  let host: WebHost | null = null;
  const engine = new Engine({
    store,
    sandbox: options.sandboxUrl ? externalSandbox(options.sandboxUrl) : lazySandbox(),
    emit: (event, payload) => host?.emit(event, payload),
    // No secret backend here: secrets are asked at sign-in and held in memory for the run.
    secretBackend: null,
  });
  // Exports wait here, as temp files, for the browser to fetch `/downloads/<id>`; the last
  // few are kept, an older one's file is deleted, and the rest go with the temp folder at exit.
  const downloads = new Map<string, DownloadFile>();
  const registerDownload = (file: DownloadFile) => {
    const id = randomUUID();
    downloads.set(id, file);
    for (const [oldId, old] of downloads) {
      if (downloads.size <= 20) break;
      downloads.delete(oldId);
      fs.rm(old.path, { force: true }, () => undefined);
    }
    return id;
  };
  const handlers = createHandlers(engine, { host: 'web', version: APP_VERSION, registerDownload });
  host = await startWebHost({
    port: options.port,
    accessKey: options.accessKey,
    rendererDir: options.rendererDir,
    handlers,
    downloads: (id) => downloads.get(id) ?? null,
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
