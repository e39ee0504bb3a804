import {
  bridgeName,
  type Channel,
  type EventName,
  type IpcResult,
} from '../../shared/ipc/contract';

/** How the renderer reaches main: Electron's preload bridge, or the web host over HTTP. */
export interface Transport {
  call(channel: Channel, args: unknown[]): Promise<IpcResult<unknown>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

type Bridge = Record<string, ((...args: unknown[]) => Promise<IpcResult<unknown>>) | undefined> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    trestle?: Bridge;
  }
}

export function electronTransport(bridge: Bridge): Transport {
  return {
    call: (channel, args) => {
      const fn = bridge[bridgeName(channel)];
      if (!fn)
        return Promise.resolve({
          ok: false,
          error: { code: 'ipc.unknownChannel', message: channel },
        });
      return fn(...args);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/**
 * The web host's transport (README, "Web host"): `POST /ipc/<channel>` with `{"args":[…]}`;
 * events from one shared `EventSource` on `/events`. The access key travels as the cookie.
 */
export function httpTransport(base = ''): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ensureSource = (event: string) => {
    source ??= new EventSource(`${base}/events`);
    if (!listeners.has(event)) {
      const set = new Set<(payload: unknown) => void>();
      listeners.set(event, set);
      source.addEventListener(event, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of set) listener(payload);
      });
    }
    return listeners.get(event) as Set<(payload: unknown) => void>;
  };
  return {
    call: async (channel, args) => {
      try {
        const response = await fetch(`${base}/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // JSON has no undefined: a trailing optional argument left undefined is dropped, not sent as null.
          body: JSON.stringify({ args: trimTrailingUndefined(args) }),
          credentials: 'same-origin',
        });
        if (response.status === 401) {
          return {
            ok: false,
            error: {
              code: 'web.unauthorized',
              message:
                'The web host refused the access key. Open the URL that `npm run web` printed.',
            },
          };
        }
        return (await response.json()) as IpcResult<unknown>;
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'web.unreachable',
            message: `The Trestle web host is not answering (${(error as Error).message}).`,
          },
        };
      }
    },
    on: (event, listener) => {
      const set = ensureSource(event);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

export function detectTransport(): Transport {
  return window.trestle ? electronTransport(window.trestle) : httpTransport();
}

function trimTrailingUndefined(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end -= 1;
  return args.slice(0, end);
}
