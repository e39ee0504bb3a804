#!/usr/bin/env node
// The `trestle` command (package.json "bin"). It runs the bundle `dist/cli/trestle.mjs` when
// that was built from the sources as they are now (fast start), and otherwise the TypeScript
// sources through tsx, so `npx trestle` works on a fresh clone with no build step.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'trestle.mjs');
const manifest = path.join(root, 'dist', 'cli', 'trestle.inputs.json');

/** Fresh when no file the bundle was built from has changed since the build started. */
function bundleIsFresh() {
  if (process.env.TRESTLE_FROM_SOURCE === '1') return false;
  try {
    const { builtAt, inputs } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (!fs.existsSync(bundle)) return false;
    return inputs.every((input) => fs.statSync(path.join(root, input)).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

async function load() {
  if (bundleIsFresh()) return import(pathToFileURL(bundle).href);
  let tsImport;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'trestle: the built command (dist/cli) is missing or out of date, and tsx is not installed to run the sources. Run `npm install`, or `npm run build`.\n',
    );
    process.exit(1);
  }
  return tsImport('../cli/main.ts', import.meta.url);
}

let code;
try {
  const { main } = await load();
  code = await main(process.argv.slice(2));
} catch (error) {
  // main() reports its own failures; this is a broken install (a module that will not load).
  process.stderr.write(
    `trestle: could not start: ${String(error?.message ?? error).split('\n')[0]}\n`,
  );
  code = 1;
}
// Exit once stdout and stderr have drained, without waiting for idle keep-alive sockets.
let pending = 2;
const done = () => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write('', done);
process.stderr.write('', done);
