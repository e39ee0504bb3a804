import { describe, expect, it } from 'vitest';
import { CsvFileError, decodeCsvBytes, parseCsvRows } from './csv-rows';

async function problems(text: string): Promise<string> {
  try {
    await parseCsvRows(text, { name: 'ids.csv' });
  } catch (error) {
    expect(error).toBeInstanceOf(CsvFileError);
    return (error as CsvFileError).message;
  }
  throw new Error('the file was accepted');
}

describe('a CSV file as the rows of For each row', () => {
  it('reads the header and the rows, with the line each row starts on', async () => {
    const parsed = await parseCsvRows('id,tag\nw-1,blue\n\nw-2,"multi\nline"\nw-3,\n', {
      name: 'ids.csv',
    });
    expect(parsed.columns).toEqual(['id', 'tag']);
    expect(parsed.rows).toEqual([
      { id: 'w-1', tag: 'blue' },
      { id: 'w-2', tag: 'multi\nline' },
      { id: 'w-3', tag: '' },
    ]);
    expect(parsed.lines).toEqual([2, 4, 6]);
  });

  it('refuses an empty file, and a header without rows', async () => {
    expect(await problems('')).toBe('ids.csv is empty.');
    expect(await problems('\n  \n')).toBe('ids.csv is empty.');
    expect(await problems('id,tag\n')).toBe('ids.csv has a header line but no rows under it.');
  });

  it('names blank and repeated column names, and a first line that is data', async () => {
    expect(await problems('id,,tag,id\na,b,c,d\n')).toBe(
      'Line 1: column 2 has no name.\nLine 1: the column “id” appears twice.',
    );
    expect(await problems('3f2b8a1c-0000-4000-8000-000000000001,blue\n')).toMatch(
      /^Line 1: “3f2b8a1c-0000-4000-8000-000000000001” looks like a value, not a column name/,
    );
  });

  it('names every ragged line and an unclosed quote by line', async () => {
    expect(await problems('id,tag\nw-1,blue\nw-2\nw-3,red,extra\n')).toBe(
      'Line 3: 1 value for 2 columns (id, tag).\nLine 4: 3 values for 2 columns (id, tag).',
    );
    expect(await problems('id,tag\nw-1,blue\nw-2,"red\nw-3,green\n')).toContain(
      'Line 3: a quoted value is not closed',
    );
  });

  it('refuses bytes that are not UTF-8, naming the line', () => {
    // "Renée" in Windows-1252 on line 3.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('id,name\nw-1,Ana\nw-2,Ren'),
      0xe9,
      ...new TextEncoder().encode('e\n'),
    ]);
    expect(() => decodeCsvBytes(bytes, 'ids.csv')).toThrow(/^Line 3: ids\.csv is not UTF-8 text/);
    expect(decodeCsvBytes(new TextEncoder().encode('\uFEFFid\nw-1\n'), 'ids.csv')).toBe(
      'id\nw-1\n',
    );
  });

  it('reads 100,000 rows in slices, reporting progress and yielding between them', async () => {
    const text = ['id,tag', ...Array.from({ length: 100_000 }, (_, i) => `w-${i},t${i % 7}`)].join(
      '\n',
    );
    const progress: number[] = [];
    let yielded = 0;
    const ticker = setInterval(() => yielded++, 0);
    const parsed = await parseCsvRows(text, {
      name: 'big.csv',
      onProgress: (rows) => progress.push(rows),
    });
    clearInterval(ticker);
    expect(parsed.rows).toHaveLength(100_000);
    expect(parsed.rows[99_999]).toEqual({ id: 'w-99999', tag: 't4' });
    expect(parsed.lines[99_999]).toBe(100_001);
    expect(progress.length).toBeGreaterThan(10);
    // Other work ran while the file was being read: the event loop was not held.
    expect(yielded).toBeGreaterThan(0);
  });

  it('refuses more rows than a run takes', async () => {
    const text = ['id', ...Array.from({ length: 100_001 }, (_, i) => `w-${i}`)].join('\n');
    expect(await problems(text)).toBe(
      'ids.csv has more than 100,000 rows; a run takes at most that many.',
    );
  });
});
