/**
 * `GET /__sandbox/big-json?mb=N`: a Tableau-shaped, unpaginated users list of about N MB
 * (1–200, default 100), generated while it streams, for client parsing benchmarks. Memory
 * stays at one chunk: each chunk is written only after the socket has drained the last.
 */
import type { ServerResponse } from 'node:http';
import { FIRST_NAMES, LAST_NAMES } from '../data/names';

const ROLES = ['Viewer', 'Explorer', 'ExplorerCanPublish', 'Creator', 'SiteAdministratorExplorer'];
const CHUNK_BYTES = 64 * 1024;
const DAY_MS = 86_400_000;

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, '0').slice(-width);
}

/** One user as Tableau's JSON writes it (`user_get_all_fields`-like attributes). */
function userJson(i: number, anchor: number): string {
  const first = FIRST_NAMES[i % FIRST_NAMES.length];
  const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length];
  const name = `${first}.${last}${i}`.toLowerCase();
  const id = `${hex(i * 2654435761, 8)}-${hex(i, 4)}-4${hex(i >> 4, 3)}-8${hex(i * 7, 3)}-${hex(i * 40503, 12)}`;
  const lastLogin = new Date(anchor - (i % 1000) * DAY_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return JSON.stringify({
    id,
    name,
    fullName: `${first} ${last}`,
    email: `${name}@example.com`,
    siteRole: ROLES[i % ROLES.length],
    authSetting: 'ServerDefault',
    lastLogin,
    externalAuthUserId: '',
    locale: 'en_US',
    language: 'en',
    domain: { name: 'local' },
  });
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Parses `mb`: an integer 1–200, 100 when absent; otherwise an error message. */
export function parseBigJsonSize(value: string | null): number | string {
  if (value === null || value === '') return 100;
  const mb = Number(value);
  if (!Number.isInteger(mb) || mb < 1 || mb > 200) return 'mb must be an integer from 1 to 200';
  return mb;
}

export async function streamBigJson(res: ServerResponse, mb: number): Promise<void> {
  const target = mb * 1024 * 1024;
  const head = '{"users":{"user":[';
  const tail = ']}}';
  res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' });
  let written = 0;
  let chunk = head;
  const anchor = Date.UTC(2025, 0, 1);
  for (let i = 0; ; i++) {
    const user = userJson(i, anchor);
    if (written + chunk.length + user.length + 1 + tail.length > target && i > 0) break;
    chunk += (i > 0 ? ',' : '') + user;
    if (chunk.length >= CHUNK_BYTES) {
      written += chunk.length;
      const ok = res.write(chunk);
      chunk = '';
      if (res.destroyed) return;
      if (!ok) await drained(res);
      if (res.destroyed) return;
    }
  }
  res.end(chunk + tail);
}
