import { ZodError } from 'zod';
import { channels, type Channel, type IpcResult } from '../../shared/ipc/contract';
import { EngineError } from '../errors';
import type { Handlers } from './handlers';

/**
 * Runs one IPC call: parses the arguments with the channel's schema, calls the handler and
 * turns the outcome into a result union (thrown errors would lose their code over IPC).
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawArgs: unknown,
): Promise<IpcResult<unknown>> {
  if (!Object.hasOwn(channels, channel)) {
    return {
      ok: false,
      error: { code: 'ipc.unknownChannel', message: `Unknown channel “${channel}”.` },
    };
  }
  const name = channel as Channel;
  const parsed = channels[name].args.safeParse(rawArgs);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'ipc.badArguments',
        message: `Invalid arguments for ${name}: ${describe(parsed.error)}`,
      },
    };
  }
  try {
    const handler = handlers[name] as (...args: unknown[]) => Promise<unknown>;
    const data = await handler(...(parsed.data as unknown[]));
    return { ok: true, data };
  } catch (error) {
    if (error instanceof EngineError)
      return {
        ok: false,
        error: { code: error.code, message: error.message, detail: error.detail },
      };
    if (error instanceof ZodError)
      return { ok: false, error: { code: 'ipc.badArguments', message: describe(error) } };
    return {
      ok: false,
      error: { code: 'internal', message: (error as Error)?.message ?? String(error) },
    };
  }
}

function describe(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`)
    .join('; ');
}
