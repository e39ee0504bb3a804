import { CliError, EXIT, type Io } from './command';

/** Terminal escape sequences (bracketed paste, arrow keys): never part of a secret. */
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b./g; // eslint-disable-line no-control-regex

/** Whether a person is there to answer: both the keyboard and the prompt's stream are a terminal. */
export function canPrompt(io: Io): boolean {
  return Boolean(io.stdin.isTTY && io.stderr.isTTY && typeof io.stdin.setRawMode === 'function');
}

/**
 * Asks for a secret on the terminal without echoing it (the prompt goes to stderr, so stdout
 * stays the results). Enter ends it, Backspace deletes, Ctrl+C cancels.
 */
export function promptSecret(io: Io, question: string): Promise<string> {
  const { stdin, stderr } = io;
  // Echo off before the question shows: what is typed the moment it appears is not echoed.
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (error?: CliError) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk.replace(ESCAPES, '')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('Cancelled.', EXIT.interrupted));
        if (ch === '\u007f' || ch === '\b') secret = [...secret].slice(0, -1).join('');
        else if (ch >= ' ') secret += ch;
      }
    };
    stdin.on('data', onData);
  });
}
