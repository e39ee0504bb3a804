/**
 * Sandbox XML answers validate against the 3.29 XSD (`xmllint --schema`, Debian's
 * libxml2-utils), except where the sandbox follows a real capture that the XSD rejects.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCases } from './fixture-cases-admin';
import { contentCases, xsdExtraCases } from './fixture-cases-content';
import { extraCases } from './fixture-cases-extras';
import { governanceCases } from './fixture-cases-governance';
import { openFixtureContext, REFERENCE, runCases, type FixtureContext } from './fixture-context';
import type { Reply } from './test-support';

const XSD = path.join(REFERENCE, 'ts-api_3_29.xsd');
const XMLLINT = '/usr/bin/xmllint';

/** XSD 3.29 findings on sandbox answers that follow the captures instead (capture wins). */
const XSD_QUIRKS: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern:
      /restApiVersion.*(not accepted by the pattern|not expected\. Expected is \( \{http:\/\/tableau\.com\/api\}prepConductorVersion)/,
    reason:
      'serverInfo: captures hold only productVersion + restApiVersion; the XSD requires prepConductorVersion etc. and gives restApiVersion a build-number pattern (tableau-api.md §13)',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}site', attribute '(numUsers|storage|isDataAlertsEnabled|materializedViewsEnabled)'/,
    reason:
      'site: captures (site_get*.xml, site_update.xml) carry numUsers, storage, isDataAlertsEnabled, materializedViewsEnabled as attributes; 3.29 dropped or moved them',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}(views|backgroundJobs|dataAlerts|databases|tables|virtualConnections)': This element is not expected/,
    reason:
      'views, backgroundJobs, dataAlerts, databases, tables and virtualConnections lists are paginated in the captures (view_get.xml, job_get.xml, data_alerts_get.xml, database_get.xml, table_get.xml, virtual_connections_get.xml) but absent from the XSD paginatedResponseGroup',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}(users|extracts)': This element is not expected\. Expected is one of \( \{http:\/\/tableau\.com\/api\}pagination/,
    reason:
      'group_add_users.xml and schedule_get_extract_refresh_tasks.xml captures list users/extracts without <pagination>; the XSD only allows them paginated',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}(workbook|datasource)': This element is not expected\. Expected is \( \{http:\/\/tableau\.com\/api\}notes \)/,
    reason:
      'a new refresh job has <extractRefreshJob> without <notes>, as in workbook_refresh.xml / datasource_refresh.xml; the XSD requires notes',
  },
  {
    pattern:
      /job', attribute 'type': \[facet 'enumeration'\] The value '(UserImport|GroupImport|UpdateUploadedFile)'/,
    reason:
      'job types UserImport, GroupImport and UpdateUploadedFile come from the captures (users_bulk_add_job.xml, group_create_async.xml, datasource_data_update.xml) but are missing from the 3.29 jobType enumeration',
  },
  {
    pattern:
      /updateUploadedFileJob': Missing child element\(s\)\. Expected is \( \{http:\/\/tableau\.com\/api\}notes \)/,
    reason:
      'updateUploadedFileJob has no <notes>, as in datasource_data_update.xml / job_get_by_id_*.xml; the XSD requires one',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}askData': This element is not expected/,
    reason:
      '<askData> (retired Ask Data) is sent on URLs up to 3.22, as in datasource_get_by_id.xml; the 3.29 XSD no longer has it',
  },
  {
    pattern: /interval', attribute 'monthDay': '(First|Customized Monthly)'/,
    reason:
      'monthDay "First" / "Customized Monthly" come from the captures schedule_get_monthly_id_2.xml / schedule_get_customized_monthly_id.xml',
  },
  {
    pattern:
      /freshAtSchedule': Missing child element|interval', attribute 'weekDay': .*'(MONDAY|WEDNESDAY)'/,
    reason:
      'dataFreshnessPolicy is echoed as sent; the captures (workbook_update_data_freshness_policy4/5.xml) send upper-case weekDay and a daily freshAtSchedule without intervals',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}group', attribute '(siteRole|grantLicenseMode)'/,
    reason:
      'group_create.xml capture names the grant-on-login role `siteRole`/`grantLicenseMode` on <group>',
  },
  {
    pattern: /import', attribute 'source'|import': The attribute 'source' is required/,
    reason: 'group_update.xml capture has <import> without the `source` the XSD requires',
  },
  {
    pattern: /customView', attribute '(contentUrl|sheetType)': The attribute/,
    reason:
      'customView carries contentUrl and sheetType as in custom_view_get.xml / custom_view_get_id.xml; the 3.29 XSD lists neither',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}dataAccelerationReport': This element is not expected/,
    reason:
      'dataAccelerationReport (retired data acceleration) follows data_acceleration_report.xml; the 3.29 XSD no longer has it',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}flow': This element is not expected\. Expected is \( \{http:\/\/tableau\.com\/api\}notes \)/,
    reason: 'a new RunFlow job has <runFlowJobType> without <notes>, as in flow_refresh.xml',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}flowRuns': This element is not expected/,
    reason:
      'Get Flow Runs has no <pagination> (flow_runs_get.xml, tableau-api.md §4); the XSD lists flowRuns as paginated',
  },
  {
    pattern: /flowRun', attribute 'completedAt': '' is not a valid value/,
    reason: 'a running flow run has completedAt="" as in flow_runs_get_by_id_inprogress.xml',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}groupSet': This element is not expected\. Expected is one of \( \{http:\/\/tableau\.com\/api\}customViews/,
    reason:
      'Get/Update Group Set put <pagination> (over the groups) before <groupSet>, as groupsets_get_by_id.xml / groupsets_update.xml',
  },
  {
    pattern:
      /flowRun': Missing child element\(s\)\. Expected is \( \{http:\/\/tableau\.com\/api\}flowRunSpec/,
    reason: "a linked task step's <flowRun> has no <flowRunSpec> in linked_tasks_get.xml",
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}((database|table)': Missing child element\(s\)|tags': This element is not expected)\. Expected is \( \{http:\/\/tableau\.com\/api\}location \)/,
    reason:
      'a Catalog database or table outside any project has no <location>, as database_update.xml / table_update.xml; the XSD requires one',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}owner': This element is not expected\. Expected is one of \( \{http:\/\/tableau\.com\/api\}site, \{http:\/\/tableau\.com\/api\}contact/,
    reason:
      'the item inside <permissions> carries <owner>, as database_populate_permissions.xml; the XSD databaseType/tableType have no owner',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}flowOutputSteps': This element is not expected/,
    reason:
      'Publish Flow answers <flowOutputSteps/> beside <flow>, as flow_publish.xml; the XSD allows one element',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}runFlow': This element is not expected/,
    reason:
      'Add Flow Task to Schedule answers <task><runFlow>, as schedule_add_flow.xml; the 3.29 XSD names it flowRun',
  },
  {
    pattern: /flowParameterSpecs': Missing child element/,
    reason:
      'a flow task without parameters has an empty <flowParameterSpecs/>, as tasks_create_flow_task.xml',
  },
  {
    pattern:
      /'\{http:\/\/tableau\.com\/api\}schedule': This element is not expected\. Expected is \( \{http:\/\/tableau\.com\/api\}warnings \)/,
    reason:
      'Create Cloud Extract Refresh Task answers <schedule> beside <extractRefresh>, as tasks_create_extract_task.xml; the XSD allows only <warnings> there',
  },
  {
    pattern: /interval', attribute 'hours': \[facet 'enumeration'\] The value '24'/,
    reason:
      'a Cloud task schedule of hours="24" comes from tasks_with_interval.xml; the XSD hour enumeration stops at 12',
  },
];

let context: FixtureContext;
let responses: Map<string, Reply>;

beforeAll(async () => {
  context = await openFixtureContext();
  responses = await runCases({
    ...adminCases(context),
    ...contentCases(context),
    ...xsdExtraCases(context),
    ...extraCases(context),
    ...governanceCases(context),
  });
});
afterAll(() => context.stop());

describe('XSD validation', () => {
  it('validates every sandbox XML answer against ts-api_3_29.xsd, except documented quirks', () => {
    if (!existsSync(XMLLINT)) {
      throw new Error(
        `${XMLLINT} is missing: install Debian's libxml2-utils to run the XSD validation`,
      );
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-xsd-'));
    const files: string[] = [];
    for (const [name, res] of responses) {
      if (!res.text) continue;
      const file = path.join(dir, `${name.replace(/\.xml$/, '')}.xml`);
      writeFileSync(file, res.text);
      files.push(file);
    }
    const run = spawnSync(XMLLINT, ['--noout', '--schema', XSD, ...files], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    const errorLines = run.stderr
      .split('\n')
      .filter((l) => l.includes('validity error') || l.includes('Schemas validity'));
    const quirks = new Map<string, number>();
    const unexplained: string[] = [];
    for (const line of errorLines) {
      const quirk = XSD_QUIRKS.find((q) => q.pattern.test(line));
      if (quirk) quirks.set(quirk.reason, (quirks.get(quirk.reason) ?? 0) + 1);
      else unexplained.push(line.replace(dir, ''));
    }
    const failedFiles = new Set(errorLines.map((l) => l.split(':')[0]));
    console.log(
      `xsd: ${files.length - failedFiles.size}/${files.length} answers validate cleanly; quirks:\n` +
        [...quirks].map(([reason, n]) => `  ${n}× ${reason}`).join('\n'),
    );
    expect(unexplained).toEqual([]);
  });
});
