import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuildFile } from './static-files';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-build-'));
fs.writeFileSync(path.join(root, 'index.html'), '<div id="root"></div>');
fs.writeFileSync(path.join(root, 'icon.svg'), '<svg><title>Trestle</title></svg>');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the renderer build as files', () => {
  it('serves the icon as the favicon a browser asks for by convention', async () => {
    const favicon = await readBuildFile(root, '/favicon.ico');
    expect(favicon?.type).toBe('image/svg+xml');
    expect(favicon?.body.toString()).toContain('<title>Trestle</title>');
    expect((await readBuildFile(root, '/'))?.type).toBe('text/html; charset=utf-8');
  });

  it('refuses paths outside the build', async () => {
    expect(await readBuildFile(root, '/../../etc/passwd')).toBeNull();
    expect(await readBuildFile(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
  });
});
