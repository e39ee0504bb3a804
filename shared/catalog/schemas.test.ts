import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requestSchema } from './bodies';
import committed from './body-schemas.generated.json';
import { checkAgainstSchema } from './json-schema-check';
import { generateBodySchemas } from './xsd-to-json-schema';

const here = dirname(fileURLToPath(import.meta.url));
const xsdPath = resolve(here, '../../../shared/reference/ts-api_3_29.xsd');

describe('generated body schemas', () => {
  it('match what the generator makes from the XSD (run scripts/generate-body-schemas.ts)', () => {
    const fresh = generateBodySchemas(readFileSync(xsdPath, 'utf8'));
    expect(fresh).toEqual(committed);
  });

  it('follow Tableau JSON: repeated elements are arrays inside their plural wrapper', () => {
    const schema = requestSchema('tags');
    expect(checkAgainstSchema({ tags: { tag: [{ label: 'a' }, { label: 'b' }] } }, schema)).toEqual(
      [],
    );
    expect(checkAgainstSchema({ tags: { tag: { label: 'a' } } }, schema)).not.toEqual([]);
  });

  it('turn enumerations into enums and accept booleans as JSON or strings', () => {
    const schema = requestSchema('user');
    expect(checkAgainstSchema({ user: { name: 'a', siteRole: 'Viewer' } }, schema)).toEqual([]);
    expect(checkAgainstSchema({ user: { name: 'a', siteRole: 'Boss' } }, schema)).not.toEqual([]);
    const project = requestSchema('project');
    expect(checkAgainstSchema({ project: { topLevelProject: true } }, project)).toEqual([]);
    expect(checkAgainstSchema({ project: { topLevelProject: 'false' } }, project)).toEqual([]);
    expect(checkAgainstSchema({ project: { topLevelProject: 'yes' } }, project)).not.toEqual([]);
  });

  it('reject unknown properties and layer per-method required fields', () => {
    const schema = requestSchema('user', { user: ['name', 'siteRole'] });
    expect(checkAgainstSchema({ user: { nmae: 'typo' } }, schema)).not.toEqual([]);
    expect(checkAgainstSchema({ user: { name: 'a' } }, schema)).toContainEqual({
      path: '/user',
      message: "missing required property 'siteRole'",
    });
  });

  it('keep XSD-required attributes required (capability name and mode)', () => {
    const schema = requestSchema('permissions');
    const rule = (capability: object) => ({
      permissions: {
        granteeCapabilities: [{ capabilities: { capability: [capability] } }],
      },
    });
    expect(checkAgainstSchema(rule({ name: 'Read', mode: 'Allow' }), schema)).toEqual([]);
    expect(checkAgainstSchema(rule({ name: 'Read' }), schema)).not.toEqual([]);
  });
});
