import { channelNames } from '../../shared/ipc/contract';
import { originOf } from '../desktop/window-options';
import { dispatch } from '../../engine/ipc/dispatch';
import type { Handlers } from '../../engine/ipc/handlers';

/** The parts of Electron's IPC we use, typed structurally so tests need no Electron. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
}
export interface IpcEventLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Registers every channel of the contract. Each call is refused unless it comes from our own
 * window's main frame on our own origin (GitHub Desktop and VS Code do the same), then its
 * arguments are parsed with the channel's schema.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (event: IpcEventLike) => boolean,
): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: {
            code: 'ipc.untrustedSender',
            message: 'IPC refused: the call did not come from Trestle’s window.',
          },
        };
      }
      return dispatch(handlers, channel, args);
    });
  }
}

/** The trusted-sender rule: the given window's contents, main frame, our origin. */
export function trustedSender(getContents: () => unknown, origin: string) {
  return (event: IpcEventLike): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (event.sender !== getContents()) return false;
    return originOf(frame.url) === origin;
  };
}
