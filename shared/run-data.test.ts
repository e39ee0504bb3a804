import { describe, expect, it } from 'vitest';
import { parseIterationData, RunDataError } from './run-data';

describe('iteration data', () => {
  it('reads a headed CSV (quotes, BOM, CRLF, blank lines) into rows of text', () => {
    const rows = parseIterationData(
      'csv',
      '\uFEFFname,"display, full"\r\nana,"Ana ""A"" Lima"\r\n\r\nben,Ben\r\n',
    );
    expect(rows).toEqual([
      { name: 'ana', 'display, full': 'Ana "A" Lima' },
      { name: 'ben', 'display, full': 'Ben' },
    ]);
  });

  it('names the line of a ragged row, a duplicate or empty header, and an unclosed quote', () => {
    expect(() => parseIterationData('csv', 'a,b\n1\n', 'u.csv')).toThrow(
      'u.csv, line 2: 1 values for 2 columns (a, b).',
    );
    expect(() => parseIterationData('csv', 'a,a\n1,2\n', 'u.csv')).toThrow(
      'the column “a” appears twice',
    );
    expect(() => parseIterationData('csv', 'a,\n1,2\n', 'u.csv')).toThrow('column 2 has no name');
    expect(() => parseIterationData('csv', 'a,b\n"1,2\n', 'u.csv')).toThrow(RunDataError);
    expect(() => parseIterationData('csv', 'a,b\n', 'u.csv')).toThrow('u.csv has no rows.');
  });

  it('reads a JSON array of flat objects, values as text, and refuses nested values', () => {
    expect(parseIterationData('json', '[{"n":1,"ok":true,"x":null}]')).toEqual([
      { n: '1', ok: 'true', x: '' },
    ]);
    expect(() => parseIterationData('json', '[{"a":{"b":1}}]', 'r.json')).toThrow(
      'r.json, row 1: “a” holds a nested value',
    );
    expect(() => parseIterationData('json', '{"a":1}', 'r.json')).toThrow('must be a JSON array');
    expect(() => parseIterationData('json', '[1,', 'r.json')).toThrow('r.json is not valid JSON');
  });
});
