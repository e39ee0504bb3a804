import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFlags, usage, UsageError } from '../engine/host/cli-args';
import { benchFetchAll } from './fetch-all';
import { benchImport } from './import';
import { benchMetadata } from './metadata';
import { benchAudit } from './audit';
import { benchBulk } from './bulk';
import { benchOverhead } from './overhead';
import { benchPublish } from './publish';
import { benchRunChain } from './run-chain';
import { benchStartup } from './startup';
import { summarize } from './stats';
import { benchViewer } from './viewer';

/**
 * `npm run bench`: Trestle against a sequential pager, newman and the physical floor, in one
 * run, printed as a table and written as JSON (`--json FILE`). Benchmarks, not tests: nothing
 * here fails because a machine is slow.
 */
const flags = {
  json: { kind: 'string', description: 'write the figures as JSON to this file' },
  quick: { kind: 'boolean', description: 'fewer repetitions, for a smoke run' },
  only: {
    kind: 'string',
    description:
      'comma-separated: fetchAll,fetchAll100k,metadata,overhead,run,bulk,audit,import,viewer,startup',
  },
  help: { kind: 'boolean', description: 'show this help' },
} as const;

async function main(): Promise<void> {
  let options;
  try {
    options = parseFlags(process.argv.slice(2), flags);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n${usage('npm run bench --', flags)}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (options.help) return void process.stdout.write(`${usage('npm run bench --', flags)}\n`);
  const all = [
    'fetchAll',
    'fetchAll100k',
    'metadata',
    'overhead',
    'run',
    'bulk',
    'audit',
    'import',
    'publish',
    'viewer',
    'startup',
  ];
  const only = options.only ? options.only.split(',') : all;
  const unknown = only.filter((name) => !all.includes(name));
  if (unknown.length) {
    process.stderr.write(
      `bench: unknown benchmark ${unknown.join(', ')}; choose from ${all.join(', ')}\n`,
    );
    process.exit(2);
  }
  const quick = Boolean(options.quick);
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
  };
  process.stdout.write(
    `Trestle benchmarks — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}${quick ? ' — quick run' : ''}\n\n`,
  );
  const figures: Record<string, unknown> = { machine, quick, at: new Date().toISOString() };
  const rows: string[][] = [];
  const failures: string[] = [];
  /** Runs one benchmark; a failure is reported and the others still run. */
  const attempt = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
      process.stderr.write(`bench: ${name} failed: ${(error as Error).message}\n`);
      return null;
    }
  };
  const row = (
    name: string,
    values: number[],
    unit: string,
    baseline?: { name: string; median: number }[],
  ) => {
    const s = summarize(values);
    const ratios = (baseline ?? [])
      .map((b) => `${(b.median / s.median).toFixed(1)}× vs ${b.name}`)
      .join(', ');
    rows.push([
      name,
      `${s.median.toFixed(unit === 's' ? 2 : 1)} ${unit}`,
      s.min.toFixed(unit === 's' ? 2 : 1),
      s.max.toFixed(unit === 's' ? 2 : 1),
      ratios,
    ]);
    return s;
  };

  for (const [key, users] of [
    ['fetchAll', 10_000],
    ['fetchAll100k', 100_000],
  ] as const) {
    if (!only.includes(key)) continue;
    process.stdout.write(
      `fetch-all: ${users.toLocaleString('en')} users, pageSize 100, latency 50 ± 5 ms…\n`,
    );
    const f = await attempt(key, () => benchFetchAll(users, quick ? 1 : users > 10_000 ? 2 : 3));
    if (!f) continue;
    const seq = row(`${key}.sequential_s`, f.sequential_s, 's');
    const nm = row(`${key}.newman_s`, f.newman_s, 's');
    const base = [
      { name: 'sequential', median: seq.median },
      { name: 'newman', median: nm.median },
    ];
    const c4 = row(`${key}.trestle_c4_s`, f.trestle_c4_s, 's', base);
    const c8 = row(`${key}.trestle_c8_s`, f.trestle_c8_s, 's', base);
    const auto = row(`${key}.trestle_auto_s`, f.trestle_auto_s, 's', base);
    rows.push([
      `${key}.floor_c8_s`,
      `${f.floor_c8_s.toFixed(2)} s`,
      '',
      '',
      `c8 is ${(c8.median / f.floor_c8_s).toFixed(2)}× the floor`,
    ]);
    figures[key] = {
      users: f.users,
      pages: f.pages,
      sequential_s: seq.median,
      newman_s: nm.median,
      trestle_c4_s: c4.median,
      trestle_c8_s: c8.median,
      trestle_auto_s: auto.median,
      floor_c8_s: f.floor_c8_s,
      samples: f,
    };
    if (key === 'fetchAll100k') figures.memory = { fetchAll100k_mb: f.hostPeakRss_mb };
    if (key === 'fetchAll100k')
      rows.push([
        'memory.fetchAll100k_mb',
        `${f.hostPeakRss_mb?.toFixed(0)} MB`,
        '',
        '',
        'peak RSS of the web host process',
      ]);
  }
  if (only.includes('metadata')) {
    process.stdout.write(
      'metadata: 10,000 workbooks through the Metadata API, latency 50 ± 5 ms: cursors 100 a page one by one vs Trestle…\n',
    );
    const m = await attempt('metadata', () => benchMetadata(quick ? 1 : 3));
    if (m) {
      const seq = row('metadata.cursor_seq_s', m.cursor_seq_s, 's');
      const tr = row('metadata.trestle_s', m.trestle_s, 's', [
        { name: 'sequential cursors', median: seq.median },
      ]);
      rows.push([
        'metadata.floor_s',
        `${m.floor_s.toFixed(2)} s`,
        '',
        '',
        `${m.trestle_pages} ${m.trestle_paging} pages; Trestle is ${(tr.median / m.floor_s).toFixed(2)}× the floor`,
      ]);
      figures.metadata = {
        workbooks: m.workbooks,
        cursor_seq_s: seq.median,
        trestle_s: tr.median,
        ratio: seq.median / tr.median,
        floor_s: m.floor_s,
        samples: m,
      };
    }
  }
  if (only.includes('overhead')) {
    process.stdout.write(
      'overhead: 1,000 small requests, raw fetch vs Trestle via the web host bridge…\n',
    );
    const o = await attempt('overhead', () => benchOverhead(quick ? 200 : 1000));
    if (o) figures.overhead = o;
  }
  if (figures.overhead) {
    const o = figures.overhead as Awaited<ReturnType<typeof benchOverhead>>;
    rows.push([
      'overhead.median_ms',
      `${o.median_ms.toFixed(2)} ms`,
      '',
      '',
      `raw ${o.raw_median_ms.toFixed(2)} ms, Trestle ${o.trestle_median_ms.toFixed(2)} ms`,
    ]);
    rows.push(['overhead.p95_ms', `${o.p95_ms.toFixed(2)} ms`, '', '', '']);
  }
  if (only.includes('run')) {
    process.stdout.write(
      'run: a 100-request chain (list/create/update/delete) by trestle run and by newman, whole processes, latency 50 ± 5 ms…\n',
    );
    const r = await attempt('run', () => benchRunChain(quick ? 1 : 3));
    if (r) {
      const nm = row('run.newman_s', r.newman_s, 's');
      const tr = row('run.trestle_s', r.trestle_s, 's', [{ name: 'newman', median: nm.median }]);
      // Beyond the chain's own latency: start-up, sign-in/out and each step's handling, per step.
      const perStep = ((tr.median - r.floor_s) * 1000) / r.requests;
      rows.push([
        'run.floor_s',
        `${r.floor_s.toFixed(2)} s`,
        '',
        '',
        `${r.requests} requests one after another at 50 ms; the whole trestle process is ${perStep.toFixed(1)} ms a step beyond it (start-up, sign-in and out included)`,
      ]);
      const step = row('run.step_overhead_ms', r.step_overhead_ms, 'ms');
      figures.run = {
        step_overhead_ms: step.median,
        trestle_s: tr.median,
        newman_s: nm.median,
        floor_s: r.floor_s,
        overhead_ms_per_step: perStep,
        samples: r,
      };
    }
  }
  if (only.includes('bulk')) {
    process.stdout.write(
      'bulk: 1,000 users from a CSV at 50 ± 5 ms latency, Trestle (10 at once) vs a sequential loop…\n',
    );
    const b = await attempt('bulk', () => benchBulk(quick ? 1 : 3));
    if (b) {
      const lp = row('bulk.loop_s', b.loop_s, 's');
      const tr = row('bulk.trestle_s', b.trestle_s, 's', [{ name: 'loop', median: lp.median }]);
      rows.push([
        'bulk.floor_s',
        `${b.floor_s.toFixed(2)} s`,
        '',
        '',
        `ceil(${b.users} / ${b.concurrency}) × 50 ms; trestle is ${(tr.median / b.floor_s).toFixed(2)}× the floor`,
      ]);
      figures.bulk = { trestle_s: tr.median, loop_s: lp.median, floor_s: b.floor_s, samples: b };
    }
  }
  if (only.includes('audit')) {
    process.stdout.write(
      "audit: a permissions audit of the sandbox's Default site at 50 ± 5 ms latency, Trestle (10 at once) vs a sequential per-item loop…\n",
    );
    const a = await attempt('audit', () => benchAudit(quick ? 1 : 3));
    if (a) {
      const lp = row('audit.loop_s', a.loop_s, 's');
      const tr = row('audit.trestle_s', a.trestle_s, 's', [{ name: 'loop', median: lp.median }]);
      figures.audit = {
        trestle_s: tr.median,
        loop_s: lp.median,
        queries: a.queries,
        rules: a.rules,
        samples: a,
      };
    }
  }
  if (only.includes('import')) {
    process.stdout.write(
      "import: Tableau's Postman collection (347 requests) into a Trestle collection…\n",
    );
    const i = await attempt('import', () => benchImport(quick ? 5 : 20));
    if (i) {
      const s = row('import.postman_ms', i.postman_ms, 'ms');
      rows.push([
        'import.postman_cold_ms',
        `${i.cold_ms.toFixed(1)} ms`,
        '',
        '',
        `${i.requests} requests, ${i.mapped} linked to presets; first import (path index built); ${i.source}`,
      ]);
      figures.import = {
        postman_ms: s.median,
        cold_ms: i.cold_ms,
        requests: i.requests,
        mapped: i.mapped,
        source: i.source,
        samples: i.postman_ms,
      };
    }
  }
  if (only.includes('viewer')) {
    process.stdout.write('viewer: 100,000-user fetch-all and a 100 MB JSON body in Chromium…\n');
    const v = await attempt('viewer', benchViewer);
    if (v) figures.viewer = v;
  }
  if (figures.viewer) {
    const v = figures.viewer as Awaited<ReturnType<typeof benchViewer>>;
    rows.push([
      'viewer.firstRows_ms',
      `${v.firstRows_ms.toFixed(0)} ms`,
      '',
      '',
      `100 MB body: ${v.bigBody_firstRows_ms.toFixed(0)} ms`,
    ]);
    rows.push([
      'viewer.longestTask_ms',
      `${v.longestTask_ms.toFixed(0)} ms`,
      '',
      '',
      'while scrolling 10,000 rows',
    ]);
    rows.push(['viewer.heap_mb', `${v.heap_mb.toFixed(0)} MB`, '', '', 'renderer JS heap']);
  }
  if (only.includes('publish')) {
    const megabytes = quick ? 256 : 1024;
    process.stdout.write(
      `publish: a ${megabytes} MB file in 50 MB chunks at 20 ms latency, Trestle (web host) vs a plain sequential loop as TSC publishes…\n`,
    );
    const p = await attempt('publish', () => benchPublish(megabytes, quick ? 1 : 3));
    if (p) {
      const loop = row('publish.loop_s', p.loop_s, 's');
      row('publish.trestle_s', p.trestle_s, 's', [{ name: 'the plain loop', median: loop.median }]);
      rows.push([
        'publish.trestle_mb_s',
        `${p.trestle_mb_s.toFixed(0)} MB/s`,
        '',
        '',
        `the plain loop ${p.loop_mb_s.toFixed(0)} MB/s (${(p.trestle_mb_s / p.loop_mb_s).toFixed(2)}×)`,
      ]);
      rows.push([
        'publish.peak_rss_mb',
        `${p.host_rss_peak_mb.toFixed(0)} MB`,
        '',
        '',
        `web host: ${p.host_rss_before_mb.toFixed(0)} MB before, +${p.host_rss_growth_mb.toFixed(0)} MB during a ${p.file_mb} MB publish`,
      ]);
      figures.publish = {
        file_mb: p.file_mb,
        chunks: p.chunks,
        trestle_mb_s: p.trestle_mb_s,
        loop_mb_s: p.loop_mb_s,
        peak_rss_mb: p.host_rss_peak_mb,
        rss_before_mb: p.host_rss_before_mb,
        rss_growth_mb: p.host_rss_growth_mb,
        samples: p,
      };
    }
  }
  if (only.includes('startup')) {
    process.stdout.write('startup: web host start to catalog shown, 5 runs…\n');
    const values = await attempt('startup', () => benchStartup(quick ? 2 : 5));
    if (values) {
      const s = row('startup.ready_ms', values, 'ms');
      figures.startup = { ready_ms: s.median, samples: values };
    }
  }

  const header = ['benchmark', 'median', 'min', 'max', 'ratio / note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  process.stdout.write(
    `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`,
  );
  if (options.json) {
    fs.mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    fs.writeFileSync(options.json, JSON.stringify(figures, null, 2));
    process.stdout.write(`\nFigures written to ${options.json}\n`);
  }
  if (failures.length) {
    process.stderr.write(`\n${failures.length} benchmark(s) failed:\n  ${failures.join('\n  ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
