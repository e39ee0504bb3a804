import { describe, expect, it } from 'vitest';
import {
  CSV_IMPORT_THRESHOLD,
  importCsv,
  importPayload,
  offerCsvImport,
  readImportNotes,
} from './users-csv-import';

describe('Tableau’s CSV import file', () => {
  it('is offered only from API 3.15 and above the threshold of new users', () => {
    expect(offerCsvImport('3.29', CSV_IMPORT_THRESHOLD + 1)).toBe(true);
    expect(offerCsvImport('3.29', CSV_IMPORT_THRESHOLD)).toBe(false);
    expect(offerCsvImport('3.14', 10_000)).toBe(false);
    expect(offerCsvImport(null, 10_000)).toBe(false);
  });

  it('writes one header-less line per user, quoting what needs it', () => {
    const users = [
      {
        name: 'ana',
        siteRole: 'ExplorerCanPublish',
        authSetting: null,
        fullName: 'Ana, "the" Admin',
        email: 'ana@example.com',
        password: 'pw',
      },
      {
        name: 'bo',
        siteRole: 'SiteAdministratorCreator',
        authSetting: 'SAML',
        fullName: null,
        email: null,
        password: null,
      },
    ];
    expect(importCsv(users)).toBe(
      'ana,pw,"Ana, ""the"" Admin",Explorer,None,yes,ana@example.com\nbo,,,Creator,Site,yes,\n',
    );
    expect(importPayload(users)).toBe(
      '<tsRequest><user name="ana" authSetting="ServerDefault"/><user name="bo" authSetting="SAML"/></tsRequest>',
    );
  });

  it('reads the job’s notes: counts, and the reason a line was skipped', () => {
    const notes = readImportNotes({
      job: {
        statusNotes: {
          statusNote: [
            { type: 'CountOfUsersAddedToSite', value: '2' },
            { type: 'CountOfUsersSkipped', value: '1', text: 'Line 3 (bo): already a user.' },
          ],
        },
      },
    });
    expect(notes.counts).toEqual({ CountOfUsersAddedToSite: 2 });
    expect([...notes.lines]).toEqual([[3, 'already a user.']]);
  });
});
