import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../engine/host/version';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import {
  removeScratch,
  repoRoot,
  scratchDir,
  SECRET_ENV,
  serverFlags,
  trestle,
} from './test-support';

let sandbox: RunningSandbox;
let server: string[];
const secret = DEMO_CREDENTIALS.patSecret;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

describe('trestle help and version', () => {
  it('lists the commands and the exit codes', async () => {
    const run = await trestle(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}send\s+Send one request/m);
    expect(run.stdout).toMatch(/^ {2}catalog\s+/m);
    expect(run.stdout).toContain(
      'Exit codes: 0 all ok, 1 a request or item failed, 2 usage or input error.',
    );
  });

  it('shows a command’s flags with --help or `help <command>`', async () => {
    const flag = await trestle(['send', '--help']);
    const word = await trestle(['help', 'send']);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain('Usage: trestle send METHOD PATH');
    expect(flag.stdout).toContain('--pat-secret-env VAR');
    expect(word.stdout).toBe(flag.stdout);
  });

  it('prints its version, from the bundle or (with no fresh bundle) from the sources', async () => {
    const run = await trestle(['--version']);
    const fromSource = await trestle(['--version'], { env: { TRESTLE_FROM_SOURCE: '1' } });
    expect(run).toEqual({ code: 0, stdout: `trestle ${APP_VERSION}\n`, stderr: '' });
    expect(fromSource).toEqual(run);
  });
});

describe('usage and input errors exit 2 with one line on stderr', () => {
  const bodyDir = scratchDir('bodies');
  const badJson = path.join(bodyDir, 'bad.json');
  fs.writeFileSync(badJson, '{"user": ');
  const cases: { why: string; args: string[]; says: RegExp }[] = [
    {
      why: 'an unknown command',
      args: ['sned'],
      says: /unknown command “sned”. Run 'trestle --help'/,
    },
    {
      why: 'an unknown flag',
      args: ['send', 'GET', '/x', '--frmat', 'csv'],
      says: /Unknown flag --frmat\. Run 'trestle send --help'/,
    },
    { why: 'no METHOD and PATH', args: ['send'], says: /Give the METHOD and PATH/ },
    {
      why: 'a method Tableau does not use',
      args: ['send', 'FETCH', '/x'],
      says: /METHOD must be one of GET, POST/,
    },
    {
      why: 'an unknown format',
      args: ['send', 'GET', '/x', '--format', 'yaml'],
      says: /--format must be one of json, csv, table/,
    },
    {
      why: 'no connection',
      args: ['send', 'GET', '/x'],
      says: /Say which server: --server URL, --connection NAME or --sandbox/,
    },
    {
      why: 'two connections',
      args: ['send', 'GET', '/x', '--sandbox', '--connection', 'Prod'],
      says: /Give one of --connection and --sandbox/,
    },
    {
      why: '--all with POST',
      args: ['send', 'POST', '/x', '--all', '--sandbox'],
      says: /--all .* use it with GET/,
    },
    {
      why: 'a query without =',
      args: ['send', 'GET', '/x', '--query', 'pageSize', '--sandbox'],
      says: /--query takes NAME=VALUE/,
    },
    {
      why: 'a body file that is not there',
      args: ['send', 'POST', '/x', '--body', path.join(bodyDir, 'none.json'), '--sandbox'],
      says: /--body .*none\.json: cannot read it \(no such file\)/,
    },
    {
      why: 'a body that is not JSON',
      args: ['send', 'POST', '/x', '--body', badJson, '--sandbox'],
      says: /is not valid JSON/,
    },
    {
      why: '--out in a missing folder',
      args: ['send', 'GET', '/x', '--out', path.join(bodyDir, 'no', 'f.json'), '--sandbox'],
      says: /--out .*does not exist/,
    },
    {
      why: 'a secret given on the command line',
      args: [
        'send',
        'GET',
        '/x',
        '--server',
        'https://t.example.com',
        '--pat-name',
        'n',
        '--pat-secret-env',
        'abc-123/secret',
      ],
      says: /takes the name of an environment variable/,
    },
  ];
  for (const { why, args, says } of cases) {
    it(`for ${why}`, async () => {
      const run = await trestle(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')).toEqual([expect.stringMatching(says), '']);
    });
  }
  it('for an empty placeholder, naming the --param that fills it (nothing sent)', async () => {
    const run = await trestle(['send', 'GET', '/sites/{site-id}/users/{user-id}', ...server], {
      secret,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^trestle send: Fill in \{user-id\} with --param user-id=VALUE/);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });
});

describe('secrets', () => {
  it('exits 2 when the named environment variable is not set, naming it', async () => {
    const run = await trestle(['send', 'GET', '/sites/{site-id}/users', ...server]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `trestle send: The environment variable ${SECRET_ENV} (--pat-secret-env) is not set or is empty: it should hold the PAT secret.\n`,
    );
    expect(sandbox.sessions()).toEqual([]);
  });

  it('exits 2 without a terminal to ask on when no variable is named', async () => {
    const run = await trestle(['send', 'GET', '/x', '--server', sandbox.url, '--user', 'admin']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^trestle send: No password: give --password-env VAR/);
  });

  it('signs in with a password from --password-env', async () => {
    const run = await trestle(
      [
        'send',
        'GET',
        '/sites/{site-id}/users',
        '--query',
        'pageSize=1',
        '--server',
        sandbox.url,
        '--user',
        DEMO_CREDENTIALS.username,
        '--password-env',
        'SANDBOX_PASSWORD',
      ],
      { env: { SANDBOX_PASSWORD: DEMO_CREDENTIALS.password } },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ users: { user: [{ name: 'admin' }] } });
  });

  it('exits 1 with Tableau’s explanation when the secret is wrong', async () => {
    const run = await trestle(['send', 'GET', '/sites/{site-id}/users', ...server], {
      secret: 'wrong',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^trestle send: Sign-in failed\.\nTableau error 401001: /);
    expect(run.stderr).toContain('What it means: Sign-in failed: wrong name or password');
  });
});

/** util-linux's `script` gives the command a terminal, as a person running it has. */
const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs trestle on a terminal and types `typed` once it has asked for the secret. */
function onTerminal(
  args: string[],
  typed: string,
): Promise<{ code: number | null; screen: string }> {
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, path.join(repoRoot, 'bin', 'trestle.mjs'), ...args]
    .map(quote)
    .join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: scratchDir('home'), TERM: 'dumb' },
    });
    let screen = '';
    let asked = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      screen += text;
      // Typed only once the prompt is up: raw mode is on, so nothing is echoed.
      if (!asked && /secret for \S+: $/.test(screen)) {
        asked = true;
        child.stdin.write(typed);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen }));
  });
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('asks for the secret without echoing it', async () => {
    const { code, screen } = await onTerminal(
      [
        'send',
        'GET',
        '/sites/{site-id}/users',
        '--query',
        'pageSize=1',
        '--format',
        'table',
        '--server',
        sandbox.url,
        '--pat-name',
        DEMO_CREDENTIALS.patName,
      ],
      `${secret}\r`,
    );
    expect(code).toBe(0);
    expect(screen).toMatch(/^PAT secret for trestle: \r?\n/);
    expect(screen).toMatch(/\badmin\s+Sandbox Administrator\b/);
    expect(screen).not.toContain(secret);
  });

  it('stops at Ctrl+C in the prompt with exit 130, sending nothing', async () => {
    const { code } = await onTerminal(
      ['send', 'GET', '/x', '--server', sandbox.url, '--pat-name', 'someone'],
      '\u0003',
    );
    expect(code).toBe(130);
    expect(sandbox.sessions()).toEqual([]);
  });
});

describe('plain http', () => {
  let remote: RunningSandbox;
  beforeAll(async () => {
    // 127.0.0.2 is this machine too, but not one of the loopback names Trestle trusts with
    // plain http: it stands in for a server across the network.
    remote = await startSandbox({ port: 0, host: '127.0.0.2' });
  });
  afterAll(() => remote.stop());

  it('is refused to a host that is not loopback, before anything is sent', async () => {
    const run = await trestle(
      ['send', 'GET', '/sites/{site-id}/users', ...serverFlags(remote.url, DEMO_CREDENTIALS)],
      { secret },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `trestle send: ${remote.url} is plain http: the secret and the session token would cross the network unencrypted. Use https://, or pass --allow-http if you must.\n`,
    );
    expect(remote.sessions()).toEqual([]);
  });

  it('is allowed to such a host with --allow-http', async () => {
    const run = await trestle(
      [
        'send',
        'GET',
        '/sites/{site-id}/users',
        '--query',
        'pageSize=1',
        '--allow-http',
        ...serverFlags(remote.url, DEMO_CREDENTIALS),
      ],
      { secret },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ pagination: { totalAvailable: '2500' } });
  });
});
