import { describe, expect, it } from 'vitest';
import documented from './documented-methods.json';
import { catalog, families } from './index';

/**
 * Coverage of Tableau's documented REST methods (`documented-methods.json`, gathered from
 * Tableau's Postman collection, TSC, PSTableauREST and tableau-mcp) by the catalog: a method
 * counts as covered when a preset has the same verb and the same path once placeholders are
 * blanked and case is folded (`/sites/{site-id}/views/{view-id}` ≡ `/sites/{}/views/{}`).
 */
const TARGET = 0.98;

interface DocumentedMethod {
  method: string;
  path: string;
  name: string;
  family: string;
  sources: string[];
}

const methods = documented.methods as DocumentedMethod[];

/** `GET /api/{}/sites/{}/views/{}`: verb plus the path with placeholders blanked, lower case. */
function methodKey(method: string, path: string): string {
  const blanked = path
    .replace(/\?.*$/, '')
    .replace(/\{[^{}]*\}/g, '{}')
    .replace(/\/+$/, '')
    .toLowerCase();
  return `${method.toUpperCase()} ${blanked}`;
}

const presetKeys = new Set(catalog.map((preset) => methodKey(preset.method, preset.path)));

describe('documented methods', () => {
  it('lists each method once, with a source that names it', () => {
    const seen = new Set<string>();
    for (const entry of methods) {
      const key = methodKey(entry.method, entry.path);
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(entry.sources.length, key).toBeGreaterThan(0);
      for (const source of entry.sources) expect(Object.keys(documented.sources)).toContain(source);
    }
    for (const aside of documented.setAside) expect(aside.reason.length).toBeGreaterThan(20);
  });

  it(`the catalog covers at least ${TARGET * 100}% of them, per family as printed`, () => {
    const perFamily = new Map<string, { total: number; covered: number; missing: string[] }>();
    for (const entry of methods) {
      const row = perFamily.get(entry.family) ?? { total: 0, covered: 0, missing: [] };
      row.total++;
      const key = methodKey(entry.method, entry.path);
      if (presetKeys.has(key)) row.covered++;
      else row.missing.push(`${key} (${entry.sources.join(', ')})`);
      perFamily.set(entry.family, row);
    }
    const order = families.map((family) => family.id as string);
    const lines = [...perFamily.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([family, row]) => `  ${family.padEnd(26)} ${row.covered}/${row.total}`);
    const covered = [...perFamily.values()].reduce((sum, row) => sum + row.covered, 0);
    const share = covered / methods.length;
    console.log(
      `documented methods covered by the catalog: ${covered} of ${methods.length} (${(share * 100).toFixed(1)}%); ${documented.setAside.length} set aside, ${documented.namedWithoutPath.length} named without a path\n${lines.join('\n')}`,
    );
    const missing = [...perFamily.values()].flatMap((row) => row.missing);
    expect(share, `missing:\n${missing.join('\n')}`).toBeGreaterThanOrEqual(TARGET);
  });

  it('keeps every family of the list a catalog family', () => {
    const ids = new Set(families.map((family) => family.id as string));
    for (const entry of methods) expect(ids.has(entry.family), entry.path).toBe(true);
  });
});
