/**
 * Regenerates shared/catalog/body-schemas.generated.json from Tableau's XSD.
 * Run: npx tsx scripts/generate-body-schemas.ts [path/to/ts-api.xsd]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { generateBodySchemas } from '../shared/catalog/xsd-to-json-schema';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The XSD lives beside the repository, in the shared reference folder. */
export const defaultXsdPath = resolve(repoRoot, '../shared/reference/ts-api_3_29.xsd');
export const generatedPath = resolve(repoRoot, 'shared/catalog/body-schemas.generated.json');

async function main(): Promise<void> {
  const xsdPath = process.argv[2] ? resolve(process.argv[2]) : defaultXsdPath;
  const schemas = generateBodySchemas(readFileSync(xsdPath, 'utf8'));
  const options = (await resolveConfig(generatedPath)) ?? {};
  const text = await format(JSON.stringify(schemas), { ...options, filepath: generatedPath });
  writeFileSync(generatedPath, text);
  const types = Object.keys(schemas.definitions).length;
  const elements = Object.keys(schemas.requestElements).length;
  console.log(`Wrote ${generatedPath}: ${elements} request elements, ${types} types.`);
}

await main();
