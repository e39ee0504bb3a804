/**
 * A small, strict flag parser for Trestle's command lines: unknown flags and bad values are
 * errors with a clear message (never a stack trace).
 */
export type FlagSpec = Record<
  string,
  {
    kind: 'string' | 'number' | 'boolean';
    description: string;
    /** A string flag that may be given more than once (`--query a=1 --query b=2`). */
    multiple?: boolean;
  }
>;

export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['multiple'] extends true
    ? string[]
    : S[K]['kind'] extends 'number'
      ? number
      : S[K]['kind'] extends 'boolean'
        ? boolean
        : string;
};

export class UsageError extends Error {}

/** Flags only: any other argument is an error. */
export function parseFlags<S extends FlagSpec>(argv: string[], spec: S): ParsedFlags<S> {
  const { flags, positionals } = parseCommandLine(argv, spec);
  if (positionals.length > 0) throw new UsageError(`Unexpected argument “${positionals[0]}”.`);
  return flags;
}

/**
 * Flags and the arguments between them, in order; everything after `--` is an argument.
 * A lone `-` is an argument or a value (stdin, by convention).
 */
export function parseCommandLine<S extends FlagSpec>(
  argv: string[],
  spec: S,
): { flags: ParsedFlags<S>; positionals: string[] } {
  const out: Record<string, string | number | boolean | string[]> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.length > 1 && arg.startsWith('-')) throw new UsageError(`Unknown flag ${arg}.`);
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const negated = rawName.startsWith('no-') && spec[rawName.slice(3)]?.kind === 'boolean';
    const name = negated ? rawName.slice(3) : rawName;
    const flag = spec[name];
    if (!flag) throw new UsageError(`Unknown flag --${rawName}.`);
    if (flag.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
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
    } else if (flag.multiple) {
      out[name] = [...((out[name] as string[] | undefined) ?? []), value];
    } else out[name] = value;
  }
  return { flags: out as ParsedFlags<S>, positionals };
}

export function usage(command: string, spec: FlagSpec): string {
  const lines = Object.entries(spec).map(
    ([name, flag]) =>
      `  --${name}${flag.kind === 'boolean' ? '' : ' <' + flag.kind + '>'}  ${flag.description}`,
  );
  return `Usage: ${command} [flags]\n${lines.join('\n')}`;
}
