import { DEMO_CREDENTIALS, startSandbox } from '../sandbox';
import { percentile } from './stats';
import { startHostProcess } from './web-host-process';

export interface OverheadFigures {
  requests: number;
  raw_median_ms: number;
  trestle_median_ms: number;
  median_ms: number;
  p95_ms: number;
}

/**
 * The same small request, alternately with raw Node `fetch` against the sandbox and through
 * Trestle's engine behind the web host bridge; the difference of each pair is what Trestle adds.
 */
export async function benchOverhead(requests: number): Promise<OverheadFigures> {
  const sandbox = await startSandbox({ port: 0 });
  const host = await startHostProcess(sandbox.url);
  try {
    const signin = await fetch(`${sandbox.url}/api/3.29/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        credentials: {
          name: DEMO_CREDENTIALS.username,
          password: DEMO_CREDENTIALS.password,
          site: { contentUrl: '' },
        },
      }),
    });
    const { credentials } = (await signin.json()) as {
      credentials: { token: string; site: { id: string } };
    };
    await host.call('session:signIn', 'sandbox');
    const rawUrl = `${sandbox.url}/api/3.29/sites/${credentials.site.id}/projects?pageSize=5`;
    const spec = {
      method: 'GET',
      path: '/api/{api-version}/sites/{site-id}/projects',
      query: [{ name: 'pageSize', value: '5' }],
    };
    const raw = async () => {
      const t = performance.now();
      const r = await fetch(rawUrl, {
        headers: { 'x-tableau-auth': credentials.token, accept: 'application/json' },
      });
      await r.json();
      return performance.now() - t;
    };
    const viaTrestle = async () => {
      const t = performance.now();
      const summary = await host.call<{ responseId: string }>('request:send', 'sandbox', spec);
      const elapsed = performance.now() - t;
      await host.call('response:release', summary.responseId);
      return elapsed;
    };
    for (let i = 0; i < 50; i++) {
      await raw();
      await viaTrestle();
    }
    const added: number[] = [];
    const raws: number[] = [];
    const trestles: number[] = [];
    for (let i = 0; i < requests; i++) {
      const a = await raw();
      const b = await viaTrestle();
      raws.push(a);
      trestles.push(b);
      added.push(b - a);
    }
    const sort = (v: number[]) => [...v].sort((x, y) => x - y);
    return {
      requests,
      raw_median_ms: percentile(sort(raws), 50),
      trestle_median_ms: percentile(sort(trestles), 50),
      median_ms: percentile(sort(added), 50),
      p95_ms: percentile(sort(added), 95),
    };
  } finally {
    await host.stop();
    await sandbox.stop();
  }
}
