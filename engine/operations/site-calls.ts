import type { Connection } from '../../shared/connection';
import type { RequestSpec } from '../../shared/request';
import { explainError, readTableauError } from '../../shared/tableau-errors';
import { findList, readPagination } from '../../shared/tableau-list';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import { parseBody } from '../response-summary';

/** A call that failed, with Tableau's error explained when there is one. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly explanation?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const SITE = '/api/{api-version}/sites/{site-id}';

/**
 * The few REST calls bulk work needs, as JSON in and out through the executor (so the token,
 * origin checks, 429/Retry-After and re-sign-in are the executor's), plus list paging.
 */
export class SiteCalls {
  constructor(
    private readonly executor: RequestExecutor,
    private readonly connection: Connection,
    private readonly signal: AbortSignal,
  ) {}

  async call(
    method: RequestSpec['method'],
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    return this.send(
      method,
      path,
      body === undefined ? { kind: 'none' } : { kind: 'json', text: JSON.stringify(body) },
      query,
    );
  }

  /** A call with any request body (a multipart/mixed upload streamed from disk), JSON back. */
  async send(
    method: RequestSpec['method'],
    path: string,
    requestBody: RequestSpec['body'],
    query: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const spec: RequestSpec = {
      method,
      path: path.startsWith('/api/') ? path : `${SITE}${path}`,
      pathParams: {},
      query: Object.entries(query).map(([name, value]) => ({ name, value, enabled: true })),
      headers: [],
      body: requestBody,
      accept: 'json',
    };
    let exchange;
    try {
      exchange = await this.executor.exchange(this.connection, spec, { signal: this.signal });
    } catch (error) {
      if (error instanceof EngineError) throw new CallError(error.code, error.message);
      throw new CallError('request.failed', error instanceof Error ? error.message : String(error));
    }
    const { response } = exchange;
    const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
    const parsed = parseBody(response.body.toString('utf8'), contentType);
    if (response.status >= 400) {
      const tableau = readTableauError(parsed);
      if (tableau) {
        const e = explainError(tableau);
        throw new CallError(e.code, `${e.summary}: ${e.detail}`, e.explanation, response.status);
      }
      throw new CallError(
        `http.${response.status}`,
        `HTTP ${response.status}`,
        undefined,
        response.status,
      );
    }
    return { status: response.status, body: parsed };
  }

  /** Every item of a list, 1000 a page, `concurrency` pages at once after the first. */
  async listAll(
    path: string,
    query: Record<string, string> = {},
    concurrency = 4,
  ): Promise<Record<string, unknown>[]> {
    const page = async (n: number) => {
      const { body } = await this.call('GET', path, undefined, {
        ...query,
        pageSize: '1000',
        pageNumber: String(n),
      });
      return {
        items: (findList(body)?.items ?? []) as Record<string, unknown>[],
        total: readPagination(body)?.totalAvailable ?? null,
      };
    };
    const first = await page(1);
    if (first.total === null || first.total <= 1000) return first.items;
    const pages = Math.ceil(first.total / 1000);
    const rest: Record<string, unknown>[][] = new Array(pages - 1);
    let next = 2;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, pages - 1) }, async () => {
        while (next <= pages) {
          const n = next++;
          rest[n - 2] = (await page(n)).items;
        }
      }),
    );
    return [first.items, ...rest].flat();
  }
}

/** A JSON value as text or null: Tableau's JSON writes absent and empty alike. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
