import { once } from 'node:events';

/** Exit codes (DESIGN.md §12): documented in `trestle --help` and the README. */
export const EXIT = {
  ok: 0,
  /** A request or an item failed. */
  failed: 1,
  /** Usage or input error: unknown flag, missing secret, bad file, unknown subcommand. */
  usage: 2,
  /** Stopped by Ctrl+C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;

/** The streams and environment a command runs with: the process's, in real use. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /** Called when the user presses Ctrl+C; a command may register one thing to cancel. */
  onInterrupt(cancel: (() => void) | null): void;
}

/** A failure already explained to the user in one line; `exitCode` says which kind. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export interface Command {
  name: string;
  help: string;
  /** Runs with the arguments after the command's name; resolves to the exit code. */
  run(args: string[], io: Io): Promise<number>;
}

/** Writes chunks honouring back-pressure, so a 100,000-row CSV piped to a slow reader stays small in memory. */
export async function writeChunks(
  stream: NodeJS.WritableStream,
  chunks: Iterable<string>,
): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
