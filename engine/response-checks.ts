import {
  applyCapture,
  checkAssertion,
  type Assertion,
  type AssertionResult,
  type Capture,
  type CaptureResult,
  type ResponseFacts,
} from '../shared/captures';
import type { ResponseSummary } from '../shared/request';
import { EngineError } from './errors';
import type { ResponseStore } from './response-store';

export interface ResponseCheckResults {
  captures: CaptureResult[];
  assertions: AssertionResult[];
}

/**
 * Captures and assertions after a send in the app (issue 12): read against the whole parsed
 * body in the response store, however large, exactly as a run reads them. The status, headers
 * and time of each live response are kept beside its body until it is released.
 */
export class ResponseChecks {
  private readonly facts = new Map<string, Omit<ResponseFacts, 'body'>>();

  constructor(private readonly responses: ResponseStore) {
    responses.onRelease((id) => this.facts.delete(id));
  }

  remember(summary: ResponseSummary): void {
    this.facts.set(summary.responseId, {
      status: summary.status,
      headers: summary.headers,
      totalMs: summary.timings.totalMs,
    });
  }

  check(
    responseId: string,
    captures: readonly Capture[],
    assertions: readonly Assertion[],
  ): ResponseCheckResults {
    const known = this.facts.get(responseId);
    if (!known || !this.responses.has(responseId))
      throw new EngineError(
        'response.gone',
        'That response is no longer held (it was released or replaced); send the request again.',
      );
    const facts: ResponseFacts = { ...known, body: this.responses.parsed(responseId) };
    return {
      captures: captures.filter((c) => c.enabled).map((c) => applyCapture(c, facts)),
      assertions: assertions.filter((a) => a.enabled).map((a) => checkAssertion(a, facts)),
    };
  }
}
