import Papa from 'papaparse';
import type { RunOutcome, StepResult } from './run';

/**
 * A run's results for people and for CI: JSON (the outcome itself), CSV (one line per step)
 * and JUnit XML (one test suite per row, one test case per step), as Jenkins, GitLab and
 * GitHub's test reporters read it. Secrets are already masked in the outcome.
 */

export function runReportJson(outcome: RunOutcome): string {
  return JSON.stringify(outcome, null, 2) + '\n';
}

export function runReportCsv(outcome: RunOutcome): string {
  const rows = outcome.results.map((r) => ({
    row: r.row,
    step: r.step,
    folder: r.folder.join(' / '),
    name: r.name,
    method: r.method,
    url: r.url ?? '',
    status: r.status ?? '',
    totalMs: r.totalMs === null ? '' : Math.round(r.totalMs),
    state: r.state,
    error: r.error ? `${r.error.code} ${r.error.message}` : '',
    assertions: r.assertions
      .map((a) => `${a.passed ? '✔' : '✘'} ${a.label}${a.message ? ` (${a.message})` : ''}`)
      .join('; '),
    captures: r.captures
      .map((c) => `${c.name} = ${c.value ?? `(not set: ${c.message})`}`)
      .join('; '),
  }));
  // escapeFormulae: a cell starting with = + - @ is not run as a formula by a spreadsheet.
  return Papa.unparse(rows, { escapeFormulae: true, newline: '\r\n' }) + '\r\n';
}

/** XML 1.0 cannot hold these control characters, even escaped: they are dropped. */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

function xml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function failureText(r: StepResult): string {
  const lines: string[] = [];
  if (r.error)
    lines.push(
      `${r.error.code}: ${r.error.message}${r.error.explanation ? ` — ${r.error.explanation}` : ''}`,
    );
  for (const a of r.assertions)
    if (!a.passed) lines.push(`assertion failed: ${a.label}${a.message ? ` (${a.message})` : ''}`);
  return lines.join('\n');
}

export function runReportJunit(outcome: RunOutcome): string {
  const byRow = new Map<number, StepResult[]>();
  for (const r of outcome.results) byRow.set(r.row, [...(byRow.get(r.row) ?? []), r]);
  const suites = [...byRow].map(([row, results]) => {
    const failures = results.filter((r) => r.state === 'failed').length;
    const skipped = results.filter((r) => r.state === 'skipped').length;
    const time = results.reduce((t, r) => t + (r.totalMs ?? 0), 0) / 1000;
    const cases = results.map((r) => {
      const name = xml(`${r.step}. ${r.name}`);
      const classname = xml([outcome.name, ...r.folder].join('.'));
      const open = `    <testcase name="${name}" classname="${classname}" time="${((r.totalMs ?? 0) / 1000).toFixed(3)}"`;
      if (r.state === 'passed') return `${open}/>`;
      if (r.state === 'skipped')
        return `${open}>\n      <skipped message="${xml(r.error?.message ?? 'skipped')}"/>\n    </testcase>`;
      const text = failureText(r);
      const message = text.split('\n')[0] ?? 'failed';
      return `${open}>\n      <failure message="${xml(message)}">${xml(`${r.method} ${r.url ?? ''} → ${r.status ?? 'not sent'}\n${text}`)}</failure>\n    </testcase>`;
    });
    const suiteName = xml(outcome.rows > 1 ? `${outcome.name} — row ${row}` : outcome.name);
    return `  <testsuite name="${suiteName}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const time = outcome.results.reduce((t, r) => t + (r.totalMs ?? 0), 0) / 1000;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(outcome.name)}" tests="${outcome.results.length}" failures="${outcome.failed}" errors="0" skipped="${outcome.skipped}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
