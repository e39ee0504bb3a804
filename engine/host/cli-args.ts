/**
 * A small, strict flag parser for Trestle's command lines: unknown flags and bad values are
 * errors with a clear message (never a stack trace).
 */
export type FlagSpec = Record<
  string,
  { kind: 'string' | 'number' | 'boolean'; description: string }
>;

export class UsageError extends Error {}

export function parseFlags<S extends FlagSpec>(
  argv: string[],
  spec: S,
): {
  [K in keyof S]?: S[K]['kind'] extends 'number'
    ? number
    : S[K]['kind'] extends 'boolean'
      ? boolean
      : string;
} {
  const out: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument “${arg}”.`);
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const negated = rawName.startsWith('no-') && spec[rawName.slice(3)]?.kind === 'boolean';
    const name = negated ? rawName.slice(3) : rawName;
    const flag = spec[name];
    if (!flag) throw new UsageError(`Unknown flag --${rawName}.`);
    if (flag.kind === 'boolean') {
      out[name] = !negated;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value.`);
    if (flag.kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || value.trim() === '')
        throw new UsageError(`--${name} must be a number, not “${value}”.`);
      out[name] = n;
    } else out[name] = value;
  }
  return out as never;
}

export function usage(command: string, spec: FlagSpec): string {
  const lines = Object.entries(spec).map(
    ([name, flag]) =>
      `  --${name}${flag.kind === 'boolean' ? '' : ' <' + flag.kind + '>'}  ${flag.description}`,
  );
  return `Usage: ${command} [flags]\n${lines.join('\n')}`;
}
