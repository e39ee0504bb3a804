import { describe, expect, it } from 'vitest';
import { CliError, parseCliArgs } from './cli-args';

describe('sandbox CLI flags', () => {
  it('parses the documented flags', () => {
    const o = parseCliArgs(
      '--port 8080 --scale small --seed 1 --api-version 3.29 --token-ttl 240 --latency-ms 50 --jitter-ms 5 --rate-limit 10/s --error-rate 0.1'.split(
        ' ',
      ),
    );
    expect(o).toMatchObject({
      port: 8080,
      scale: 'small',
      seed: 1,
      apiVersion: '3.29',
      tokenTtlMinutes: 240,
    });
    expect(o.faults).toEqual({
      latencyMs: 50,
      jitterMs: 5,
      rateLimitPerSecond: 10,
      errorRate: 0.1,
    });
    expect(parseCliArgs(['--scale', '5000']).scale).toBe(5000);
  });

  it.each([
    [['--port', 'abc'], /--port/],
    [['--scale', 'huge'], /--scale/],
    [['--api-version', '9.9'], /--api-version/],
    [['--rate-limit', 'ten'], /--rate-limit/],
    [['--error-rate', '1.5'], /--error-rate/],
    [['--frobnicate', '1'], /unknown flag/],
    [['--frobnicate'], /unknown flag '--frobnicate'/],
    [['--seed'], /needs a value/],
    [['--cloud=yes'], /--cloud takes no value/],
    [['--cloud-rate-limits'], /needs --cloud/],
  ])('refuses %j with a one-line error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('takes --cloud and --cloud-rate-limits as switches, in any order with other flags', () => {
    const o = parseCliArgs(['--cloud-rate-limits', '--port', '9000', '--cloud']);
    expect(o.cloud).toBe(true);
    expect(o.port).toBe(9000);
    expect(o.faults).toEqual({ cloudRateLimits: 1 });
    expect(parseCliArgs([]).cloud).toBeUndefined();
  });
});
