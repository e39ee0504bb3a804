import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeName, CHANNEL_NAMES, EVENT_NAMES } from '../shared/ipc/names';

/**
 * `window.trestle`: one named function per channel and one subscribe function for events.
 * Never `ipcRenderer` itself or a generic invoke (DESIGN.md §3). Bundled to one CJS file:
 * sandboxed preloads cannot load ESM or npm modules.
 */
const bridge: Record<string, unknown> = {};
for (const channel of CHANNEL_NAMES) {
  bridge[bridgeName(channel)] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
}
bridge.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(EVENT_NAMES as readonly string[]).includes(event))
    throw new Error(`Unknown event ${event}`);
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => ipcRenderer.removeListener(event, wrapped);
};

contextBridge.exposeInMainWorld('trestle', Object.freeze(bridge));
