import { describe, expect, it, vi } from 'vitest';
import { bridgeName, channelNames } from '../shared/ipc/contract';

const exposed = vi.hoisted(() => ({
  name: '',
  api: {} as Record<string, unknown>,
  invoke: vi.fn(async () => ({ ok: true, data: null })),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) =>
      Object.assign(exposed, { name, api }),
  },
  ipcRenderer: { invoke: exposed.invoke, on: vi.fn(), removeListener: vi.fn() },
}));

describe('preload bridge', () => {
  it('exposes window.trestle with one named function per channel and no generic invoke', async () => {
    await import('./preload');
    expect(exposed.name).toBe('trestle');
    const names = Object.keys(exposed.api).sort();
    expect(names).toEqual([...channelNames.map(bridgeName), 'on'].sort());
    expect(exposed.api).not.toHaveProperty('invoke');
    expect(exposed.api).not.toHaveProperty('ipcRenderer');
    await (exposed.api.sessionSignIn as (...args: unknown[]) => Promise<unknown>)('sandbox');
    expect(exposed.invoke).toHaveBeenCalledWith('session:signIn', 'sandbox');
    expect(() =>
      (exposed.api.on as (e: string, f: () => void) => void)('anything:else', () => undefined),
    ).toThrow();
  });
});
