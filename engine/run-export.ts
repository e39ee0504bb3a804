import type { OperationSnapshot } from '../shared/operations';
import { runReportCsv, runReportJson, runReportJunit } from '../shared/run-report';
import { EngineError } from './errors';
import type { ExportFile } from './index';
import { writeChunksAtomically } from './export';

export type RunReportFormat = 'json' | 'csv' | 'junit';

/** A name for the report file: the run's name cut to safe characters, and the time. */
function reportName(name: string, format: RunReportFormat, now = new Date()): string {
  const base =
    name
      .replace(/^Run: /, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'run';
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${base}-${stamp}.${format === 'junit' ? 'junit.xml' : format}`;
}

/**
 * A finished (or cancelled) collection run's results as a file — the JSON outcome, a CSV line
 * per step, or JUnit XML for CI — from the same report functions `trestle run` writes with.
 */
export function runReportFile(snapshot: OperationSnapshot, format: RunReportFormat): ExportFile {
  const outcome = snapshot.outcome;
  if (snapshot.kind !== 'run' || outcome?.kind !== 'run')
    throw new EngineError(
      'export.notRun',
      snapshot.state === 'running'
        ? 'The run has not finished yet: export it when it ends.'
        : 'That operation is not a collection run, or it ended without results.',
    );
  const text =
    format === 'json'
      ? runReportJson(outcome)
      : format === 'csv'
        ? runReportCsv(outcome)
        : runReportJunit(outcome);
  return {
    name: reportName(outcome.name, format),
    contentType:
      format === 'json' ? 'application/json' : format === 'csv' ? 'text/csv' : 'application/xml',
    rows: outcome.results.length,
    writeTo: (target) => writeChunksAtomically(target, [text]),
  };
}
