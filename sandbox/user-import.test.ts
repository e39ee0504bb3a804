import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type SignedIn } from './test-support';

// The job clock is ours: the import advances only when the test moves time on.
let now = Date.parse('2026-03-01T10:00:00Z');
let sandbox: RunningSandbox;
let s: SignedIn;
const api = (method: string, p: string, body?: unknown, xml = false) =>
  call(sandbox, method, `/sites/${s.siteId}${p}`, { token: s.token, body, xml });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 }, { clock: () => now, jobDurationMs: 10_000 });
  s = await signIn(sandbox);
});
afterAll(() => sandbox.stop());

function importBody(csv: string, payload = '<tsRequest/>') {
  const b = 'csvimport';
  return {
    rawBody:
      `--${b}\r\nContent-Disposition: form-data; name="request_payload"; filename=""\r\nContent-Type: text/xml\r\n\r\n${payload}\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="tableau_user_import"; filename="tsc_users_file.csv"\r\nContent-Type: file\r\n\r\n${csv}\r\n--${b}--\r\n`,
    contentType: `multipart/mixed; boundary=${b}`,
  };
}

const named = async (name: string) =>
  (await api('GET', `/users?filter=name:eq:${encodeURIComponent(name)}&fields=_all_`)).body.users
    .user?.[0];

describe('Import Users to Site from CSV', () => {
  it('adds the users while the job runs and reports each bad line in the job’s notes', async () => {
    const csv = [
      'imp-1,pw,Imp One,Explorer,None,yes,one@example.com',
      'imp-2,pw,"Two, Imp",Viewer,None,no,',
      'imp-3,pw,,Wizard,None,no,',
      ',pw,Nobody,Viewer,None,no,',
      'admin,pw,Admin,Creator,Site,yes,',
      'imp-4,pw,Imp Four,Creator,Site,yes,four@example.com',
    ].join('\n');
    const res = await call(sandbox, 'POST', `/sites/${s.siteId}/users/import`, {
      token: s.token,
      ...importBody(csv, '<tsRequest><user name="imp-4" authSetting="SAML"/></tsRequest>'),
    });
    // One bad line does not refuse the file: the job is accepted.
    expect(res.status).toBe(202);
    const jobId = res.body.job.id as string;
    expect(res.body.job).toMatchObject({ type: 'UserImport', progress: '0', finishCode: '1' });
    expect(await named('imp-1')).toBeUndefined();

    now += 5_500; // past half way: the first half of the lines are in
    const running = (await api('GET', `/jobs/${jobId}`)).body.job;
    expect(Number(running.progress)).toBeGreaterThan(0);
    expect(running.completedAt).toBeUndefined();
    expect(await named('imp-1')).toMatchObject({ siteRole: 'ExplorerCanPublish' });
    expect(await named('imp-4')).toBeUndefined();

    now += 5_000;
    const done = (await api('GET', `/jobs/${jobId}`)).body.job;
    expect(done).toMatchObject({ progress: '100', finishCode: '0' });
    expect(done.statusNotes.statusNote).toEqual([
      { type: 'CountOfUsersProcessed', value: '6', text: '6 of 6 lines processed.' },
      { type: 'CountOfUsersAddedToSite', value: '3', text: '3 users added to the site.' },
      {
        type: 'CountOfUsersSkipped',
        value: '1',
        text: 'Line 3 (imp-3): “Wizard” is not a license level (Creator, Explorer, Viewer, Unlicensed).',
      },
      { type: 'CountOfUsersSkipped', value: '1', text: 'Line 4: No user name.' },
      {
        type: 'CountOfUsersSkipped',
        value: '1',
        text: 'Line 5 (admin): “admin” is already a user on this site.',
      },
    ]);
    expect(await named('imp-2')).toMatchObject({ siteRole: 'Viewer', fullName: 'Two, Imp' });
    expect(await named('imp-4')).toMatchObject({
      siteRole: 'SiteAdministratorCreator',
      authSetting: 'SAML',
      email: 'four@example.com',
    });
    expect((await named('admin')).siteRole).toBe('ServerAdministrator');
    // The finished job in XML: statusNotes before anything else, as the XSD's jobType has it.
    const xml = (await api('GET', `/jobs/${jobId}`, undefined, true)).text;
    expect(xml).toMatch(/<job [^>]*type="UserImport"[^>]*>\s*<statusNotes>\s*<statusNote /);
  });

  it('stops adding users when the job is cancelled', async () => {
    const csv = Array.from({ length: 10 }, (_, i) => `cancel-${i + 1},pw,,Viewer,,,`).join('\n');
    const res = await call(sandbox, 'POST', `/sites/${s.siteId}/users/import`, {
      token: s.token,
      ...importBody(csv),
    });
    now += 3_000; // 1 s after the start, 2 s of 9 s of work: 2 lines in
    await api('PUT', `/jobs/${res.body.job.id}`);
    now += 20_000;
    const job = (await api('GET', `/jobs/${res.body.job.id}`)).body.job;
    expect(job.finishCode).toBe('2');
    const users = (await api('GET', '/users?filter=name:in:[cancel-1,cancel-2,cancel-3]')).body
      .users.user;
    expect(users.map((u: { name: string }) => u.name).sort()).toEqual(['cancel-1', 'cancel-2']);
  });

  it('refuses a request without the CSV part, as a whole', async () => {
    const b = 'x';
    const res = await call(sandbox, 'POST', `/sites/${s.siteId}/users/import`, {
      token: s.token,
      rawBody: `--${b}\r\nContent-Disposition: form-data; name="request_payload"\r\n\r\n<tsRequest/>\r\n--${b}--\r\n`,
      contentType: `multipart/mixed; boundary=${b}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.detail).toMatch(/tableau_user_import/);
  });
});
