import Papa from 'papaparse';
import type { UsersOutcome } from './users-ops';

/** A users import (or its dry run, or an undo) as CSV: one line per row of the file. */
export function usersReportCsv(outcome: UsersOutcome): string {
  const rows = outcome.rows.map((r) => ({
    line: r.line > 0 ? r.line : '',
    name: r.name,
    action: r.action,
    changes: r.changes,
    state: outcome.dryRun && r.state === 'planned' ? 'planned (dry run)' : r.state,
    userId: r.userId ?? '',
    problems: r.problems.join(' '),
    warnings: r.warnings.join(' '),
    error: r.error ? `${r.error.code} ${r.error.message}` : '',
    explanation: r.error?.explanation ?? '',
  }));
  // escapeFormulae: a name such as "=HYPERLINK(…)" is not run by a spreadsheet.
  return Papa.unparse(rows, { escapeFormulae: true, newline: '\r\n' }) + '\r\n';
}
