import { XMLParser } from 'fast-xml-parser';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RunOutcome, StepResult } from './run';
import { runReportCsv, runReportJunit } from './run-report';

const step = (over: Partial<StepResult>): StepResult => ({
  row: 1,
  step: 1,
  requestId: 'r',
  name: 'Create Project',
  folder: ['Setup'],
  method: 'POST',
  url: 'https://tableau.example.com/api/3.29/sites/s/projects',
  status: 201,
  totalMs: 52.4,
  state: 'passed',
  captures: [{ name: 'project-id', value: 'p1', message: null }],
  assertions: [{ label: 'status is 201', passed: true, message: null }],
  error: null,
  ...over,
});

const outcome: RunOutcome = {
  kind: 'run',
  name: 'Onboarding & <cleanup>',
  rows: 2,
  steps: 2,
  passed: 2,
  failed: 1,
  skipped: 1,
  results: [
    step({}),
    step({
      step: 2,
      name: 'Add User',
      status: 409,
      state: 'failed',
      error: {
        code: '409017',
        message: 'Conflict: user exists',
        explanation: 'A user with that name is on the site.',
      },
      assertions: [{ label: 'status is 201', passed: false, message: 'status was 409' }],
    }),
    step({ row: 2 }),
    step({
      row: 2,
      step: 2,
      name: '=cmd',
      state: 'skipped',
      status: null,
      totalMs: null,
      url: null,
      error: { code: 'run.skipped', message: 'Cancelled.' },
    }),
  ],
};

describe('run reports', () => {
  it('writes JUnit XML a CI reader parses: a suite per row, failures with the Tableau error, skips', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      runReportJunit(outcome),
    );
    const suites = parsed.testsuites.testsuite;
    expect(parsed.testsuites).toMatchObject({
      tests: '4',
      failures: '1',
      skipped: '1',
      name: 'Onboarding & <cleanup>',
    });
    expect(suites).toHaveLength(2);
    expect(suites[0]).toMatchObject({
      name: 'Onboarding & <cleanup> — row 1',
      tests: '2',
      failures: '1',
    });
    expect(suites[0].testcase[1].failure.message).toBe(
      '409017: Conflict: user exists — A user with that name is on the site.',
    );
    expect(suites[0].testcase[1].failure['#text']).toContain(
      'assertion failed: status is 201 (status was 409)',
    );
    expect(suites[1].testcase[1].skipped.message).toBe('Cancelled.');
  });

  it('writes one CSV line per step, a formula-looking cell defused', () => {
    const rows = Papa.parse<Record<string, string>>(runReportCsv(outcome), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatchObject({
      state: 'failed',
      status: '409',
      error: '409017 Conflict: user exists',
    });
    expect(rows[0].captures).toBe('project-id = p1');
    expect(rows[3].name).toBe("'=cmd");
  });
});
