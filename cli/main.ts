/**
 * `trestle`: the engine without a window, for cron and CI (DESIGN.md §12). Dispatches on the
 * subcommand; every failure ends here as one line on stderr and an exit code, never a stack
 * trace and never the session token.
 */
import { EngineError } from '../engine/errors';
import { UsageError } from '../engine/host/cli-args';
import { APP_VERSION } from '../engine/host/version';
import { CliError, EXIT, type Command, type Io } from './command';
import { tableauErrorText } from './output';
import { commandLineMessage, errorExitCode, tableauErrorOf } from './engine-errors';

/** Each command is loaded when it runs: `--help` or `catalog` never loads the engine's HTTP side. */
const COMMANDS: { name: string; summary: string; load: () => Promise<Command> }[] = [
  {
    name: 'send',
    summary: 'Send one request, or fetch every page of a list with --all',
    load: async () => (await import('./commands/send')).sendCommand,
  },
  {
    name: 'run',
    summary: 'Run a collection or folder: requests in order, captures, assertions, data rows',
    load: async () => (await import('./commands/run')).runCommand,
  },
  {
    name: 'publish',
    summary: 'Publish a workbook, data source or flow (chunked above 64 MB, with progress)',
    load: async () => (await import('./commands/publish')).publishCommand,
  },
  {
    name: 'download',
    summary: 'Download a workbook, data source, flow, revision or view to a file',
    load: async () => (await import('./commands/download')).downloadCommand,
  },
  {
    name: 'metadata',
    summary: 'Query the Metadata API (GraphQL); --all follows the connection to every node',
    load: async () => (await import('./commands/metadata')).metadataCommand,
  },
  {
    name: 'users',
    summary: 'Provision users from a CSV (dry run, results, undo)',
    load: async () => (await import('./commands/users')).usersCommand,
  },
  {
    name: 'jobs',
    summary: 'List, follow (wait) and cancel background jobs',
    load: async () => (await import('./commands/jobs')).jobsCommand,
  },
  {
    name: 'refresh',
    summary: 'Refresh workbook or data source extracts; --wait follows the jobs',
    load: async () => (await import('./commands/refresh')).refreshCommand,
  },
  {
    name: 'permissions',
    summary: 'Audit permissions to a snapshot, diff snapshots, explain effective permissions',
    load: async () => (await import('./commands/permissions')).permissionsCommand,
  },
  {
    name: 'connections',
    summary: 'Rotate data connections: new server, port, user name or password (dry run)',
    load: async () => (await import('./commands/connections')).connectionsCommand,
  },
  {
    name: 'import',
    summary: 'Import a Postman collection, curl commands or collection files',
    load: async () => (await import('./commands/import')).importCommand,
  },
  {
    name: 'export',
    summary: 'Export a collection to Postman v2.1 or to files for git',
    load: async () => (await import('./commands/export')).exportCommand,
  },
  {
    name: 'codegen',
    summary: 'Print a request as curl, Python, TSC, PowerShell or JavaScript',
    load: async () => (await import('./commands/codegen')).codegenCommand,
  },
  {
    name: 'catalog',
    summary: 'Print the endpoint catalog as JSON, or search it',
    load: async () => (await import('./commands/catalog')).catalogCommand,
  },
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `trestle ${APP_VERSION}: the Tableau REST API workbench, headless

Usage: trestle <command> [flags]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Flags:
  --help     show help (trestle <command> --help for a command's flags)
  --version  print trestle's version

Exit codes: 0 all ok, 1 a request or item failed, 2 usage or input error.
Secrets come from environment variables or a prompt, never from the command line;
progress and errors go to stderr, results to stdout (or --out).`;
}

/** Runs one command line and resolves to the exit code; never throws. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(`${topic ? (await topic.load()).help : help()}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`trestle ${APP_VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const what = name.startsWith('-') ? `unknown flag ${name}` : `unknown command “${name}”`;
    io.stderr.write(`trestle: ${what}. Run 'trestle --help' for the commands.\n`);
    return EXIT.usage;
  }
  try {
    return await (await entry.load()).run(rest, io);
  } catch (error) {
    return report(error, entry.name, io);
  }
}

function report(error: unknown, command: string, io: Io): number {
  const prefix = `trestle ${command}:`;
  if (error instanceof UsageError) {
    io.stderr.write(`${prefix} ${error.message} Run 'trestle ${command} --help'.\n`);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    io.stderr.write(`${prefix} ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof EngineError) {
    const tableau = tableauErrorOf(error.detail);
    // A refused sign-in's message repeats the Tableau error, which is shown whole below.
    const message =
      tableau && error.code === 'session.signInFailed'
        ? 'Sign-in failed.'
        : commandLineMessage(error.code, error.message, error.detail);
    io.stderr.write(
      `${prefix} ${message}\n${tableau ? `${tableauErrorText(tableau, null)}\n` : ''}`,
    );
    return errorExitCode(error.code);
  }
  // Not ours to explain: one line, no stack (it could name internals, never the token).
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${prefix} unexpected error: ${message.split('\n')[0]}\n`);
  return EXIT.failed;
}

function processIo(): Io {
  let cancel: (() => void) | null = null;
  process.on('SIGINT', () => {
    // The first Ctrl+C cancels the running work (what finished is kept); a second one quits.
    if (cancel) {
      const run = cancel;
      cancel = null;
      run();
    } else process.exit(EXIT.interrupted);
  });
  // Whatever escapes a command still ends as one line, never a stack trace.
  const fatal = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`trestle: unexpected error: ${message.split('\n')[0]}\n`);
    process.exit(EXIT.failed);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  // A reader that stops early (`trestle send … | head`) is not an error.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT.ok);
    });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    onInterrupt: (next) => {
      cancel = next;
    },
  };
}
