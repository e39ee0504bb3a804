import path from 'node:path';

/** The renderer's origin under Electron: our own privileged scheme serving the build. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://trestle`;

/**
 * BrowserWindow options (DESIGN.md §5): an isolated, sandboxed renderer without Node. Kept as
 * plain data so a unit test can assert every security setting without an Electron binary.
 */
export function mainWindowOptions(preloadPath: string, iconPath?: string) {
  return {
    // Trestle's icon (renderer/public/icon.png, drawn from icon.svg): Windows and Linux show
    // it on the window and the taskbar; macOS takes the app bundle's icon instead.
    ...(iconPath ? { icon: path.resolve(iconPath) } : {}),
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Trestle',
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: path.resolve(preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  } as const;
}

/** Links we hand to the OS browser: https only, no credentials in the URL. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * The origin of a URL, also for our custom scheme: Node's URL gives `null` as the origin of
 * non-special schemes such as `app:`, so compare protocol and host ourselves.
 */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}
