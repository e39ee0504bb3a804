import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from './tar';

const files = [
  { path: 'collection.json', text: '{"trestle": "collection"}\n' },
  { path: 'Users/Get Users é ✓.request.json', text: '{"name": "Ünïcode 🚀"}\n' },
  { path: `${'deep/'.repeat(25)}x.request.json`, text: 'x'.repeat(1000) },
];

describe('tar archives of collection files', () => {
  it('tar -x unpacks them into the folder tree, byte for byte, and the same files make the same archive', () => {
    const archive = writeTar('Onboarding', files);
    expect(writeTar('Onboarding', files)).toEqual(archive);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-tar-'));
    try {
      const file = path.join(dir, 'a.tar');
      fs.writeFileSync(file, archive);
      execFileSync('tar', ['-xf', file, '-C', dir]);
      for (const f of files)
        expect(fs.readFileSync(path.join(dir, 'Onboarding', f.path), 'utf8')).toBe(f.text);
      // …and what tar itself writes reads back too.
      execFileSync('tar', ['-cf', path.join(dir, 'b.tar'), '-C', dir, 'Onboarding']);
      const back = readTar(new Uint8Array(fs.readFileSync(path.join(dir, 'b.tar'))));
      expect(back?.map((f) => f.path).sort()).toEqual(
        files.map((f) => `Onboarding/${f.path}`).sort(),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(readTar(archive)).toEqual(
      files.map((f) => ({ path: `Onboarding/${f.path}`, text: f.text })),
    );
  });

  it('refuses what is not a tar archive, or one too large', () => {
    expect(readTar(new Uint8Array(1024).fill(65))).toBeNull();
    expect(readTar(writeTar('', files), 100)).toBeNull();
  });
});
