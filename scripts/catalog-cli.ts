/**
 * Prints Trestle's endpoint catalog.
 *   npm run catalog -- --json          the catalog as a JSON array: summary fields, body template
 *                                      and the name of the body's XSD element instead of its schema
 *   npm run catalog -- --json --full   the same with every preset's full body schema (large)
 *   npm run catalog -- --search TEXT   matching presets as a table
 */
import { catalog, searchCatalog, type Preset } from '../shared/catalog/index';

const usage = 'Usage: npm run catalog -- --json [--full] | --search TEXT | --help';

type Command =
  { kind: 'json'; full: boolean } | { kind: 'search'; text: string } | { kind: 'help' };

function parse(args: string[]): Command | string {
  const [flag, ...rest] = args;
  if (flag === '--json' && rest.length === 0) return { kind: 'json', full: false };
  if (flag === '--json' && rest.length === 1 && rest[0] === '--full') {
    return { kind: 'json', full: true };
  }
  if (flag === '--help' || flag === '-h') return { kind: 'help' };
  if (flag === '--search') {
    const text = rest.join(' ').trim();
    return text ? { kind: 'search', text } : '--search needs some text';
  }
  if (flag === undefined) return 'no option given';
  if (flag === '--json') return `unexpected argument after --json: ${rest[0]}`;
  return `unknown option: ${flag}`;
}

/** The body's schema as a short reference: the tsRequest element it validates, or `custom`. */
function schemaReference(preset: Preset): string | undefined {
  const schema = preset.body?.schema;
  if (!schema) return undefined;
  const root = schema.required?.length === 1 ? schema.required[0] : undefined;
  return root && schema.properties?.[root]?.$ref ? `tsRequest/${root}` : 'custom';
}

/** A preset without its inlined JSON Schema, which repeats XSD definitions (≈10 kB each). */
function summary(preset: Preset): Record<string, unknown> {
  const { body, ...rest } = preset;
  if (!body) return rest;
  const { schema: _schema, ...bodyRest } = body;
  return { ...rest, body: { ...bodyRest, schemaRef: schemaReference(preset) } };
}

function table(presets: Preset[]): string {
  const rows = presets.map((preset) => [
    preset.id,
    preset.method,
    preset.path,
    preset.minVersion,
    preset.availability,
  ]);
  const header = ['ID', 'METHOD', 'PATH', 'SINCE', 'WHERE'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function main(args: string[]): number {
  const command = parse(args);
  if (typeof command === 'string') {
    process.stderr.write(`catalog: ${command}. ${usage}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (command.kind === 'json') {
    const presets = command.full ? catalog : catalog.map(summary);
    process.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
    return 0;
  }
  const matches = searchCatalog(command.text);
  if (matches.length === 0) {
    process.stdout.write(`No presets match '${command.text}'.\n`);
    return 0;
  }
  process.stdout.write(`${table(matches)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
