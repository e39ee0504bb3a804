import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_EXPLANATIONS, explainError, readTableauError } from './tableau-errors';

const reference = fs.readFileSync(
  path.resolve(__dirname, '..', '..', 'shared', 'reference', 'tableau-api.md'),
  'utf8',
);

describe('Tableau error explanations', () => {
  it('cover every error code named in the reference', () => {
    const codes = new Set([...reference.matchAll(/\b([1-5]\d{2}\d{3})\b/g)].map((m) => m[1]));
    // Build numbers and dates also look like six digits; keep codes whose status is an HTTP error.
    const errorCodes = [...codes].filter((code) =>
      /^(400|401|403|404|405|408|409|429|500|503)/.test(code),
    );
    expect(errorCodes.length).toBeGreaterThan(40);
    const missing = errorCodes.filter((code) => !ERROR_EXPLANATIONS[code]);
    expect(missing).toEqual([]);
  });

  it('explains an unlisted code by its HTTP status without claiming a specific cause', () => {
    const explained = explainError({
      code: '404006',
      summary: 'Resource Not Found',
      detail: "Workbook 'x' could not be found.",
    });
    expect(explained.explanation).toMatch(/not found/);
    expect(explained.explanation).not.toMatch(/site id/);
    expect(explained.suggestedFix).toBeTruthy();
  });

  it('reads the error block from JSON and from XML-converted bodies', () => {
    expect(
      readTableauError({
        error: { code: '401002', summary: 'Unauthorized Access', detail: 'Invalid' },
      }),
    ).toEqual({
      code: '401002',
      summary: 'Unauthorized Access',
      detail: 'Invalid',
    });
    expect(
      readTableauError({
        error: { code: '400006', summary: { value: 'Bad Request' }, detail: { value: 'Page' } },
      }),
    ).toEqual({
      code: '400006',
      summary: 'Bad Request',
      detail: 'Page',
    });
    expect(readTableauError({ users: {} })).toBeNull();
  });
});
