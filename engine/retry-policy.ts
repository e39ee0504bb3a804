import { sendHttp, TransportError, type HttpRequest, type HttpResponse } from './http-client';

/**
 * When a request is tried again. Tableau throttles with 429 (429000) and a `Retry-After`
 * header in seconds or as an HTTP date (tableau-api.md §11); 503 means unavailable for now.
 * A 429 was not acted on, so any method may retry it; 503 and broken connections retry only
 * for idempotent methods, since a POST may have taken effect.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** First backoff step when the server gives no Retry-After. */
  baseDelayMs: number;
  /** Longest single wait; a longer Retry-After is not waited for and the answer is returned. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/**
 * Server errors that are usually passing (a node restarting behind the gateway, a gateway
 * timeout): retried where repeating is known to be harmless — fetch-all pages, sign-in and
 * serverinfo. A wrong secret is a 401 (401001) and is never among them.
 */
export const TRANSIENT_STATUSES: readonly number[] = [500, 502, 504];

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Seconds or an HTTP date → milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Exponential backoff with full jitter: a random wait up to base × 2^(attempt-1). */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryContext {
  method: string;
  /** Overrides the method's idempotence (a failed sign-in created no session: safe to repeat). */
  idempotent?: boolean;
  /** Extra statuses to retry for idempotent methods (the pager adds 500 and 502/504). */
  extraStatuses?: readonly number[];
}

/**
 * How long to wait before trying again after `outcome`, or null to stop. `attempt` counts
 * the tries made so far.
 */
export function retryDelay(
  policy: RetryPolicy,
  context: RetryContext,
  attempt: number,
  outcome: { status: number; retryAfter?: string } | TransportError,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const idempotent = context.idempotent ?? isIdempotent(context.method);
  if (outcome instanceof TransportError) {
    // A refused certificate is refused again: trying more only delays the explanation.
    // A body over the cap is as large next time.
    if (['cancelled', 'timeout', 'tls', 'tooLarge'].includes(outcome.code)) return null;
    return idempotent ? backoffMs(policy, attempt) : null;
  }
  const { status } = outcome;
  const retryable =
    status === 429 ||
    (idempotent && (status === 503 || (context.extraStatuses ?? []).includes(status)));
  if (!retryable) return null;
  const asked = parseRetryAfter(outcome.retryAfter);
  if (asked === null) return backoffMs(policy, attempt);
  return asked > policy.maxDelayMs ? null : asked;
}

/** Waits, unless the signal fires first. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(new TransportError('cancelled', 'The request was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetriedResponse {
  response: HttpResponse;
  retries: number;
}

/** One exchange, tried again per the policy on throttling, unavailability and broken connections. */
export async function sendWithRetry(
  request: HttpRequest,
  policy: RetryPolicy,
  context: RetryContext,
): Promise<RetriedResponse> {
  for (let attempt = 1; ; attempt++) {
    let outcome: HttpResponse | TransportError;
    try {
      outcome = await sendHttp(request);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      outcome = error;
    }
    const delay = retryDelay(
      policy,
      context,
      attempt,
      outcome instanceof TransportError
        ? outcome
        : { status: outcome.status, retryAfter: headerOf(outcome, 'retry-after') },
    );
    if (delay === null) {
      if (outcome instanceof TransportError) throw outcome;
      return { response: outcome, retries: attempt - 1 };
    }
    await wait(delay, request.signal);
  }
}

export function headerOf(response: HttpResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n === name)?.[1];
}
