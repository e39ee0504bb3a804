import { randomUUID } from 'node:crypto';
import type { Emit } from '../../engine';
import type {
  OperationProgressEvent,
  OperationSnapshot,
  OperationStartInput,
} from '../../shared/operations';
import type { Io } from '../command';
import { openSession, type CliSession, type ConnectionFlags } from '../connection-flags';
import { progressPrinter } from '../output';

/**
 * Opens a session, gives `work` a way to run operations on it (progress on stderr, Ctrl+C
 * cancels), and signs out at the end, whatever happens.
 */
export async function withSession<T>(
  flags: ConnectionFlags,
  io: Io,
  work: (
    session: CliSession,
    runOperation: (start: OperationStartInput) => Promise<OperationSnapshot>,
  ) => Promise<T>,
): Promise<T> {
  let onProgress: ((event: OperationProgressEvent) => void) | null = null;
  const emit: Emit = (event, payload) => {
    if (event === 'operation:progress') onProgress?.(payload as OperationProgressEvent);
  };
  const session = await openSession(flags, io, emit);
  const runOperation = async (start: OperationStartInput): Promise<OperationSnapshot> => {
    const printer = progressPrinter(io);
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
