/**
 * What an import says about itself (DESIGN.md §13): per request, what was mapped, changed or
 * dropped and why, with counts — never a silent loss. Pure data, shown by the app's Import
 * dialog and printed by `trestle import`.
 */

export type ImportNoteKind = 'mapped' | 'changed' | 'dropped';

export interface ImportNote {
  kind: ImportNoteKind;
  /** What it is about, in the user's words: "X-Tableau-Auth header", "pre-request script". */
  what: string;
  /** Why, and what Trestle does instead. */
  why: string;
}

export interface RequestReport {
  /** Folder names from the collection's root down to the request's folder. */
  folder: string[];
  name: string;
  method: string;
  /** The path as Trestle keeps it, with `{placeholders}`. */
  path: string;
  /** The catalog preset the request is linked to, when its method and path match one. */
  presetId?: string;
  notes: ImportNote[];
}

export interface ImportCounts {
  requests: number;
  folders: number;
  /** Requests linked to a catalog preset. */
  mapped: number;
  /** Requests kept as plain requests (no preset matched). */
  plain: number;
  /** Sign-in, sign-out and switch-site requests, kept but replaced by the connection's session. */
  session: number;
  /** Collection and folder variables kept. */
  variables: number;
  /** Notes of each kind, over the whole import. */
  changed: number;
  dropped: number;
}

export interface ImportReport {
  /** What was read: "Postman collection v2.1", "curl", "Trestle collection files". */
  source: string;
  name: string;
  counts: ImportCounts;
  /** Notes about the collection as a whole (its auth, scripts, variables). */
  notes: ImportNote[];
  requests: RequestReport[];
}

/** A suggested connection read from the import: the server and site the requests were aimed at. */
export interface ConnectionHint {
  /** An origin such as `https://tableau.example.com`, when the file names one. */
  serverUrl?: string;
  /** The site's content URL, when the file names one ("" is the Default site). */
  siteContentUrl?: string;
  /** A PAT name or user name the file's sign-in named (never a secret). */
  identity?: string;
  authKind?: 'pat' | 'password' | 'jwt';
}

/** Bad input: a code (as EngineError codes read) and one sentence; nothing was imported. */
export interface InteropError {
  code:
    | 'import.tooLarge'
    | 'import.notJson'
    | 'import.tooDeep'
    | 'import.tooMany'
    | 'import.wrongFormat'
    | 'import.empty'
    | 'import.badCurl'
    | 'import.badFiles';
  message: string;
  /** Where, when known: a line and column, a file, an item path. */
  detail?: string;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: InteropError };

export function emptyCounts(): ImportCounts {
  return {
    requests: 0,
    folders: 0,
    mapped: 0,
    plain: 0,
    session: 0,
    variables: 0,
    changed: 0,
    dropped: 0,
  };
}

/** Counts the notes of a report (collection notes and every request's). */
export function tallyNotes(report: ImportReport): void {
  let changed = 0;
  let dropped = 0;
  for (const note of [...report.notes, ...report.requests.flatMap((r) => r.notes)]) {
    if (note.kind === 'changed') changed++;
    if (note.kind === 'dropped') dropped++;
  }
  report.counts.changed = changed;
  report.counts.dropped = dropped;
}

/** The report as plain text: counts first, then each request with something to say. */
export function reportText(report: ImportReport, options: { all?: boolean } = {}): string {
  const c = report.counts;
  const share = c.requests ? ` (${((c.mapped / c.requests) * 100).toFixed(1)}%)` : '';
  const lines = [
    `${report.source} “${report.name}”: ${c.requests} requests in ${c.folders} folders; ${c.mapped} linked to catalog presets${share}, ${c.plain} plain; ${c.session} sign-in/out requests replaced by the connection's session; ${c.variables} variables; ${c.changed} changes, ${c.dropped} things not carried over.`,
  ];
  for (const note of report.notes) lines.push(`  ${note.kind}: ${note.what} — ${note.why}`);
  for (const request of report.requests) {
    const shown = options.all ? request.notes : request.notes.filter((n) => n.kind !== 'mapped');
    if (shown.length === 0) continue;
    const where = [...request.folder, request.name].join(' / ');
    lines.push(`${where} (${request.method} ${request.path})`);
    for (const note of shown) lines.push(`  ${note.kind}: ${note.what} — ${note.why}`);
  }
  return lines.join('\n');
}
