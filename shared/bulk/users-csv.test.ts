import { describe, expect, it } from 'vitest';
import { parseUsersCsv, tabcmdSiteRole, UsersFileError } from './users-csv';

describe('users CSV', () => {
  it('reads tabcmd’s createsiteusers format, mapping license, admin level and publisher to a site role', () => {
    const file = parseUsersCsv(
      [
        'ana,pw1,Ana Lima,Creator,Site,yes,ana@example.com',
        'ben,pw2,Ben,Explorer,None,yes,',
        'cai,pw3,Cai,Explorer,None,no,',
        'dee,,Dee,Viewer,,,',
        'eve,pw5,Eve,Interactor,None,no,',
      ].join('\n'),
    );
    expect(file.format).toBe('tabcmd');
    expect(file.rows.map((r) => [r.name, r.siteRole, r.fullName, r.email])).toEqual([
      ['ana', 'SiteAdministratorCreator', 'Ana Lima', 'ana@example.com'],
      ['ben', 'ExplorerCanPublish', 'Ben', null],
      ['cai', 'Explorer', 'Cai', null],
      ['dee', 'Viewer', 'Dee', null],
      ['eve', null, 'Eve', null],
    ]);
    expect(file.rows[4].problems[0]).toMatch(
      /^“Interactor” with admin level “None” is not a site role/,
    );
    expect(tabcmdSiteRole('Viewer', 'System', '')).toBe('ServerAdministrator');
  });

  it('reads a headed file in any column order, case-insensitive, with group columns and unknown columns listed', () => {
    const file = parseUsersCsv(
      'Email,NAME,site role,Groups,Group 2,Department\nana@example.com,ana,creator,Finance;Sales,Ops,HR\nben@example.com,ben,VIEWER,,,\n',
    );
    expect(file.format).toBe('headed');
    expect(file.unknownColumns).toEqual(['Department']);
    expect(file.rows[0]).toMatchObject({
      name: 'ana',
      siteRole: 'Creator',
      groups: ['Finance', 'Sales', 'Ops'],
      line: 2,
    });
    // An empty group cell leaves membership alone.
    expect(file.rows[1]).toMatchObject({ siteRole: 'Viewer', groups: null });
  });

  it('names each row’s problems: roles, auth settings, emails, duplicates, ragged lines', () => {
    const file = parseUsersCsv(
      'name,siteRole,authSetting,email\nana,Wizard,,\nben,Viewer,Kerberos,\ncai,Viewer,,cai@\nAna,Viewer,,\ndee,Viewer\n',
    );
    expect(file.rows.map((r) => r.problems)).toEqual([
      [
        '“Wizard” is not a site role (Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, SiteAdministratorExplorer, Viewer, Unlicensed, ServerAdministrator, Guest, SupportUser).',
      ],
      ['“Kerberos” is not an auth setting (ServerDefault, SAML, OpenID, TableauIDWithMFA).'],
      ['“cai@” is not an email address.'],
      ['The same user as line 2.'],
      ['2 values for 4 columns.'],
    ]);
  });

  it('refuses a file it cannot read as users, saying why', () => {
    const refuse = (text: string, format?: 'headed') => () => parseUsersCsv(text, { format });
    expect(refuse('')).toThrow(UsersFileError);
    expect(refuse('')).toThrow('The file is empty.');
    expect(refuse('name,siteRole\n')).toThrow('The file has a header but no users.');
    expect(refuse('ana,pw,Ana,Viewer,None,no,a@b.c', 'headed')).toThrow('Line 1 is not a header');
    expect(refuse('name;siteRole\nana;Viewer\n')).toThrow('separated by “;”');
    expect(refuse('name,siteRole\n"ana,Viewer\n')).toThrow('a quoted value is not closed');
    expect(refuse('name,name\nana,ben\n')).toThrow('two columns mean name');
    expect(refuse('email,siteRole\na@b.c,Viewer\n')).toThrow('Line 1: no “name” column.');
  });
});
