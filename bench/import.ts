import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { catalog } from '../shared/catalog';
import { importPostmanCollection } from '../shared/interop/postman-import';

/**
 * `import.postman_ms`: Tableau's official Postman collection (347 requests, 0.5 MB,
 * tableau/tableau-postman) read, converted, linked to presets and reported, as the Import
 * dialog and `trestle import postman` do it. The file is read from TABLEAU_POSTMAN_COLLECTION,
 * or from the search tool's mirror of the repository; where neither is on the machine, a
 * collection of the same shape is made from the catalog (347 requests in 24 folders, XML
 * bodies, `{{base-path}}` URLs and `:param` path variables) and the figure says so.
 */

function official(): { text: string; source: string } | null {
  const file = process.env.TABLEAU_POSTMAN_COLLECTION;
  if (file && fs.existsSync(file)) return { text: fs.readFileSync(file, 'utf8'), source: file };
  const mirror = path.resolve(import.meta.dirname, '../../.mirror/tableau+tableau-postman/repo');
  if (!fs.existsSync(mirror)) return null;
  try {
    const text = execFileSync(
      'git',
      [
        '--git-dir',
        mirror,
        'show',
        'HEAD:Postman Collections/Tableau_REST_API.postman_collection.json',
      ],
      { encoding: 'utf8', maxBuffer: 20_000_000 },
    );
    return { text, source: 'tableau/tableau-postman (mirror)' };
  } catch {
    return null;
  }
}

/** 347 catalog requests written the way Tableau's collection writes them. */
function lookalike(): string {
  const presets = catalog.filter((p) => p.path.startsWith('/api/{api-version}/')).slice(0, 347);
  const folders = new Map<string, unknown[]>();
  for (const p of presets) {
    const segments = p.path
      .replace('/api/{api-version}', '')
      .split('/')
      .filter(Boolean)
      .map((s) => (s === '{site-id}' ? '{{site-id}}' : s.replace(/^\{(.+)\}$/, ':$1')));
    const variables = segments
      .filter((s) => s.startsWith(':'))
      .map((s) => ({ key: s.slice(1), value: `{{${s.slice(1)}}}` }));
    const item = {
      name: p.name,
      request: {
        method: p.method,
        header: [],
        ...(p.body?.template
          ? {
              body: {
                mode: 'raw',
                raw: `<tsRequest>\n  <!-- ${p.name} -->\n</tsRequest>`,
                options: { raw: { language: 'xml' } },
              },
            }
          : {}),
        url: {
          raw: `{{base-path}}/${segments.join('/')}`,
          host: ['{{base-path}}'],
          path: segments,
          variable: variables,
        },
        description: p.docUrl,
      },
      event: [{ listen: 'test', script: { exec: [''], type: 'text/javascript' } }],
    };
    const list = folders.get(p.family) ?? [];
    list.push(item);
    folders.set(p.family, list);
  }
  return JSON.stringify({
    info: {
      name: 'Tableau REST API (lookalike)',
      schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json',
    },
    auth: { type: 'apikey', apikey: { value: '{{api-key}}', key: 'X-Tableau-Auth' } },
    variable: [{ key: 'base-path', value: '{{protocol}}://{{server}}/api/{{api-version}}' }],
    item: [...folders].map(([name, item]) => ({ name, item })),
  });
}

export interface ImportBench {
  source: string;
  requests: number;
  mapped: number;
  bytes: number;
  /** The first import in the process, building the catalog's path index. */
  cold_ms: number;
  postman_ms: number[];
}

export async function benchImport(repetitions: number): Promise<ImportBench> {
  const found = official();
  const text = found?.text ?? lookalike();
  const source =
    found?.source ??
    'a 347-request lookalike made from the catalog (Tableau’s file is not on this machine)';
  const once = () => {
    const start = performance.now();
    const result = importPostmanCollection(text);
    const ms = performance.now() - start;
    if (!result.ok) throw new Error(result.error.message);
    return { ms, result };
  };
  const first = once();
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) samples.push(once().ms);
  return {
    source,
    requests: first.result.report.counts.requests,
    mapped: first.result.report.counts.mapped,
    bytes: text.length,
    cold_ms: first.ms,
    postman_ms: samples,
  };
}
