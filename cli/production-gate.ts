import { createInterface } from 'node:readline/promises';
import type { Connection } from '../shared/connection';
import type { RequestSpec } from '../shared/request';
import { CliError, EXIT, type Io } from './command';
import { canPrompt } from './secret-prompt';

/**
 * Writes to a connection marked Production ask first, in the CLI as in the app (issue 11): in a
 * terminal the user types the connection's name; elsewhere (cron, CI) only `--yes` lets them
 * through, and without it the command stops before anything is written. Asked once per run.
 */
export class ProductionGate {
  private confirmed: Promise<void> | null = null;

  constructor(
    private readonly io: Io,
    private readonly yes: boolean,
  ) {}

  /** Called before a command that will write, so the question comes before any progress. */
  confirm(connection: Pick<Connection, 'name' | 'production'>, what: string): Promise<void> {
    if (!connection.production || this.yes) return Promise.resolve();
    this.confirmed ??= this.ask(connection.name, what);
    return this.confirmed;
  }

  /** The executor's hook: a write not announced by the command is asked about here. */
  beforeWrite = (connection: Connection, spec: RequestSpec): Promise<void> =>
    this.confirm(connection, `${spec.method} ${spec.path}`);

  private async ask(name: string, what: string): Promise<void> {
    if (!canPrompt(this.io))
      throw new CliError(
        `“${name}” is marked Production: trestle writes to it (${what}) only with --yes.`,
        EXIT.usage,
      );
    const rl = createInterface({ input: this.io.stdin, output: this.io.stderr, terminal: true });
    try {
      const answer = await rl.question(
        `“${name}” is marked Production. This writes to it: ${what}.\nType the connection's name to go on: `,
      );
      if (answer.trim() !== name)
        throw new CliError(`Not confirmed: nothing was written to “${name}”.`, EXIT.usage);
    } finally {
      rl.close();
    }
  }
}
