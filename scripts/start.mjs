// `npm start`: build what is stale, then launch the Electron app. Electron ≥ 42 fetches its
// runtime on first launch; where that cannot happen (offline), say so in one paragraph and
// start the web host instead. `npm start -- --web` starts the web host at once; any other
// flags are the web host's (`--port`, `--key-file`…), passed through when it runs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, isStale } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

/**
 * Whether @electron/get already holds this version's zip (its cache: `electron_config_cache`,
 * else the OS cache folder), so installing it needs no download.
 */
function runtimeInCache() {
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return false;
  }
  const home = os.homedir();
  const roots = [
    process.env.electron_config_cache,
    process.platform === 'darwin'
      ? path.join(home, 'Library', 'Caches', 'electron')
      : process.platform === 'win32'
        ? path.join(
            process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'),
            'electron',
            'Cache',
          )
        : path.join(process.env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'electron'),
  ].filter(Boolean);
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  for (const root of roots) {
    try {
      for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
        if (entry.isFile() && entry.name === zip) return true;
        if (entry.isDirectory() && fs.existsSync(path.join(root, entry.name, zip))) return true;
      }
    } catch {
      // No such cache folder: nothing cached there.
    }
  }
  return false;
}

/** The Electron binary's path when the runtime is present, after trying to fetch it once. */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const read = () => {
    const pathFile = path.join(electronDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const binary = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8'));
    return fs.existsSync(binary) ? binary : null;
  };
  const present = read();
  if (present) return present;
  if (!fs.existsSync(path.join(electronDir, 'install.js'))) return null;
  // Said only when it is true: a runtime already in Electron's download cache is unpacked,
  // not fetched, and a launch with the runtime in place says nothing at all.
  process.stdout.write(
    runtimeInCache()
      ? 'Unpacking the Electron runtime from its download cache…\n'
      : 'Fetching the Electron runtime from GitHub (about 100 MB; kept once it arrives)…\n',
  );
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 180_000,
  });
  return result.status === 0 ? read() : null;
}

if (isStale()) {
  process.stdout.write('Building Trestle…\n');
  await build({ quiet: true });
}

const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const webArgs = args.filter((arg) => arg !== '--web');
const binary = webOnly ? null : electronBinary();
if (binary) {
  if (webArgs.length > 0)
    process.stdout.write(
      `(${webArgs.join(' ')}: flags of the web host, used only when Trestle runs as a web app — \`npm start -- --web ${webArgs.join(' ')}\` starts it so.)\n`,
    );
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!webOnly)
    process.stdout.write(
      '\nThe Electron runtime is not installed and could not be downloaded (this machine may be offline, ' +
        'or GitHub, where Electron publishes its runtime, may be unreachable). Trestle will run as a web app ' +
        'instead: the same engine and screens, served on 127.0.0.1 only, behind an access key. ' +
        'Open the URL below in your browser. To get the desktop app, run `npm start` again when online.\n\n',
    );
  const child = spawn(
    process.execPath,
    [path.join(root, 'dist', 'web-host', 'web-host.mjs'), ...webArgs],
    { stdio: 'inherit', cwd: root },
  );
  // Ctrl+C reaches both processes; wait for the host to close before exiting.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
