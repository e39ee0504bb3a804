import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Electron cannot start here: its `Notification` is mocked, and what was asked of it recorded. */
const recorded = vi.hoisted(() => ({
  supported: true,
  shown: [] as Array<{ options: { title: string; body: string }; click?: () => void }>,
}));

vi.mock('electron', () => {
  class Notification {
    static isSupported() {
      return recorded.supported;
    }
    private entry: { options: { title: string; body: string }; click?: () => void };
    constructor(options: { title: string; body: string }) {
      this.entry = { options };
    }
    on(event: string, fn: () => void) {
      if (event === 'click') this.entry.click = fn;
    }
    show() {
      recorded.shown.push(this.entry);
    }
  }
  return { Notification };
});

const { desktopNotifier } = await import('./notifications');

function fakeWindow(minimized: boolean) {
  return {
    isMinimized: () => minimized,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
}

beforeEach(() => {
  recorded.supported = true;
  recorded.shown.length = 0;
});

describe('desktop notifications for ended jobs', () => {
  it('shows the title and body, and a click brings the minimized window back', () => {
    const win = fakeWindow(true);
    const notify = desktopNotifier(() => win);
    expect(notify({ title: 'Refresh failed', body: '“Revenue Extract” on Sandbox' })).toBe(true);
    expect(recorded.shown.map((n) => n.options)).toEqual([
      { title: 'Refresh failed', body: '“Revenue Extract” on Sandbox' },
    ]);
    recorded.shown[0].click?.();
    expect(win.restore).toHaveBeenCalledOnce();
    expect(win.show).toHaveBeenCalledOnce();
    expect(win.focus).toHaveBeenCalledOnce();
  });

  it('does not restore a window that is not minimized, and a closed window is no error', () => {
    const win = fakeWindow(false);
    desktopNotifier(() => win)({ title: 'Refresh succeeded', body: 'x' });
    recorded.shown[0].click?.();
    expect(win.restore).not.toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalledOnce();
    desktopNotifier(() => null)({ title: 'Refresh succeeded', body: 'y' });
    expect(() => recorded.shown[1].click?.()).not.toThrow();
  });

  it('says so when the system has no notifications, and shows nothing', () => {
    recorded.supported = false;
    expect(desktopNotifier(() => null)({ title: 'Job ended', body: 'z' })).toBe(false);
    expect(recorded.shown).toEqual([]);
  });
});
