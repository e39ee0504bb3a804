import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { placeholdersOf } from './define';
import {
  catalog,
  compareApiVersions,
  families,
  findPreset,
  isApiVersion,
  presetAvailableIn,
  searchCatalog,
} from './index';
import { checkAgainstSchema } from './json-schema-check';

/** The families Tableau's reference is organised in; each must have presets. */
const requiredFamilies = [
  'authentication',
  'server',
  'sites',
  'projects',
  'users-and-groups',
  'workbooks-and-views',
  'data-sources',
  'flows',
  'permissions',
  'jobs-tasks-and-schedules',
  'subscriptions',
  'data-driven-alerts',
  'favorites',
  'collections',
  'publishing',
  'revisions',
  'extracts-and-encryption',
  'webhooks',
  'metrics',
  'notifications',
  'identity-pools',
  'virtual-connections',
  'labels-and-data-quality',
  'cloud-only',
  'versionless',
  'metadata-api',
];

describe('endpoint catalog', () => {
  it('names each path parameter exactly as its template does, each described', () => {
    for (const preset of catalog) {
      expect(
        preset.pathParams.map((param) => param.name),
        preset.id,
      ).toEqual(placeholdersOf(preset.path));
      for (const param of preset.pathParams) {
        expect(param.description.length, `${preset.id} {${param.name}}`).toBeGreaterThan(5);
      }
    }
  });

  it('takes only api-version, site-id and the signed-in user-id from the session', () => {
    for (const preset of catalog) {
      for (const param of preset.pathParams) {
        if (param.source === 'session') {
          expect(['api-version', 'site-id', 'user-id'], `${preset.id} {${param.name}}`).toContain(
            param.name,
          );
        } else {
          expect(['api-version', 'site-id'], `${preset.id} {${param.name}}`).not.toContain(
            param.name,
          );
        }
      }
    }
  });

  it('keeps every path absolute, without query strings or trailing slashes', () => {
    for (const preset of catalog) {
      expect(preset.path, preset.id).toMatch(/^\/api\/[^?#\s]*[^/]$/);
      const versioned = preset.path.startsWith('/api/{api-version}/');
      const otherRoots = ['/api/-/', '/api/exp/', '/api/metadata/', '/api/v1/'];
      expect(versioned || otherRoots.some((root) => preset.path.startsWith(root)), preset.id).toBe(
        true,
      );
    }
  });

  it('validates every body template against its schema', () => {
    for (const preset of catalog) {
      const body = preset.body;
      if (!body?.schema || body.template === undefined) continue;
      expect(checkAgainstSchema(body.template, body.schema), preset.id).toEqual([]);
    }
  });

  it('agrees with an independent validator (Ajv) on every template and schema', () => {
    // Monaco validates bodies with its own JSON Schema engine; Ajv checks the schemas are standard.
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const preset of catalog) {
      const body = preset.body;
      if (!body?.schema || body.template === undefined) continue;
      const validate = ajv.compile(body.schema);
      expect(validate(body.template) ? [] : validate.errors, preset.id).toEqual([]);
    }
  });

  it('gives JSON bodies a template and a schema, and multipart bodies a note', () => {
    for (const preset of catalog) {
      if (!preset.body) continue;
      if (preset.body.format === 'json') {
        expect(preset.body.template, preset.id).toBeDefined();
        expect(preset.body.schema, preset.id).toBeDefined();
      } else {
        expect(preset.body.note, preset.id).toBeTruthy();
      }
    }
  });

  it('has well-formed versions, with deprecation and removal after introduction', () => {
    for (const preset of catalog) {
      expect(isApiVersion(preset.minVersion), `${preset.id} ${preset.minVersion}`).toBe(true);
      for (const later of [preset.deprecatedIn, preset.removedIn]) {
        if (later === undefined) continue;
        expect(isApiVersion(later), preset.id).toBe(true);
        expect(compareApiVersions(later, preset.minVersion), preset.id).toBeGreaterThan(0);
      }
    }
  });

  it('has unique ids and never two presets with the same method and path', () => {
    const ids = new Set<string>();
    const routes = new Set<string>();
    for (const preset of catalog) {
      expect(ids.has(preset.id), preset.id).toBe(false);
      ids.add(preset.id);
      const route = `${preset.method} ${preset.path.toLowerCase()}`;
      expect(routes.has(route), `${preset.id}: ${route}`).toBe(false);
      routes.add(route);
    }
  });

  it('uses kebab ids prefixed by family and links to Tableau documentation', () => {
    for (const preset of catalog) {
      expect(preset.id).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
      expect(preset.docUrl, preset.id).toMatch(/^https:\/\/help\.tableau\.com\//);
      expect(preset.description.length, preset.id).toBeGreaterThan(10);
    }
  });

  it('marks list methods with a list path, and paginated ones with page parameters', () => {
    for (const preset of catalog) {
      if (!preset.paginated) continue;
      expect(preset.listPath, preset.id).toBeTruthy();
      const names = preset.query.map((param) => param.name);
      const tableauPaging = names.includes('pageSize') && names.includes('pageNumber');
      const otherPaging = names.includes('page_token') || names.includes('page');
      expect(tableauPaging || otherPaging, preset.id).toBe(true);
    }
  });

  it('covers every family of the reference, and lists only known families', () => {
    const known = new Set(families.map((family) => family.id));
    for (const preset of catalog) expect(known.has(preset.family), preset.id).toBe(true);
    for (const family of requiredFamilies) {
      expect(
        catalog.some((preset) => preset.family === family),
        family,
      ).toBe(true);
    }
  });

  it('explains every source conflict it records in a sentence', () => {
    for (const preset of catalog) {
      if (preset.sourceNote === undefined) continue;
      expect(preset.sourceNote.length, preset.id).toBeGreaterThan(20);
    }
    expect(findPreset('auth.revoke-administrator-personal-access-tokens')?.sourceNote).toMatch(
      /TSC/,
    );
  });

  it('finds presets by id, and ranks exact names first in search', () => {
    expect(findPreset('users.get-users-on-site')?.path).toBe(
      '/api/{api-version}/sites/{site-id}/users',
    );
    expect(findPreset('server.server-info')?.method).toBe('GET');
    expect(findPreset('nope')).toBeUndefined();
    expect(searchCatalog('Query Projects')[0]?.id).toBe('projects.query-projects');
    expect(searchCatalog('serverinfo')[0]?.id).toBe('server.server-info');
    expect(searchCatalog('users groups').length).toBeGreaterThan(0);
    expect(searchCatalog('zzzz-no-such-thing')).toEqual([]);
  });
});

describe('API versions', () => {
  it('compares numerically: 3.10 is newer than 3.9', () => {
    expect(compareApiVersions('3.10', '3.9')).toBeGreaterThan(0);
    expect(compareApiVersions('2.8', '3.0')).toBeLessThan(0);
    expect(compareApiVersions('3.22', '3.22')).toBe(0);
    expect(() => compareApiVersions('three', '3.1')).toThrow();
  });

  it('tells whether a session version can call a preset', () => {
    const groupSets = findPreset('users.list-group-sets');
    expect(groupSets && presetAvailableIn(groupSets, '3.21')).toBe(false);
    expect(groupSets && presetAvailableIn(groupSets, '3.22')).toBe(true);
    const retired = catalog.find((preset) => preset.removedIn);
    expect(retired && presetAvailableIn(retired, retired.removedIn as string)).toBe(false);
  });
});
