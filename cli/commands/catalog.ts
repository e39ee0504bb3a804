import { parseCommandLine, UsageError, type FlagSpec } from '../../engine/host/cli-args';
import { catalog, searchCatalog, type Preset } from '../../shared/catalog/index';
import { EXIT, writeChunks, type Command } from '../command';

const flags = {
  json: { kind: 'boolean', description: 'the catalog as JSON' },
  full: { kind: 'boolean', description: 'with --json: every body schema inlined' },
  search: { kind: 'string', description: 'matching presets as a table' },
  help: { kind: 'boolean', description: 'show this help' },
} satisfies FlagSpec;

const HELP = `Print Trestle's endpoint catalog (no server needed).

Usage:
  trestle catalog --json          every preset as a JSON array: summary fields, body template
                                  and the name of the body's XSD element instead of its schema
  trestle catalog --json --full   the same with every preset's full body schema (large)
  trestle catalog --search TEXT   matching presets as a table (ID, method, path, since, where)

\`npm run catalog -- …\` is the same command.`;

/** A preset's body schema as a short reference: the tsRequest element it validates, or `custom`. */
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

export const catalogCommand: Command = {
  name: 'catalog',
  help: HELP,
  async run(args, io) {
    const { flags: options, positionals } = parseCommandLine(args, flags);
    if (options.help) {
      io.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    if (options.json) {
      if (options.search !== undefined || positionals.length > 0)
        throw new UsageError('--json prints the whole catalog; it takes no search text.');
      const presets = options.full ? catalog : catalog.map(summary);
      await writeChunks(io.stdout, [`${JSON.stringify(presets, null, 2)}\n`]);
      return EXIT.ok;
    }
    if (options.full) throw new UsageError('--full goes with --json.');
    if (options.search === undefined) {
      if (positionals.length > 0) throw new UsageError(`Unexpected argument “${positionals[0]}”.`);
      throw new UsageError('Give --json or --search TEXT.');
    }
    // `--search get users` reads as one search, as it did before the flags had a parser.
    const text = [options.search, ...positionals].join(' ').trim();
    if (!text) throw new UsageError('--search needs some text.');
    const matches = searchCatalog(text);
    io.stdout.write(matches.length === 0 ? `No presets match '${text}'.\n` : `${table(matches)}\n`);
    return EXIT.ok;
  },
};
