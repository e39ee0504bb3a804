import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Trestle's install folder (the one with its package.json), found from a module's URL: the
 * same answer from a source file run by tsx and from its bundle under `dist/`.
 */
export function appRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'trestle')
          return dir;
      } catch {
        // Not ours (or unreadable): keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Trestle’s package.json was not found above ' + moduleUrl);
    dir = parent;
  }
}
