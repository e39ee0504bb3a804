import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from './index';
import { NO_FAULTS } from './options';
import { call, signIn, withSandbox } from './test-support';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await withSandbox({ scale: 50 });
});
afterAll(() => sandbox.stop());

const reset = () => sandbox.setFaults(NO_FAULTS);

describe('fault injection', () => {
  it('delays API answers by the configured latency', async () => {
    sandbox.setFaults({ latencyMs: 120, jitterMs: 0 });
    const t = performance.now();
    await call(sandbox, 'GET', '/serverinfo');
    expect(performance.now() - t).toBeGreaterThanOrEqual(115);
    reset();
  });

  it('answers 429 with Retry-After and Tableau’s 429000 body above the rate limit', async () => {
    sandbox.setFaults({ rateLimitPerSecond: 3 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call(sandbox, 'GET', '/serverinfo')),
    );
    reset();
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited[0].body.error.code).toBe('429000');
  });

  it('answers random 500/503 errors (503 with Retry-After) at error rate 1', async () => {
    sandbox.setFaults({ errorRate: 1 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call(sandbox, 'GET', '/serverinfo', { xml: true })),
    );
    reset();
    expect(answers.every((a) => a.status === 500 || a.status === 503)).toBe(true);
    for (const a of answers) expect(a.text).toMatch(/<error code="50[03]000">/);
    const unavailable = answers.find((a) => a.status === 503);
    if (unavailable) expect(unavailable.headers.get('retry-after')).toBeTruthy();
  });

  it('cuts the connection mid-body', async () => {
    sandbox.setFaults({ resetMidBody: 1 });
    const s = call(sandbox, 'GET', '/serverinfo');
    await expect(s).rejects.toThrow();
    reset();
  });

  it('streams bodies slowly', async () => {
    sandbox.setFaults({ slowBodyBytesPerSecond: 1000 });
    const t = performance.now();
    const res = await call(sandbox, 'GET', '/serverinfo', { xml: true });
    reset();
    expect(res.status).toBe(200);
    // ~350 bytes at 1,000 B/s arrive in 100-byte steps every 100 ms.
    expect(res.text.length).toBeGreaterThan(300);
    expect(performance.now() - t).toBeGreaterThanOrEqual(250);
  });

  it('reads and changes faults over HTTP under /__sandbox/, refusing bad values', async () => {
    const put = await call(sandbox, 'PUT', '/__sandbox/faults', { body: { latencyMs: 5 } });
    expect(put.status).toBe(200);
    expect(put.body.latencyMs).toBe(5);
    expect((await call(sandbox, 'GET', '/__sandbox/faults')).body.latencyMs).toBe(5);
    expect(
      (await call(sandbox, 'PUT', '/__sandbox/faults', { body: { errorRate: 2 } })).status,
    ).toBe(400);
    expect((await call(sandbox, 'PUT', '/__sandbox/faults', { body: { bogus: 1 } })).status).toBe(
      400,
    );
    reset();
  });

  it('never faults the control API itself', async () => {
    sandbox.setFaults({ errorRate: 1 });
    const res = await call(sandbox, 'GET', '/__sandbox/sessions');
    reset();
    expect(res.status).toBe(200);
    const s = await signIn(sandbox);
    expect(sandbox.sessions().map((x) => x.token)).toContain(s.token);
  });
});
