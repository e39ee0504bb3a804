import { Notification } from 'electron';

/** What the window does when a notification is clicked: comes to the front. */
export interface NotifiedWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/**
 * Desktop notifications through Electron's `Notification` in main (the renderer asks with
 * `notifications:show` when a followed job ends). Clicking one brings Trestle's window back.
 * Where the system has no notifications, nothing is shown and the caller is told (`false`).
 */
export function desktopNotifier(window: () => NotifiedWindow | null) {
  return (note: { title: string; body: string }): boolean => {
    if (!Notification.isSupported()) return false;
    const notification = new Notification({ title: note.title, body: note.body });
    notification.on('click', () => {
      const win = window();
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    });
    notification.show();
    return true;
  };
}
