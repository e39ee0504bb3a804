import { randomUUID } from 'node:crypto';
import type { Emit } from '../engine';
import type {
  OperationProgressEvent,
  OperationSnapshot,
  OperationStartInput,
} from '../shared/operations';
import type { Io } from './command';
import { openSession, type CliSession, type ConnectionFlags } from './connection-flags';
import { progressPrinter } from './output';

/** What shows an operation's progress on stderr (`progressPrinter`, or publish's bytes). */
export interface ProgressSink {
  update(event: OperationProgressEvent): void;
  end(): void;
}

export type RunOperation = (
  start: OperationStartInput,
  printer?: ProgressSink,
) => Promise<OperationSnapshot>;

/**
 * Every command's session: opens it (asking first when it will write to a connection marked
 * Production), gives `work` a way to run operations on it (progress on stderr, Ctrl+C cancels,
 * the final snapshot back), and signs out at the end, whatever happens.
 */
export async function withSession<T>(
  flags: ConnectionFlags,
  io: Io,
  work: (session: CliSession, runOperation: RunOperation) => Promise<T>,
  options: { writes?: string } = {},
): Promise<T> {
  let onProgress: ((event: OperationProgressEvent) => void) | null = null;
  const emit: Emit = (event, payload) => {
    if (event === 'operation:progress') onProgress?.(payload as OperationProgressEvent);
  };
  const session = await openSession(flags, io, emit, options);
  const runOperation: RunOperation = async (start, printer = progressPrinter(io)) => {
    const operationId = randomUUID();
    onProgress = (event) => {
      if (event.operationId === operationId) printer.update(event);
    };
    io.onInterrupt(() => session.engine.operations.cancel(operationId));
    try {
      await session.engine.startOperation(session.connectionId, start, { operationId });
      return await session.engine.operations.wait(operationId);
    } finally {
      io.onInterrupt(null);
      onProgress = null;
      printer.end();
    }
  };
  try {
    return await work(session, runOperation);
  } finally {
    await session.close();
  }
}
