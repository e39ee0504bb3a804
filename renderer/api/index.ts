import type {
  Channel,
  ChannelArgs,
  ChannelResult,
  EventName,
  EventPayload,
  IpcError,
} from '../../shared/ipc/contract';
import { detectTransport, type Transport } from './transport';

/** A failed call, with main's error code (e.g. `session.signInFailed`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
  }
  static from(error: IpcError): ApiError {
    return new ApiError(error.code, error.message, error.detail);
  }
}

let transport: Transport | null = null;
const current = () => (transport ??= detectTransport());

/** Typed calls to main; nothing else in the renderer knows which host it runs in. */
export async function call<C extends Channel>(
  channel: C,
  ...args: ChannelArgs<C>
): Promise<ChannelResult<C>> {
  const result = await current().call(channel, args as unknown[]);
  if (!result.ok) throw ApiError.from(result.error);
  return result.data as ChannelResult<C>;
}

export function subscribe<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return current().on(event, listener as (payload: unknown) => void);
}

/** For tests: use another transport. */
export function setTransport(next: Transport): void {
  transport = next;
}
