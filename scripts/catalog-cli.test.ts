import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsxCli = resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs');

/** Runs the catalog CLI the way `npm run catalog` does, without a shell. */
function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, [tsxCli, 'scripts/catalog-cli.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('catalog CLI', () => {
  it('prints every preset as JSON with the fields a script needs', () => {
    const { code, stdout } = runCli('--json');
    expect(code).toBe(0);
    const presets = JSON.parse(stdout) as Record<string, unknown>[];
    expect(presets.length).toBeGreaterThan(300);
    for (const preset of presets) {
      for (const field of ['id', 'family', 'name', 'method', 'path', 'minVersion', 'paginated']) {
        expect(preset, `${String(preset.id)} lacks ${field}`).toHaveProperty(field);
      }
    }
  }, 60_000);

  it('keeps --json small by naming body schemas, and --full inlines them', () => {
    const brief = runCli('--json');
    const full = runCli('--json', '--full');
    expect(full.code).toBe(0);
    expect(brief.stdout.length).toBeLessThan(full.stdout.length / 2);
    const signIn = (
      JSON.parse(brief.stdout) as { id: string; body?: Record<string, unknown> }[]
    ).find((preset) => preset.id === 'auth.sign-in');
    expect(signIn?.body).toMatchObject({ schemaRef: 'tsRequest/credentials' });
    expect(signIn?.body).not.toHaveProperty('schema');
  }, 60_000);

  it('lists matching presets as a table for --search', () => {
    const { code, stdout } = runCli('--search', 'users');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ID\s+METHOD\s+PATH/);
    expect(stdout).toContain('users.get-users-on-site');
  }, 60_000);

  it('exits 2 with a one-line message for an unknown flag', () => {
    const { code, stdout, stderr } = runCli('--bogus');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^catalog: unknown option: --bogus\. Usage:/);
  }, 60_000);
});
