import { compareApiVersions, isApiVersion } from '../catalog/versions';

/**
 * Tableau's own CSV import for new users (Import Users to Site from CSV, REST API 3.15):
 * one `POST /sites/{site}/users/import` with a `request_payload` naming each user's auth
 * setting and a `tableau_user_import` CSV without header (user name, password, display name,
 * license level, admin level, publishing capability, email), answered with a UserImport job
 * (next-wave-facts.md "Bulk users"; TSC `users.bulk_add`). Pure: the file, the payload and the
 * job's notes; the engine sends and follows.
 */

export const CSV_IMPORT_MIN_API = '3.15';

/**
 * From how many new users the import is offered. Below a few hundred, one call per user at
 * the default concurrency ends in seconds and each row gets Tableau's own error; above, the
 * per-user path costs two calls a user (create, then name/email/password) and meets Tableau
 * Cloud's rate limits, while the import is one request and a job to follow.
 */
export const CSV_IMPORT_THRESHOLD = 300;

export function csvImportSupported(apiVersion: string | null | undefined): boolean {
  return (
    !!apiVersion &&
    isApiVersion(apiVersion) &&
    compareApiVersions(apiVersion, CSV_IMPORT_MIN_API) >= 0
  );
}

/** Whether the dialog and the CLI offer the import for this many new users. */
export function offerCsvImport(apiVersion: string | null | undefined, creates: number): boolean {
  return csvImportSupported(apiVersion) && creates > CSV_IMPORT_THRESHOLD;
}

/**
 * A site role as the file's license level, admin level and publishing columns (the inverse of
 * tabcmd's mapping), or null for roles the file cannot express (Guest, SupportUser): those
 * users are added one call each.
 */
export function importColumns(
  siteRole: string,
): [license: string, admin: string, publish: string] | null {
  switch (siteRole) {
    case 'Creator':
      return ['Creator', 'None', 'yes'];
    case 'Explorer':
      return ['Explorer', 'None', 'no'];
    case 'ExplorerCanPublish':
      return ['Explorer', 'None', 'yes'];
    case 'SiteAdministratorCreator':
      return ['Creator', 'Site', 'yes'];
    case 'SiteAdministratorExplorer':
      return ['Explorer', 'Site', 'yes'];
    case 'ServerAdministrator':
      return ['Creator', 'System', 'yes'];
    case 'Viewer':
      return ['Viewer', 'None', 'no'];
    case 'Unlicensed':
      return ['Unlicensed', 'None', 'no'];
    default:
      return null;
  }
}

export interface ImportUser {
  name: string;
  siteRole: string;
  authSetting: string | null;
  fullName: string | null;
  email: string | null;
  password: string | null;
}

function csvCell(value: string | null): string {
  const v = (value ?? '').replace(/[\r\n]+/g, ' ');
  return /[",]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The `tableau_user_import` file: one line per user, in the order given (line N = users[N-1]). */
export function importCsv(users: ImportUser[]): string {
  return users
    .map((u) => {
      const [license, admin, publish] = importColumns(u.siteRole) ?? ['', '', ''];
      return [u.name, u.password, u.fullName, license, admin, publish, u.email]
        .map(csvCell)
        .join(',');
    })
    .join('\n')
    .concat('\n');
}

function xmlAttr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The `request_payload`: `<user name authSetting/>` for each user, as Tableau documents it. */
export function importPayload(users: ImportUser[]): string {
  const lines = users.map(
    (u) =>
      `<user name="${xmlAttr(u.name)}" authSetting="${xmlAttr(u.authSetting ?? 'ServerDefault')}"/>`,
  );
  return `<tsRequest>${lines.join('')}</tsRequest>`;
}

export interface ImportNotes {
  /** The count notes by type (CountOfUsersProcessed, CountOfUsersAddedToSite…). */
  counts: Record<string, number>;
  /** Why a line was not imported, by the line of the import file it is about. */
  lines: Map<number, string>;
  /** Notes that name no line, as text. */
  other: string[];
}

/**
 * A finished UserImport job's `statusNotes` (JSON): the counts, and the notes that name a line
 * ("Line 3 (name): why"), which become that row's failure.
 */
export function readImportNotes(jobBody: unknown): ImportNotes {
  const job = (jobBody as { job?: { statusNotes?: { statusNote?: unknown } } } | null)?.job;
  const raw = job?.statusNotes?.statusNote;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  const notes: ImportNotes = { counts: {}, lines: new Map(), other: [] };
  for (const note of list) {
    const type = String(note.type ?? '');
    const text = note.text === undefined ? '' : String(note.text);
    const line = /^Line (\d+)\b[^:]*:\s*(.*)$/s.exec(text);
    if (line) notes.lines.set(Number(line[1]), line[2]);
    else if (/^CountOf/.test(type) && note.value !== undefined) {
      notes.counts[type] = (notes.counts[type] ?? 0) + Number(note.value);
      continue;
    } else if (text) notes.other.push(text);
  }
  return notes;
}
