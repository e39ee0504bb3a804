import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Paths asked for by convention rather than by the page: `/favicon.ico` is Trestle's SVG icon. */
const ALIASES: Record<string, string> = { '/': '/index.html', '/favicon.ico': '/icon.svg' };

/** Reads a file of the renderer build, refusing anything outside its folder. */
export async function readBuildFile(
  root: string,
  urlPath: string,
): Promise<{ body: Buffer; type: string } | null> {
  const relative = decodeURIComponent(ALIASES[urlPath] ?? urlPath);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) return null;
  try {
    const body = await fs.readFile(file);
    return { body, type: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}
