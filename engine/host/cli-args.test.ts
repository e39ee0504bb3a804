import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from './cli-args';

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
});
