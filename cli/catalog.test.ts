import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, repoRoot, trestle, type Run } from './test-support';

const catalog = (...args: string[]) => trestle(['catalog', ...args]);

afterAll(removeScratch);

/** Runs npm itself (`npm exec`, `npm run`) in the repository, as a user types it. */
function npm(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: repoRoot, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('trestle catalog', () => {
  it('prints every preset as JSON with the fields a script needs', async () => {
    const { code, stdout } = await catalog('--json');
    expect(code).toBe(0);
    const presets = JSON.parse(stdout) as Record<string, unknown>[];
    expect(presets.length).toBeGreaterThan(300);
    for (const preset of presets) {
      for (const field of ['id', 'family', 'name', 'method', 'path', 'minVersion', 'paginated']) {
        expect(preset, `${String(preset.id)} lacks ${field}`).toHaveProperty(field);
      }
    }
  });

  it('keeps --json small by naming body schemas, and --full inlines them', async () => {
    const brief = await catalog('--json');
    const full = await catalog('--json', '--full');
    expect(full.code).toBe(0);
    expect(brief.stdout.length).toBeLessThan(full.stdout.length / 2);
    const signIn = (
      JSON.parse(brief.stdout) as { id: string; body?: Record<string, unknown> }[]
    ).find((preset) => preset.id === 'auth.sign-in');
    expect(signIn?.body).toMatchObject({ schemaRef: 'tsRequest/credentials' });
    expect(signIn?.body).not.toHaveProperty('schema');
  });

  it('lists matching presets as a table for --search, several words as one search', async () => {
    const { code, stdout } = await catalog('--search', 'users');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ID\s+METHOD\s+PATH/);
    expect(stdout).toContain('users.get-users-on-site');
    const words = await catalog('--search', 'sign', 'in');
    expect(words.stdout).toContain('auth.sign-in');
  });

  it('exits 2 with a one-line message for an unknown flag', async () => {
    const { code, stdout, stderr } = await catalog('--bogus');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("trestle catalog: Unknown flag --bogus. Run 'trestle catalog --help'.\n");
  });

  it('still answers to `npm run catalog`, as an alias of `trestle catalog`', async () => {
    const { code, stdout } = await npm(['run', '--silent', 'catalog', '--', '--search', 'users']);
    expect(code).toBe(0);
    expect(stdout).toContain('users.get-users-on-site');
  });

  it('is what `npx trestle` runs inside the repository (the package’s own bin, nothing fetched)', async () => {
    const { code, stdout } = await npm([
      'exec',
      '--offline',
      '--',
      'trestle',
      'catalog',
      '--search',
      'users',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('users.get-users-on-site');
  });
});
