import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import {
  dataDirEngine,
  filesUnder,
  removeScratch,
  sandboxProxy,
  scratchDir,
  SECRET_ENV,
  serverFlags,
  trestle,
  type Run,
} from './test-support';

let sandbox: RunningSandbox;
let proxy: Awaited<ReturnType<typeof sandboxProxy>>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1 });
  proxy = await sandboxProxy(sandbox.url);
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
  removeScratch();
});

describe('the session token never leaves the engine', () => {
  it('appears in no output, no written file and no temp file of any subcommand', async () => {
    const out = scratchDir('out');
    const home = scratchDir('home');
    const tmp = scratchDir('tmp');
    const dataDir = path.join(home, '.trestle-web');
    const webHost = dataDirEngine(dataDir, sandbox.url);
    await webHost.saveConnection({
      name: 'Through the recorder',
      serverUrl: proxy.url,
      auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
      apiVersion: { mode: 'auto' },
    });
    await webHost.dispose();
    const server = serverFlags(proxy.url, DEMO_CREDENTIALS);
    // A collection for `trestle run`: a list, then the signed-in user by a captured id.
    const collection = path.join(scratchDir('collection'), 'checks.json');
    const step = (id: string, name: string, path: string, captures: unknown[] = []) => ({
      id,
      name,
      description: '',
      spec: {
        method: 'GET',
        path,
        pathParams: {},
        query: [],
        headers: [],
        body: { kind: 'none' },
        accept: 'json',
      },
      captures,
    });
    fs.writeFileSync(
      collection,
      JSON.stringify({
        id: 'checks',
        name: 'Checks',
        folders: [],
        requests: [
          step('r1', 'Who am I', '/api/{api-version}/sessions/current', [
            { name: 'me', path: 'session.user.id' },
          ]),
          step('r2', 'Me', '/api/{api-version}/sites/{site-id}/users/{{me}}'),
        ],
      }),
    );
    const savedConnection = [
      '--connection',
      'Through the recorder',
      '--pat-secret-env',
      SECRET_ENV,
    ];
    const users = '/sites/{site-id}/users';
    const runs: [string[], number][] = [
      [['send', 'GET', users, ...server], 0],
      [['send', 'GET', users, '--format', 'table', ...server], 0],
      [
        ['send', 'GET', users, '--format', 'csv', '--out', path.join(out, 'page.csv'), ...server],
        0,
      ],
      [['send', 'GET', '/sessions/current', ...server], 0],
      [['send', 'GET', '/sessions/current', '--header', 'Accept=application/xml', ...server], 0],
      [['send', 'GET', `${users}/nobody`, ...server], 1],
      [['send', 'POST', '/auth/signin', ...server], 2],
      [['send', 'GET', users, '--all', '--out', path.join(out, 'all.json'), ...server], 0],
      [['send', 'GET', users, '--all', '--format', 'table', ...savedConnection], 0],
      [
        [
          'send',
          'GET',
          users,
          '--all',
          '--format',
          'csv',
          '--out',
          path.join(out, 'all.csv'),
          ...savedConnection,
        ],
        0,
      ],
      [['send', 'GET', users, '--sandbox', '--query', 'pageSize=2'], 0],
      [
        [
          'run',
          collection,
          '--reporter',
          `cli,json:${path.join(out, 'run.json')},junit:${path.join(out, 'run.xml')}`,
          ...server,
        ],
        0,
      ],
      [['catalog', '--search', 'sessions'], 0],
      [['--help'], 0],
      [['send', '--help'], 0],
      [['--version'], 0],
    ];
    const results: Run[] = [];
    for (const [args, code] of runs) {
      const run = await trestle(args, {
        secret: DEMO_CREDENTIALS.patSecret,
        env: { HOME: home, TMPDIR: tmp },
      });
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(code);
      results.push(run);
    }
    // Eleven runs signed in through the recorder (the one whose PATH was refused included), each once.
    expect(proxy.tokens.size).toBe(11);
    for (const token of sandbox.sessions().map((s) => s.token)) proxy.tokens.add(token);
    // Nothing is left in the temp folder (tsx's compile cache aside, when the sources ran).
    const leftInTmp = filesUnder(tmp).filter(
      (file) => !path.relative(tmp, file).startsWith('tsx-'),
    );
    expect(leftInTmp).toEqual([]);
    expect(filesUnder(out)).toHaveLength(5);
    const written = [...filesUnder(out), ...filesUnder(home)];
    const texts = [
      ...results.flatMap((r) => [r.stdout, r.stderr]),
      ...written.map((file) => fs.readFileSync(file, 'utf8')),
    ];
    for (const token of proxy.tokens) {
      for (const text of texts)
        expect(text.includes(token), 'a session token was printed or written').toBe(false);
    }
    // Every run signed out: no session is left behind on the server.
    expect(sandbox.sessions()).toEqual([]);
  });
});
