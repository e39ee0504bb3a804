import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../engine/host/content-security';
import {
  APP_ORIGIN,
  APP_SCHEME,
  isSafeExternalUrl,
  mainWindowOptions,
  originOf,
} from './desktop/window-options';
import { Engine } from '../engine';
import { lazySandbox } from '../engine/sandbox-provider';
import { createHandlers } from '../engine/ipc/handlers';
import { registerIpc, trustedSender } from './ipc/registrar';
import { desktopNotifier } from './desktop/notifications';
import { openElectronStore } from './store/electron-store-adapter';
import { safeStorageBackend } from './store/safe-storage-backend';
import { readBuildFile } from '../engine/host/static-files';
import { APP_VERSION } from '../engine/host/version';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/electron/main.mjs → dist/renderer and dist/electron/preload.cjs */
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

// Must happen before `ready`: our scheme behaves like https (secure context, fetch, CSP).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

let mainWindow: BrowserWindow | null = null;

/** Serves the renderer build from `app://trestle/` with our CSP on every response. */
async function serveBuild(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (originOf(request.url) !== APP_ORIGIN) return new Response('Not found', { status: 404 });
  const file = await readBuildFile(rendererDir, url.pathname);
  if (!file) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(file.body), {
    headers: {
      'content-type': file.type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Deny every permission, block navigation and new windows; https links go to the OS browser. */
export function hardenContents(contents: Electron.WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export async function bootstrap(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, serveBuild);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  const store = await openElectronStore();
  const engine = new Engine({
    store,
    sandbox: lazySandbox(),
    emit: (event, payload) => mainWindow?.webContents.send(event, payload),
    secretBackend: safeStorageBackend(),
  });
  const chooseSavePath = async (defaultName: string) => {
    const options = { defaultPath: defaultName };
    const choice = mainWindow
      ? await dialog.showSaveDialog(mainWindow, options)
      : await dialog.showSaveDialog(options);
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  };
  // A file to publish: the path stays in main's hands; its bytes are streamed from disk there.
  const chooseOpenPath = async (extensions: string[]) => {
    const options: Electron.OpenDialogOptions = {
      properties: ['openFile'],
      filters: extensions.length ? [{ name: 'Tableau files', extensions }] : [],
    };
    const choice = mainWindow
      ? await dialog.showOpenDialog(mainWindow, options)
      : await dialog.showOpenDialog(options);
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  };
  registerIpc(
    ipcMain,
    createHandlers(engine, {
      host: 'electron',
      version: APP_VERSION,
      chooseSavePath,
      chooseOpenPath,
      showNotification: desktopNotifier(() => mainWindow),
    }),
    trustedSender(() => mainWindow?.webContents, APP_ORIGIN),
  );

  mainWindow = new BrowserWindow(
    mainWindowOptions(preloadPath, path.join(rendererDir, 'icon.png')),
  );
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void engine.dispose());
}

void bootstrap();
