import { Engine, type Emit } from '../engine';
import { checkServerUrl, SANDBOX_CONNECTION_ID } from '../engine/connections';
import type { FlagSpec, ParsedFlags } from '../engine/host/cli-args';
import { UsageError } from '../engine/host/cli-args';
import type { SandboxProvider } from '../engine/sandbox-provider';
import { MemoryStore, type DocumentStore } from '../engine/store/document-store';
import type { Connection, ConnectionInput, SessionInfo } from '../shared/connection';
import { CliError, EXIT, type Io } from './command';
import { DEFAULT_DATA_DIR, findSavedConnection, ReadOnlyDataDir } from './saved-connections';
import { ProductionGate } from './production-gate';
import { canPrompt, promptSecret } from './secret-prompt';

/** How every command that talks to Tableau says where and as whom; defined once (STYLE.md, GitHub CLI). */
export const connectionFlags = {
  server: {
    kind: 'string',
    description: 'Tableau Server or Cloud URL, e.g. https://tableau.example.com',
  },
  site: { kind: 'string', description: 'site content URL (omit for the Default site)' },
  'pat-name': { kind: 'string', description: 'personal access token name' },
  'pat-secret-env': { kind: 'string', description: 'environment variable holding the PAT secret' },
  user: { kind: 'string', description: 'user name (password sign-in)' },
  'password-env': { kind: 'string', description: 'environment variable holding the password' },
  'api-version': {
    kind: 'string',
    description: 'REST API version to use, e.g. 3.24 (default: the server’s)',
  },
  'allow-http': {
    kind: 'boolean',
    description: 'allow plain http:// to a host other than this machine',
  },
  connection: { kind: 'string', description: 'a connection saved in Trestle (by name)' },
  'data-dir': {
    kind: 'string',
    description: `Trestle's data folder for --connection (default ${DEFAULT_DATA_DIR.replace(/^.*(?=[/\\]\.trestle-web$)/, '~')})`,
  },
  sandbox: {
    kind: 'boolean',
    description: 'a fresh local sandbox server (demo data), for trying things out',
  },
  yes: {
    kind: 'boolean',
    description: 'let writes go to a connection marked Production without asking',
  },
} satisfies FlagSpec;

export type ConnectionFlags = ParsedFlags<typeof connectionFlags>;

export const CONNECTION_HELP = `Connection (one of):
  --server URL [--site CONTENT_URL] --pat-name NAME --pat-secret-env VAR
  --server URL [--site CONTENT_URL] --user NAME --password-env VAR
  --connection NAME [--data-dir DIR]     a connection saved in Trestle's web host
  --sandbox [--site marketing]           a fresh local sandbox with demo data
  with --api-version X.Y to pin the REST API version, --allow-http for plain http://
  to another machine. A write to a saved connection marked Production asks for its
  name in a terminal, and needs --yes elsewhere. Secrets come from the named environment variable, or from a
  prompt when run in a terminal; never from the command line.`;

/** A signed-in engine for one command; `close` signs out and deletes temp files. */
export interface CliSession {
  engine: Engine;
  connectionId: string;
  session: SessionInfo;
  /**
   * Asks before a command writes to a connection marked Production (once per run); a command
   * that knows it writes calls this before its first request, so the question comes first.
   */
  confirmWrites(what: string): Promise<void>;
  close(): Promise<void>;
}

/** For runs against a real server: the built-in Sandbox connection is not used. */
const NO_SANDBOX: SandboxProvider = {
  url: () => Promise.reject(new CliError('This run has no sandbox: use --sandbox for one.')),
  credentials: { identity: '', secret: '', passwordFallback: { identity: '', secret: '' } },
  stop: async () => undefined,
};

interface Plan {
  store: DocumentStore;
  /** The connection to add to the engine's in-memory store; none for the sandbox. */
  connection: ConnectionInput | null;
  connectionId: string;
  secret: () => Promise<string | undefined>;
  site: string | undefined;
  /** A saved connection marked Production: writes ask first (ProductionGate). */
  production: boolean;
}

/** Checks the connection flags, reads the secret, builds an engine and signs in. */
export async function openSession(
  flags: ConnectionFlags,
  io: Io,
  emit: Emit,
  options: { writes?: string } = {},
): Promise<CliSession> {
  const plan = await planConnection(flags, io);
  const gate = new ProductionGate(io, flags.yes ?? false);
  const target = { name: plan.connection?.name ?? 'Sandbox', production: plan.production };
  const confirmWrites = (what: string) => gate.confirm(target, what);
  // Before any sign-in: a refused write to Production costs nothing on the server.
  if (options.writes) await confirmWrites(options.writes);
  const engine = new Engine({
    store: plan.store,
    // The sandbox (its data generator and all) is loaded only when it is asked for.
    sandbox:
      plan.connectionId === SANDBOX_CONNECTION_ID
        ? (await import('../engine/sandbox-provider')).lazySandbox()
        : NO_SANDBOX,
    emit,
    secretBackend: null,
    beforeWrite: gate.beforeWrite,
  });
  let signedIn = false;
  const close = async () => {
    if (signedIn) await engine.signOut(plan.connectionId).catch(() => undefined);
    await engine.dispose();
  };
  try {
    if (plan.connection) await engine.saveConnection(plan.connection);
    const secret = await plan.secret();
    let session = await engine.signIn(plan.connectionId, secret);
    signedIn = true;
    if (
      plan.site !== undefined &&
      plan.connectionId === SANDBOX_CONNECTION_ID &&
      plan.site !== session.siteContentUrl
    )
      session = await engine.switchSite(plan.connectionId, plan.site);
    return { engine, connectionId: plan.connectionId, session, confirmWrites, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function planConnection(flags: ConnectionFlags, io: Io): Promise<Plan> {
  const sources = [
    flags.server && '--server',
    flags.connection && '--connection',
    flags.sandbox && '--sandbox',
  ].filter(Boolean);
  if (sources.length === 0)
    throw new UsageError('Say which server: --server URL, --connection NAME or --sandbox.');
  if (sources.length > 1) throw new UsageError(`Give one of ${sources.join(' and ')}, not both.`);
  if (flags.server) return planServer(flags.server, flags, io);
  refuse(flags, ['pat-name', 'user'], flags.sandbox ? '--sandbox' : '--connection');
  if (flags.sandbox) {
    refuse(
      flags,
      ['pat-secret-env', 'password-env', 'data-dir', 'api-version', 'allow-http'],
      '--sandbox',
    );
    return sandboxPlan(flags.site);
  }
  return planSaved(flags.connection as string, flags, io);
}

function sandboxPlan(site: string | undefined): Plan {
  return {
    store: new MemoryStore(),
    connection: null,
    connectionId: SANDBOX_CONNECTION_ID,
    secret: async () => undefined,
    site,
    production: false,
  };
}

function planServer(server: string, flags: ConnectionFlags, io: Io): Plan {
  refuse(flags, ['data-dir'], '--server');
  const kind =
    flags['pat-name'] !== undefined ? 'pat' : flags.user !== undefined ? 'password' : null;
  if (!kind)
    throw new UsageError(
      'Say who signs in: --pat-name NAME (with --pat-secret-env VAR) or --user NAME (with --password-env VAR).',
    );
  if (flags['pat-name'] !== undefined && flags.user !== undefined)
    throw new UsageError('Give --pat-name or --user, not both.');
  if (kind === 'pat') refuse(flags, ['password-env'], '--pat-name (use --pat-secret-env)');
  else refuse(flags, ['pat-secret-env'], '--user (use --password-env)');
  const url = checkUrl(server, flags['allow-http'] ?? false);
  const identity = (kind === 'pat' ? flags['pat-name'] : flags.user) as string;
  if (!identity) throw new UsageError(`--${kind === 'pat' ? 'pat-name' : 'user'} needs a name.`);
  const connection: ConnectionInput = {
    id: 'cli',
    name: url.host,
    serverUrl: url.origin,
    siteContentUrl: flags.site ?? '',
    auth: { kind, identity, rememberSecret: false },
    apiVersion: apiVersion(flags['api-version']),
    allowInsecureHttp: flags['allow-http'] ?? false,
  };
  return {
    store: new MemoryStore(),
    connection,
    connectionId: 'cli',
    secret: secretSource(kind, identity, flags, io, null),
    site: undefined,
    production: false,
  };
}

function planSaved(name: string, flags: ConnectionFlags, io: Io): Plan {
  const dir = flags['data-dir'] ?? DEFAULT_DATA_DIR;
  const saved = findSavedConnection(dir, name);
  if (saved.builtin === 'sandbox') return sandboxPlan(flags.site);
  if (saved.auth.kind === 'jwt')
    throw new CliError(
      `“${saved.name}” signs in with a connected-app JWT, which trestle cannot sign in with yet.`,
      EXIT.usage,
    );
  if (saved.auth.kind === 'pat')
    refuse(flags, ['password-env'], `“${saved.name}” (a PAT connection: use --pat-secret-env)`);
  else
    refuse(
      flags,
      ['pat-secret-env'],
      `“${saved.name}” (a password connection: use --password-env)`,
    );
  checkUrl(saved.serverUrl, saved.allowInsecureHttp || (flags['allow-http'] ?? false));
  const connection: ConnectionInput = {
    ...saved,
    siteContentUrl: flags.site ?? saved.siteContentUrl,
    auth: { kind: saved.auth.kind, identity: saved.auth.identity, rememberSecret: false },
    apiVersion: flags['api-version']
      ? apiVersion(flags['api-version'])
      : { mode: saved.apiVersion.mode, pinned: saved.apiVersion.pinned },
    allowInsecureHttp: saved.allowInsecureHttp || (flags['allow-http'] ?? false),
  };
  return {
    // Settings (timeout, fetch-all concurrency) come from the folder; nothing is written to it.
    store: new ReadOnlyDataDir(dir),
    connection,
    connectionId: saved.id,
    secret: secretSource(saved.auth.kind, saved.auth.identity, flags, io, saved),
    site: undefined,
    production: saved.production,
  };
}

/**
 * The secret from the environment variable the user named, or from a prompt on a terminal.
 * Never from argv, where other users of the machine could read it in the process list.
 */
function secretSource(
  kind: 'pat' | 'password',
  identity: string,
  flags: ConnectionFlags,
  io: Io,
  saved: Connection | null,
): () => Promise<string> {
  const flag = kind === 'pat' ? 'pat-secret-env' : 'password-env';
  const what = kind === 'pat' ? 'PAT secret' : 'password';
  const variable = flags[flag];
  if (variable !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
      throw new UsageError(
        `--${flag} takes the name of an environment variable (like TABLEAU_PAT_SECRET), not the secret itself.`,
      );
    const value = io.env[variable];
    if (!value)
      throw new CliError(
        `The environment variable ${variable} (--${flag}) is not set or is empty: it should hold the ${what}.`,
        EXIT.usage,
      );
    return async () => value;
  }
  if (canPrompt(io))
    return () => promptSecret(io, `${what[0].toUpperCase()}${what.slice(1)} for ${identity}: `);
  const stored = saved?.auth.secretStored
    ? ` The desktop app keeps its saved secrets encrypted by Electron's safeStorage, which only the app can open.`
    : '';
  throw new CliError(
    `No ${what}: give --${flag} VAR naming an environment variable that holds it (or run in a terminal to be asked).${stored}`,
    EXIT.usage,
  );
}

function checkUrl(server: string, allowHttp: boolean): URL {
  try {
    return checkServerUrl(server, allowHttp);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'connection.insecureHttp') {
      const origin = new URL(server).origin;
      throw new CliError(
        `${origin} is plain http: the secret and the session token would cross the network unencrypted. Use https://, or pass --allow-http if you must.`,
        EXIT.usage,
      );
    }
    throw new CliError(`--server: ${(error as Error).message}`, EXIT.usage);
  }
}

function apiVersion(value: string | undefined): ConnectionInput['apiVersion'] {
  if (value === undefined) return { mode: 'auto' };
  if (!/^\d+\.\d+$/.test(value))
    throw new UsageError(`--api-version must look like 3.24, not “${value}”.`);
  return { mode: 'pinned', pinned: value };
}

function refuse(flags: ConnectionFlags, names: (keyof ConnectionFlags)[], context: string): void {
  const given = names.find((name) => flags[name] !== undefined);
  if (given) throw new UsageError(`--${given} does not go with ${context}.`);
}
