// Builds Trestle: the renderer with Vite (Monaco bundled, nothing from a CDN), the Electron
// main process as one ESM file and the preload as one CommonJS file with esbuild.
// `--if-stale` skips the work when no source file is newer than the last build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const sources = [
  'renderer',
  'shared',
  'engine',
  'electron',
  'web-host',
  'cli',
  'sandbox',
  'package.json',
  'vite.config.ts',
];

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function isStale() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

export async function build({ quiet = false } = {}) {
  const { build: viteBuild } = await import('vite');
  const esbuild = await import('esbuild');
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: quiet ? 'warn' : 'info',
  });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
    legalComments: 'none',
  };
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron/main.ts')],
    outfile: path.join(dist, 'electron/main.mjs'),
    format: 'esm',
    // Bundled CommonJS dependencies may call require(); give them one.
    banner: {
      js: "import { createRequire as __trestleRequire } from 'node:module'; const require = __trestleRequire(import.meta.url);",
    },
  });
  // The web host as one file: `npm run web` starts in a fraction of the time tsx would take.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'web-host/cli.ts')],
    outfile: path.join(dist, 'web-host/web-host.mjs'),
    format: 'esm',
    banner: {
      js: "import { createRequire as __trestleRequire } from 'node:module'; const require = __trestleRequire(import.meta.url);",
    },
  });
  // The `trestle` command as one file, with the list of files it was built from: bin/trestle.mjs
  // runs it while none of them has changed, and the sources through tsx otherwise.
  const cliBuiltAt = Date.now();
  const cli = await esbuild.build({
    ...common,
    absWorkingDir: root,
    entryPoints: [path.join(root, 'cli/main.ts')],
    outfile: path.join(dist, 'cli/trestle.mjs'),
    format: 'esm',
    metafile: true,
    banner: {
      js: "import { createRequire as __trestleRequire } from 'node:module'; const require = __trestleRequire(import.meta.url);",
    },
  });
  fs.writeFileSync(
    path.join(dist, 'cli/trestle.inputs.json'),
    JSON.stringify({ builtAt: cliBuiltAt, inputs: Object.keys(cli.metafile.inputs) }),
  );
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron/preload.ts')],
    outfile: path.join(dist, 'electron/preload.cjs'),
    format: 'cjs',
    platform: 'browser',
  });
  fs.writeFileSync(stamp, new Date().toISOString());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) {
    process.stdout.write('Build is up to date.\n');
  } else {
    build({ quiet: ifStale }).catch((error) => {
      process.stderr.write(`Build failed: ${error?.message ?? error}\n`);
      process.exit(1);
    });
  }
}
