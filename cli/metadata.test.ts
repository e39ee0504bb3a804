import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { removeScratch, sandboxProxy, scratchDir, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let proxy: Awaited<ReturnType<typeof sandboxProxy>>;
let server: string[];
let dir: string;
const outputs: string[] = [];

async function metadata(args: string[], input?: string) {
  const run = await trestle(['metadata', ...args, ...server], {
    input,
    secret: DEMO_CREDENTIALS.patSecret,
  });
  outputs.push(run.stdout, run.stderr);
  return run;
}

const WORKBOOKS = `query Workbooks($first: Int, $after: String) {
  workbooksConnection(first: $first, after: $after) {
    nodes { luid name projectName owner { username } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}
`;

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 2 });
  proxy = await sandboxProxy(sandbox.url);
  server = serverFlags(proxy.url, DEMO_CREDENTIALS);
  dir = scratchDir('metadata');
});
afterAll(async () => {
  await proxy.close();
  await sandbox.stop();
  removeScratch();
});

describe('trestle metadata', () => {
  it('runs a .graphql file with --variables and prints the answer; says when there is more', async () => {
    const run = await metadata([file('w.graphql', WORKBOOKS), '--variables', '{"first": 4}']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout);
    expect(body.data.workbooksConnection.nodes).toHaveLength(4);
    expect(run.stderr).toBe('4 of 350 workbooksConnection nodes; add --all for every one.\n');
  });

  it('--all fetches every node through the connection, as CSV to --out, with the summary on stderr', async () => {
    const out = path.join(dir, 'workbooks.csv');
    const variables = file('v.json', '{"first": 100}');
    const run = await metadata([
      file('w.graphql', WORKBOOKS),
      '--variables',
      `@${variables}`,
      '--all',
      '--page-size',
      '100',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0].split(',')).toEqual(['luid', 'name', 'projectName', 'owner.username']);
    expect(lines).toHaveLength(351);
    expect(run.stderr).toMatch(
      /350 of 350 workbooksConnection nodes in 4 pages \(.*offset paging\)\.\n$/,
    );
  });

  it('refuses a malformed query or bad variables before signing in (exit 2, one line)', async () => {
    const before = proxy.tokens.size;
    const syntax = await metadata([file('bad.graphql', '{ workbooks { name }\n')]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toBe(
      'trestle metadata: Syntax Error: Expected Name, found <EOF>. (line 2, column 1)\n',
    );
    const variables = await metadata([file('w.graphql', WORKBOOKS), '--variables', '{first: 1}']);
    expect(variables.code).toBe(2);
    expect(variables.stderr).toMatch(/^trestle metadata: The variables are not valid JSON: .*\n$/);
    const all = await metadata([file('plain.graphql', '{ workbooks { name } }'), '--all']);
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/…Connection/);
    expect(proxy.tokens.size).toBe(before);
  });

  it('prints what data came and exits 1 when the answer carries GraphQL errors', async () => {
    sandbox.setFaults({ metadataNodeLimit: 20 });
    try {
      const run = await metadata([file('w.graphql', WORKBOOKS), '--variables', '{"first": 50}']);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).errors[0].extensions.code).toBe('NODE_LIMIT_EXCEEDED');
      expect(run.stderr).toMatch(/NODE_LIMIT_EXCEEDED/);
      expect(run.stderr).toMatch(/Fetch all lowers the page size/);
    } finally {
      sandbox.setFaults({ metadataNodeLimit: 20_000 });
    }
  });

  it('runs governance queries by id, and stale workbooks as a table', async () => {
    const list = await trestle(['metadata', '--presets']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^metadata-query\.certified-datasources\s+Certified data sources \(--all\)$/m,
    );
    const certified = await metadata([
      '--preset',
      'metadata-query.certified-datasources',
      '--all',
      '--format',
      'json',
    ]);
    expect(certified.code).toBe(0);
    const nodes = JSON.parse(certified.stdout) as { luid: string }[];
    expect(nodes.length).toBeGreaterThan(0);
    const stale = await metadata([
      '--preset',
      'metadata-query.stale-workbooks',
      '--days',
      '90',
      '--format',
      'table',
    ]);
    expect(stale.code).toBe(0);
    expect(stale.stdout.split('\n')[0]).toMatch(/^luid\s+name\s+projectName\s+owner/);
    expect(stale.stderr).toMatch(/candidates, not proof/);
  });

  it('never prints or writes a session token', async () => {
    for (const token of sandbox.sessions().map((s) => s.token)) proxy.tokens.add(token);
    expect(proxy.tokens.size).toBeGreaterThan(0);
    const written = fs.readFileSync(path.join(dir, 'workbooks.csv'), 'utf8');
    for (const token of proxy.tokens)
      for (const text of [...outputs, written]) expect(text.includes(token)).toBe(false);
    expect(sandbox.sessions()).toEqual([]);
  });
});
