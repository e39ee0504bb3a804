import Papa from 'papaparse';

/**
 * Users from a CSV, in either of the two shapes admins have (issue 14):
 * - tabcmd's `createsiteusers` file, no header: user name, password, display name, license
 *   level, admin level, publisher, email (Tableau's "CSV import file guidelines");
 * - a headed file: `name, siteRole, authSetting, email, fullName, password, groups…` in any
 *   order, headers case-insensitive; `groups` holds names separated by `;` or `|`, and any
 *   further `group…` columns hold one group name each.
 * Pure: parsing and the checks that need no server. The plan against a live site is
 * `users-plan.ts`.
 */

/** Site roles of REST API 3.29 (tableau-api.md §5), in Tableau's spelling. */
export const SITE_ROLES = [
  'Creator',
  'Explorer',
  'ExplorerCanPublish',
  'SiteAdministratorCreator',
  'SiteAdministratorExplorer',
  'Viewer',
  'Unlicensed',
  'ServerAdministrator',
  'Guest',
  'SupportUser',
] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

/** Auth settings Server and Cloud accept (Cloud adds the TableauID ones). */
export const AUTH_SETTINGS = ['ServerDefault', 'SAML', 'OpenID', 'TableauIDWithMFA'] as const;

export interface UserRow {
  /** 1-based line in the file (the header is line 1 in a headed file). */
  line: number;
  name: string;
  siteRole: string | null;
  authSetting: string | null;
  email: string | null;
  fullName: string | null;
  password: string | null;
  /** Null when the row names no groups (no group column, or empty cells): membership is left as it is. */
  groups: string[] | null;
  /** What makes the row unusable; a row with problems is never sent. */
  problems: string[];
  /** What is worth knowing but does not stop the row. */
  warnings: string[];
}

export interface UsersFile {
  format: 'tabcmd' | 'headed';
  rows: UserRow[];
  /** Headers that mean nothing here (headed files): listed, ignored only if the user agrees. */
  unknownColumns: string[];
  hasGroups: boolean;
}

export class UsersFileError extends Error {}

const HEADERS: Record<string, keyof UserRow | 'groups'> = {
  name: 'name',
  username: 'name',
  user: 'name',
  siterole: 'siteRole',
  role: 'siteRole',
  authsetting: 'authSetting',
  auth: 'authSetting',
  email: 'email',
  fullname: 'fullName',
  displayname: 'fullName',
  password: 'password',
  groups: 'groups',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_USER_ROWS = 100_000;

function canonical<T extends string>(value: string, list: readonly T[]): T | null {
  const lower = value.trim().toLowerCase();
  return list.find((v) => v.toLowerCase() === lower) ?? null;
}

/**
 * tabcmd's license level, admin level and publisher columns → a site role, as tabcmd maps them:
 * site admins by license, Explorer with publishing → ExplorerCanPublish.
 */
export function tabcmdSiteRole(license: string, admin: string, publisher: string): string | null {
  const l = license.trim().toLowerCase();
  const a = admin.trim().toLowerCase();
  const p = ['yes', 'true', '1', 'y'].includes(publisher.trim().toLowerCase());
  if (a === 'system') return 'ServerAdministrator';
  if (a === 'site')
    return l === 'creator'
      ? 'SiteAdministratorCreator'
      : l === 'explorer'
        ? 'SiteAdministratorExplorer'
        : null;
  if (a && a !== 'none' && a !== 'no') return null;
  if (l === 'creator') return 'Creator';
  if (l === 'explorer') return p ? 'ExplorerCanPublish' : 'Explorer';
  if (l === 'viewer') return 'Viewer';
  if (l === 'unlicensed') return 'Unlicensed';
  return null;
}

function checkText(text: string): string {
  if (text.includes('\uFFFD'))
    throw new UsersFileError('The file is not UTF-8 text: save it as “CSV UTF-8”.');
  return text.replace(/^\uFEFF/, '');
}

function checkParsed(errors: Papa.ParseError[], delimiter: string, rowsBefore: number): void {
  const quote = errors.find((e) => e.type === 'Quotes');
  if (quote)
    throw new UsersFileError(
      `Line ${rowsBefore + (quote.row ?? 0) + 1}: a quoted value is not closed.`,
    );
  if (delimiter && delimiter !== ',')
    throw new UsersFileError(
      `The file is separated by “${delimiter === '\t' ? 'tab' : delimiter}”, not commas: save it as a comma-separated CSV.`,
    );
}

/**
 * Reads a users file one record at a time: line 1 decides the format (and the columns of a
 * headed file), then each record becomes a row, checked against the rows before it.
 */
class UsersFileReader {
  private format: 'tabcmd' | 'headed' | null = null;
  private header: string[] = [];
  private columns: (ReturnType<typeof columnOf> | null)[] = [];
  private readonly unknownColumns: string[] = [];
  private hasGroups = false;
  private readonly rows: UserRow[] = [];
  private readonly firstLine = new Map<string, number>();
  private records = 0;

  constructor(private readonly wanted: 'tabcmd' | 'headed' | undefined) {}

  get rowCount(): number {
    return this.rows.length;
  }

  add(cells: string[]): void {
    cells = cells.map((c) => c.trim());
    this.records++;
    if (this.format === null) {
      this.start(cells);
      if (this.format === 'headed') return;
    }
    const row =
      this.format === 'headed'
        ? headedRow(cells, this.records, this.header, this.columns, this.hasGroups)
        : tabcmdRow(cells, this.records);
    checkRow(row, this.firstLine);
    this.rows.push(row);
    if (this.rows.length > MAX_USER_ROWS)
      throw new UsersFileError(
        `The file has more than ${MAX_USER_ROWS.toLocaleString('en-US')} users; at most ${MAX_USER_ROWS.toLocaleString('en-US')} at a time.`,
      );
  }

  private start(first: string[]): void {
    const keys = first.map((c) => c.toLowerCase().replace(/[\s_-]/g, ''));
    const looksHeaded =
      keys.includes('name') || keys.includes('username') || keys.includes('siterole');
    this.format = this.wanted ?? (looksHeaded ? 'headed' : 'tabcmd');
    if (this.format === 'headed' && !looksHeaded)
      throw new UsersFileError(
        'Line 1 is not a header: a headed file starts with column names such as name, siteRole, email.',
      );
    if (this.format !== 'headed') return;
    this.header = first;
    this.columns = first.map((h) => {
      const column = columnOf(h);
      if (!column) this.unknownColumns.push(h);
      return column;
    });
    const seen = new Set<string>();
    this.columns.forEach((c, i) => {
      if (c && c !== 'group') {
        if (seen.has(c)) throw new UsersFileError(`Line 1: two columns mean ${c} (“${first[i]}”).`);
        seen.add(c);
      }
    });
    if (!seen.has('name')) throw new UsersFileError('Line 1: no “name” column.');
    this.hasGroups = this.columns.some((c) => c === 'groups' || c === 'group');
  }

  finish(): UsersFile {
    if (this.format === null) throw new UsersFileError('The file is empty.');
    if (this.rows.length === 0) throw new UsersFileError('The file has a header but no users.');
    return {
      format: this.format,
      rows: this.rows,
      unknownColumns: this.unknownColumns,
      hasGroups: this.hasGroups,
    };
  }
}

/** Reads and checks a users CSV. Throws UsersFileError for what makes the whole file unusable. */
export function parseUsersCsv(
  text: string,
  options: { format?: 'tabcmd' | 'headed' } = {},
): UsersFile {
  const parsed = Papa.parse<string[]>(checkText(text), { skipEmptyLines: 'greedy' });
  checkParsed(parsed.errors, parsed.meta.delimiter, 0);
  const reader = new UsersFileReader(options.format);
  for (const cells of parsed.data) reader.add(cells);
  return reader.finish();
}

/**
 * The same as `parseUsersCsv`, a chunk at a time: after each chunk (about `chunkBytes` of
 * text) `pause()` lets the host do other work and `progress` hears the rows read so far and
 * an estimate of the total, so a 100,000-row file never holds the process for long.
 */
export async function parseUsersCsvInChunks(
  text: string,
  options: { format?: 'tabcmd' | 'headed' },
  hooks: {
    pause: () => Promise<void>;
    progress?: (rows: number, estimatedTotal: number) => void;
    chunkBytes?: number;
    signal?: AbortSignal;
  },
): Promise<UsersFile> {
  const body = checkText(text);
  // The separator is told from the start of the file once, then every chunk is read with it.
  const guess = Papa.parse<string[]>(body.slice(0, 64 * 1024), {
    preview: 200,
    skipEmptyLines: 'greedy',
  });
  checkParsed([], guess.meta.delimiter, 0);
  const reader = new UsersFileReader(options.format);
  let records = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    Papa.parse<string[]>(body, {
      skipEmptyLines: 'greedy',
      delimiter: ',',
      chunkSize: hooks.chunkBytes ?? 256 * 1024,
      chunk(result: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        try {
          if (hooks.signal?.aborted) throw new UsersFileError('Cancelled.');
          checkParsed(result.errors, ',', records);
          for (const cells of result.data) reader.add(cells);
          records += result.data.length;
          const read = Math.max(1, result.meta.cursor);
          hooks.progress?.(reader.rowCount, Math.round((reader.rowCount * body.length) / read));
        } catch (error) {
          failed = true;
          parser.abort();
          reject(error);
          return;
        }
        parser.pause();
        hooks.pause().then(
          () => parser.resume(),
          (error: unknown) => {
            failed = true;
            parser.abort();
            reject(error);
          },
        );
      },
      complete() {
        if (!failed) resolve();
      },
    });
  });
  return reader.finish();
}

function columnOf(header: string): (typeof HEADERS)[string] | 'group' | null {
  const key = header.toLowerCase().replace(/[\s_-]/g, '');
  if (HEADERS[key]) return HEADERS[key];
  if (/^group\d*$/.test(key)) return 'group';
  return null;
}

function tabcmdRow(cells: string[], line: number): UserRow {
  const [
    name = '',
    password = '',
    fullName = '',
    license = '',
    admin = '',
    publisher = '',
    email = '',
  ] = cells;
  const problems: string[] = [];
  if (cells.length > 7)
    problems.push(
      `${cells.length} values; tabcmd's format has 7 (name, password, display name, license, admin level, publisher, email).`,
    );
  const siteRole = license ? tabcmdSiteRole(license, admin, publisher) : null;
  if (license && !siteRole)
    problems.push(
      `“${license}” with admin level “${admin || 'None'}” is not a site role (license: Creator, Explorer, Viewer, Unlicensed; admin: System, Site, None).`,
    );
  return {
    line,
    name,
    siteRole,
    authSetting: null,
    email: email || null,
    fullName: fullName || null,
    password: password || null,
    groups: null,
    problems,
    warnings: [],
  };
}

function headedRow(
  cells: string[],
  line: number,
  header: string[],
  columns: (ReturnType<typeof columnOf> | null)[],
  hasGroups: boolean,
): UserRow {
  const row: UserRow = {
    line,
    name: '',
    siteRole: null,
    authSetting: null,
    email: null,
    fullName: null,
    password: null,
    groups: hasGroups ? [] : null,
    problems: [],
    warnings: [],
  };
  if (cells.length !== header.length)
    row.problems.push(`${cells.length} values for ${header.length} columns.`);
  columns.forEach((c, j) => {
    const value = cells[j] ?? '';
    if (!c) return;
    if (c === 'groups')
      row.groups?.push(
        ...value
          .split(/[;|]/)
          .map((g) => g.trim())
          .filter(Boolean),
      );
    else if (c === 'group') {
      if (value) row.groups?.push(value);
    } else if (c === 'name') row.name = value;
    else (row as unknown as Record<string, string | null>)[c] = value || null;
  });
  // An empty group cell leaves the user's groups as they are, as any empty cell does.
  if (row.groups) row.groups = row.groups.length ? [...new Set(row.groups)] : null;
  return row;
}

function checkRow(row: UserRow, firstLine: Map<string, number>): void {
  if (!row.name) row.problems.push('No user name.');
  else if (/[\s]/.test(row.name) && !row.name.includes('@') && !row.name.includes('\\'))
    row.warnings.push('The name holds a space: Tableau accepts it, but sign-in names rarely do.');
  const key = row.name.toLowerCase();
  if (row.name) {
    const earlier = firstLine.get(key);
    if (earlier !== undefined) row.problems.push(`The same user as line ${earlier}.`);
    else firstLine.set(key, row.line);
  }
  if (row.siteRole !== null) {
    const role = canonical(row.siteRole, SITE_ROLES);
    if (!role)
      row.problems.push(`“${row.siteRole}” is not a site role (${SITE_ROLES.join(', ')}).`);
    else row.siteRole = role;
  }
  if (row.authSetting !== null) {
    const auth = canonical(row.authSetting, AUTH_SETTINGS);
    if (!auth)
      row.problems.push(
        `“${row.authSetting}” is not an auth setting (${AUTH_SETTINGS.join(', ')}).`,
      );
    else row.authSetting = auth;
  }
  if (row.email !== null && !EMAIL.test(row.email))
    row.problems.push(`“${row.email}” is not an email address.`);
}
