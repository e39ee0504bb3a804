import type { SandboxFaults, SandboxOptions, SandboxScale } from './options';
import { isKnownVersion, KNOWN_VERSIONS } from './versions';

export class CliError extends Error {}

const HELP = `Usage: npm run sandbox -- [options]
  --port N            port to listen on (default 8080; 0 = any)
  --host H            interface (default 127.0.0.1)
  --scale S           small | medium | large | N users (default small)
  --seed N            data seed (default 1)
  --api-version X     emulated server REST API version (2.4 … 3.29, default 3.29)
  --token-ttl MIN     session lifetime in minutes (default 240)
  --latency-ms N      added latency per API request
  --jitter-ms N       random ± jitter on the latency
  --rate-limit N/s    answer 429 above N requests per second
  --error-rate P      probability 0..1 of a random 500/503
  --reset-rate P      probability 0..1 of a connection reset mid-body
  --slow-body B       stream bodies at B bytes per second
  --metadata-node-limit N  objects a Metadata API answer may hold (default 20000)
  --cloud             act as a Tableau Cloud pod: no server administration (sites, server
                      schedules, domains…), Cloud-only methods on (Cloud tasks, OIDC, Bridge)
  --cloud-rate-limits with --cloud, answer 429000 past Tableau Cloud's per-site budgets`;

export { HELP };

function number(
  flag: string,
  value: string,
  { min = 0, max = Infinity, integer = false } = {},
): number {
  const n = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (integer && !Number.isInteger(n))
  ) {
    const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
    throw new CliError(
      `${flag} expects ${integer ? 'an integer' : 'a number'} ${range}, got '${value}'`,
    );
  }
  return n;
}

const FLAGS = new Set([
  '--port',
  '--host',
  '--scale',
  '--seed',
  '--api-version',
  '--token-ttl',
  '--latency-ms',
  '--jitter-ms',
  '--rate-limit',
  '--error-rate',
  '--reset-rate',
  '--slow-body',
  '--metadata-node-limit',
]);

/** Parses CLI flags; any problem is a one-line CliError (the CLI exits 2). */
export function parseCliArgs(argv: string[]): SandboxOptions & { help?: boolean } {
  const options: SandboxOptions & { help?: boolean } = { port: 8080 };
  const faults: Partial<SandboxFaults> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new CliError(`unexpected argument '${arg}' (try --help)`);
    const [flag, inline] = arg.split('=', 2);
    if (flag === '--cloud' || flag === '--cloud-rate-limits') {
      if (inline !== undefined) throw new CliError(`${flag} takes no value`);
      if (flag === '--cloud') options.cloud = true;
      else faults.cloudRateLimits = 1;
      continue;
    }
    if (!FLAGS.has(flag)) throw new CliError(`unknown flag '${flag}' (try --help)`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CliError(`${flag} needs a value`);
    switch (flag) {
      case '--port':
        options.port = number(flag, value, { max: 65535, integer: true });
        break;
      case '--host':
        options.host = value;
        break;
      case '--scale': {
        const named = ['small', 'medium', 'large'];
        const count = Number(value);
        if (named.includes(value)) options.scale = value as SandboxScale;
        else if (Number.isInteger(count) && count >= 1 && count <= 2_000_000) options.scale = count;
        else
          throw new CliError(
            `--scale expects small, medium, large or a user count, got '${value}'`,
          );
        break;
      }
      case '--seed':
        options.seed = number(flag, value, { integer: true });
        break;
      case '--api-version':
        if (!isKnownVersion(value)) {
          throw new CliError(
            `--api-version must be one of ${KNOWN_VERSIONS[0]} … ${KNOWN_VERSIONS.at(-1)}, got '${value}'`,
          );
        }
        options.apiVersion = value;
        break;
      case '--token-ttl':
        options.tokenTtlMinutes = number(flag, value, { min: 1 });
        break;
      case '--latency-ms':
        faults.latencyMs = number(flag, value);
        break;
      case '--jitter-ms':
        faults.jitterMs = number(flag, value);
        break;
      case '--rate-limit': {
        const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(value);
        if (!match) throw new CliError(`--rate-limit expects N/s (e.g. 10/s), got '${value}'`);
        faults.rateLimitPerSecond = Number(match[1]);
        break;
      }
      case '--error-rate':
        faults.errorRate = number(flag, value, { max: 1 });
        break;
      case '--reset-rate':
        faults.resetMidBody = number(flag, value, { max: 1 });
        break;
      case '--slow-body':
        faults.slowBodyBytesPerSecond = number(flag, value);
        break;
      case '--metadata-node-limit':
        faults.metadataNodeLimit = number(flag, value, { min: 1, integer: true });
        break;
      default:
        throw new CliError(`unknown flag '${flag}' (try --help)`);
    }
  }
  if (faults.cloudRateLimits && !options.cloud) {
    throw new CliError(
      '--cloud-rate-limits needs --cloud (Tableau Server has no fixed REST limits)',
    );
  }
  options.faults = faults;
  return options;
}
