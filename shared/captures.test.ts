import { describe, expect, it } from 'vitest';
import {
  applyCapture,
  captureSchema,
  checkAssertion,
  assertionSchema,
  JsonPathError,
  parseJsonPath,
  readJsonPath,
  type ResponseFacts,
} from './captures';

const body = {
  project: { id: '3c1f0a52-9d2e-4b8c-a1f0-0d9e8b7c6a51', name: 'Finance', 'odd key': { x: 1 } },
  users: {
    user: [
      { id: 'u1', name: 'ana' },
      { id: 'u2', name: 'ben' },
    ],
  },
  single: { user: { id: 'only' } },
};
const facts: ResponseFacts = {
  status: 201,
  headers: [['Location', '/api/3.29/sites/s/projects/3c1']],
  body,
  totalMs: 42,
};

describe('JSON paths', () => {
  it('reads names, indexes, negative indexes and quoted names', () => {
    expect(readJsonPath(body, '$.project.id')).toBe(body.project.id);
    expect(readJsonPath(body, 'project.name')).toBe('Finance');
    expect(readJsonPath(body, 'users.user[1].name')).toBe('ben');
    expect(readJsonPath(body, 'users.user[-1].id')).toBe('u2');
    expect(readJsonPath(body, '$.project["odd key"].x')).toBe(1);
    expect(readJsonPath(body, '$')).toBe(body);
  });

  it('treats a Tableau one-item list written as an object as a list of one, and a list as its first item', () => {
    expect(readJsonPath(body, 'single.user[0].id')).toBe('only');
    expect(readJsonPath(body, 'users.user.id')).toBe('u1');
  });

  it('answers undefined for a path that names nothing, and never reads the prototype', () => {
    expect(readJsonPath(body, 'project.nope')).toBeUndefined();
    expect(readJsonPath(body, 'users.user[9]')).toBeUndefined();
    expect(readJsonPath(body, 'project.constructor')).toBeUndefined();
  });

  it('refuses a malformed path with where it went wrong', () => {
    expect(() => parseJsonPath('project..id')).toThrow(JsonPathError);
    expect(() => parseJsonPath('users.user[*]')).toThrow(/inside \[ \]/);
    expect(() => parseJsonPath('$x')).toThrow(/at 2/);
  });
});

describe('captures', () => {
  it('captures from the body, a header (any case) and the status', () => {
    expect(
      applyCapture(captureSchema.parse({ name: 'project-id', path: '$.project.id' }), facts),
    ).toMatchObject({
      value: body.project.id,
      scope: 'run',
    });
    expect(
      applyCapture(captureSchema.parse({ name: 'loc', from: 'header', path: 'location' }), facts)
        .value,
    ).toBe('/api/3.29/sites/s/projects/3c1');
    expect(applyCapture(captureSchema.parse({ name: 's', from: 'status' }), facts).value).toBe(
      '201',
    );
  });

  it('says why nothing was captured', () => {
    expect(
      applyCapture(captureSchema.parse({ name: 'x', path: 'project.nope' }), facts),
    ).toMatchObject({
      value: null,
      message: 'Nothing at project.nope in the response body.',
    });
    expect(applyCapture(captureSchema.parse({ name: 'x', path: 'a..b' }), facts).message).toMatch(
      /Bad JSON path/,
    );
  });
});

describe('assertions', () => {
  const check = (a: unknown) => checkAssertion(assertionSchema.parse(a), facts);
  it('checks a status or a status class', () => {
    expect(check({ kind: 'status', expected: '201' }).passed).toBe(true);
    expect(check({ kind: 'status', expected: '2xx' }).passed).toBe(true);
    expect(check({ kind: 'status', expected: '200' })).toMatchObject({
      passed: false,
      message: 'status was 201',
    });
  });

  it('checks exists, equals and matches on a JSON path, saying what was found', () => {
    expect(check({ kind: 'jsonPath', path: 'project.id', op: 'exists' }).passed).toBe(true);
    expect(check({ kind: 'jsonPath', path: 'project.gone', op: 'notExists' }).passed).toBe(true);
    expect(
      check({ kind: 'jsonPath', path: 'project.name', op: 'equals', value: 'Sales' }),
    ).toMatchObject({
      passed: false,
      label: 'project.name equals “Sales”',
      message: 'was “Finance”',
    });
    expect(
      check({ kind: 'jsonPath', path: 'project.id', op: 'matches', value: '^[0-9a-f-]{36}$' })
        .passed,
    ).toBe(true);
    expect(
      check({ kind: 'jsonPath', path: 'project.id', op: 'matches', value: '(' }).message,
    ).toMatch(/not a valid regular expression/);
  });

  it('checks the response time', () => {
    expect(check({ kind: 'timeUnder', ms: 100 }).passed).toBe(true);
    expect(check({ kind: 'timeUnder', ms: 10 })).toMatchObject({
      passed: false,
      message: 'took 42 ms',
    });
  });
});
