import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeName, channelNames, eventNames } from '../shared/ipc/contract';

/**
 * `window.trestle`: one named function per channel and one subscribe function for events.
 * Never `ipcRenderer` itself or a generic invoke (DESIGN.md §3). Bundled to one CJS file:
 * sandboxed preloads cannot load ESM or npm modules.
 */
const bridge: Record<string, unknown> = {};
for (const channel of channelNames) {
  bridge[bridgeName(channel)] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
}
bridge.on = (event: string, listener: (payload: unknown) => void) => {
  if (!(eventNames as string[]).includes(event)) throw new Error(`Unknown event ${event}`);
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => ipcRenderer.removeListener(event, wrapped);
};

contextBridge.exposeInMainWorld('trestle', Object.freeze(bridge));
