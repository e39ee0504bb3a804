import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseFlags, UsageError } from './cli-args';

const spec = {
  port: { kind: 'number', description: '' },
  open: { kind: 'boolean', description: '' },
  'access-key': { kind: 'string', description: '' },
} as const;

describe('command-line flags', () => {
  it('reads numbers, strings, --no- booleans and --flag=value', () => {
    expect(parseFlags(['--port', '0', '--no-open', '--access-key=abc'], spec)).toEqual({
      port: 0,
      open: false,
      'access-key': 'abc',
    });
  });
  it('rejects unknown flags, missing values and non-numbers with a clear message', () => {
    expect(() => parseFlags(['--prot', '1'], spec)).toThrow(new UsageError('Unknown flag --prot.'));
    expect(() => parseFlags(['--port'], spec)).toThrow('--port needs a value.');
    expect(() => parseFlags(['--port', 'eighty'], spec)).toThrow(
      '--port must be a number, not “eighty”.',
    );
  });
  it('keeps arguments in order, repeats a multiple flag, and takes all after -- as arguments', () => {
    const send = {
      query: { kind: 'string', description: '', multiple: true },
      all: { kind: 'boolean', description: '' },
    } as const;
    expect(
      parseCommandLine(['GET', '--query', 'a=1', 'users', '--query=b=2', '-', '--', '--all'], send),
    ).toEqual({ flags: { query: ['a=1', 'b=2'] }, positionals: ['GET', 'users', '-', '--all'] });
    expect(() => parseCommandLine(['-x'], send)).toThrow(new UsageError('Unknown flag -x.'));
    expect(() => parseCommandLine(['--all=yes'], send)).toThrow('--all takes no value.');
    expect(() => parseFlags(['GET'], send)).toThrow('Unexpected argument “GET”.');
  });
});
