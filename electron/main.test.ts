import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../shared/ipc/contract';

/**
 * Electron cannot start on our build machines, so main.ts runs here against a mocked
 * `electron`: a regression in any security setting fails CI even without the binary.
 */
const recorded = vi.hoisted(() => ({
  windows: [] as Array<{
    options: Record<string, unknown>;
    webContents: unknown;
    loadURL: ReturnType<typeof vi.fn>;
  }>,
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  privileged: [] as unknown[],
  permissionRequest: null as null | ((...args: unknown[]) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  openExternal: vi.fn(),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: vi.fn(), id: 1 };
    loadURL = vi.fn(async () => undefined);
    constructor(readonly options: Record<string, unknown>) {
      recorded.windows.push(this);
    }
    once() {}
    on() {}
    show() {}
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: async () => undefined,
      quit: vi.fn(),
      on: (name: string, fn: (...args: unknown[]) => void) => recorded.appEvents.set(name, fn),
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        recorded.handlers.set(channel, fn),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privileged.push(...schemes),
      handle: (_scheme: string, fn: (request: Request) => Promise<Response>) =>
        (recorded.protocolHandler = fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...args: unknown[]) => void) =>
          (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: (...args: unknown[]) => boolean) =>
          (recorded.permissionCheck = fn),
      },
    },
    shell: { openExternal: recorded.openExternal },
  };
});

vi.mock('./store/electron-store-adapter', async () => {
  const { MemoryStore } = await import('../engine/store/document-store');
  return { openElectronStore: async () => new MemoryStore() };
});

beforeAll(async () => {
  await import('./main');
  await vi.waitFor(() => expect(recorded.windows[0]?.loadURL).toHaveBeenCalled());
});

describe('Electron main process', () => {
  it('creates an isolated, sandboxed window without Node and loads the app scheme', () => {
    const prefs = recorded.windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(recorded.windows[0].loadURL).toHaveBeenCalledWith('app://trestle/index.html');
  });

  it('serves the build from app:// with a strict CSP and refuses other origins', async () => {
    const response = await recorded.protocolHandler!(new Request('app://trestle/index.html'));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect((await recorded.protocolHandler!(new Request('app://other/index.html'))).status).toBe(
      404,
    );
    expect(
      (await recorded.protocolHandler!(new Request('app://trestle/../package.json'))).status,
    ).toBe(404);
  });

  it('denies every permission request', () => {
    const callback = vi.fn();
    recorded.permissionRequest!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(recorded.permissionCheck!({}, 'notifications')).toBe(false);
  });

  it('blocks navigation and window.open; only https links go to the OS browser', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | null = null;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }) => void) =>
        listeners.set(name, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    };
    recorded.appEvents.get('web-contents-created')!({}, contents);
    const event = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://help.tableau.com/' })).toEqual({ action: 'deny' });
    expect(recorded.openExternal).toHaveBeenCalledWith('https://help.tableau.com/');
    recorded.openExternal.mockClear();
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(recorded.openExternal).not.toHaveBeenCalled();
  });

  it('registers every IPC channel and refuses calls from anything but our main frame', async () => {
    expect([...recorded.handlers.keys()].sort()).toEqual([...channelNames].sort());
    const ours = recorded.windows[0].webContents;
    const info = recorded.handlers.get('app:info')!;
    expect(
      await info({ sender: ours, senderFrame: { url: 'app://trestle/index.html', parent: null } }),
    ).toEqual({ ok: true, data: { version: expect.any(String), host: 'electron' } });
    const refused = { ok: false, error: expect.objectContaining({ code: 'ipc.untrustedSender' }) };
    expect(
      await info({ sender: {}, senderFrame: { url: 'app://trestle/index.html', parent: null } }),
    ).toEqual(refused);
    expect(
      await info({ sender: ours, senderFrame: { url: 'https://evil.example/', parent: null } }),
    ).toEqual(refused);
    expect(
      await info({ sender: ours, senderFrame: { url: 'app://trestle/index.html', parent: {} } }),
    ).toEqual(refused);
    const bad = await recorded.handlers.get('session:signIn')!(
      { sender: ours, senderFrame: { url: 'app://trestle/x', parent: null } },
      { not: 'an id' },
    );
    expect(bad).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ipc.badArguments' }),
    });
  });
});
