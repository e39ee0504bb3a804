import { randomUUID } from 'node:crypto';
import type { Job, JobStatusNote, User, UserImportLine } from '../data/model';
import type { SiteContent } from '../data/site-content';

/**
 * The work of an Import Users to Site from CSV job (3.15). Tableau reads the file in the
 * background: the users appear while the job runs, a line it cannot use does not fail the
 * file but is skipped and reported when the job ends, in `<statusNotes>` with the note types
 * the XSD allows (`statusNoteType`: CountOfUsersProcessed, CountOfUsersAddedToSite,
 * CountOfUsersSkipped…). The sandbox writes one CountOfUsersSkipped note (value 1) per skipped
 * line, its text naming the line and the reason, so a client can tell which rows failed.
 */

/** Splits CSV text into records, honouring double quotes (a `""` inside quotes is one quote). */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (any || cells.some((v) => v.trim() !== '')) records.push(cells);
      cells = [];
      cell = '';
      any = false;
    } else {
      cell += c;
      any = true;
    }
  }
  if (any || cell !== '') {
    cells.push(cell);
    records.push(cells);
  }
  return records;
}

const YES = new Set(['yes', 'true', '1', 'y']);
const NO = new Set(['no', 'false', '0', 'n', '']);

/**
 * A line's site role from its license level, admin level and publishing columns (Tableau's
 * "CSV import file guidelines"), or why there is none.
 */
export function importRole(
  license: string,
  admin: string,
  publish: string,
): { siteRole: string } | { problem: string } {
  const level = license.trim().toLowerCase();
  const adminLevel = admin.trim().toLowerCase();
  const pub = publish.trim().toLowerCase();
  if (!YES.has(pub) && !NO.has(pub))
    return { problem: `“${publish}” is not a publishing capability (yes or no).` };
  if (!['creator', 'explorer', 'viewer', 'unlicensed', ''].includes(level))
    return {
      problem: `“${license}” is not a license level (Creator, Explorer, Viewer, Unlicensed).`,
    };
  if (!['system', 'site', 'none', 'no', ''].includes(adminLevel))
    return { problem: `“${admin}” is not an administrator level (System, Site, None).` };
  if (adminLevel === 'system') return { siteRole: 'ServerAdministrator' };
  if (adminLevel === 'site') {
    if (level === 'creator') return { siteRole: 'SiteAdministratorCreator' };
    if (level === 'explorer') return { siteRole: 'SiteAdministratorExplorer' };
    return {
      problem: `A site administrator needs a Creator or Explorer license, not “${license}”.`,
    };
  }
  if (level === 'creator') return { siteRole: 'Creator' };
  if (level === 'explorer') return { siteRole: YES.has(pub) ? 'ExplorerCanPublish' : 'Explorer' };
  if (level === 'viewer') return { siteRole: 'Viewer' };
  return { siteRole: 'Unlicensed' };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every line of the file, checked as Tableau checks it before it imports anything. */
export function readImportLines(
  records: string[][],
  authFor: (name: string) => { authSetting: string } | { problem: string },
): UserImportLine[] {
  const seen = new Set<string>();
  return records.map((cells, i) => {
    const [name = '', , fullName = '', license = '', admin = '', publish = '', email = ''] =
      cells.map((c) => c.trim());
    const line: UserImportLine = {
      line: i + 1,
      name,
      fullName,
      email,
      siteRole: 'Unlicensed',
      authSetting: 'ServerDefault',
    };
    const role = importRole(license, admin, publish);
    const auth = authFor(name);
    if (cells.length > 7) line.problem = `${cells.length} columns; the file has at most 7.`;
    else if (!name) line.problem = 'No user name.';
    else if (seen.has(name.toLowerCase())) line.problem = `“${name}” is on an earlier line.`;
    else if ('problem' in role) line.problem = role.problem;
    else if (email && !EMAIL.test(email)) line.problem = `“${email}” is not an email address.`;
    else if ('problem' in auth) line.problem = auth.problem;
    else {
      line.siteRole = role.siteRole;
      line.authSetting = auth.authSetting;
    }
    if (name) seen.add(name.toLowerCase());
    return line;
  });
}

/** How far the job has got at `now`: lines are processed evenly from its start to its end. */
function linesDue(job: Job, total: number, now: number): number {
  const stop = job.cancelledAt !== undefined ? Math.min(now, job.cancelledAt) : now;
  if (stop >= job.finishesAt) return total;
  if (stop <= job.startedAt) return 0;
  return Math.floor(((stop - job.startedAt) / (job.finishesAt - job.startedAt)) * total);
}

/** Processes the lines every running user import on the site has reached by `now`. */
export function advanceUserImports(content: SiteContent, now: number): void {
  for (const job of content.jobs.all()) {
    const work = job.userImport;
    if (!work || work.applied >= work.lines.length) continue;
    const due = linesDue(job, work.lines.length, now);
    let changed = false;
    for (; work.applied < due; work.applied++) {
      const line = work.lines[work.applied];
      const skip = (why: string) =>
        work.skipped.push({
          type: 'CountOfUsersSkipped',
          value: '1',
          text: `Line ${line.line}${line.name ? ` (${line.name})` : ''}: ${why}`,
        });
      if (line.problem) {
        skip(line.problem);
        continue;
      }
      if (content.usersByName.has(line.name.toLowerCase())) {
        skip(`“${line.name}” is already a user on this site.`);
        continue;
      }
      const user: User = {
        id: randomUUID(),
        name: line.name,
        fullName: line.fullName,
        email: line.email,
        siteRole: line.siteRole,
        authSetting: line.authSetting,
        language: 'en',
        domainName: 'local',
        externalAuthUserId: '',
      };
      content.users.add(user);
      content.usersByName.set(user.name.toLowerCase(), user);
      content.groups
        .all()
        .find((g) => g.name === 'All Users')
        ?.memberIds.add(user.id);
      work.added++;
      changed = true;
    }
    if (changed) content.groups.touch();
  }
}

/** The job's notes once it has ended: counts first, then one note per skipped line. */
export function userImportNotes(job: Job): JobStatusNote[] {
  const work = job.userImport;
  if (!work) return [];
  return [
    {
      type: 'CountOfUsersProcessed',
      value: String(work.applied),
      text: `${work.applied} of ${work.lines.length} lines processed.`,
    },
    {
      type: 'CountOfUsersAddedToSite',
      value: String(work.added),
      text: `${work.added} users added to the site.`,
    },
    ...work.skipped,
  ];
}
