import { z } from 'zod';

/**
 * Chaining without scripts (issue 12): captures take values out of a response into
 * variables, assertions check a response. Both are saved with a request and applied after
 * every send, in the app and in runs. Paths are JSON paths in a small, exact dialect:
 * `$.project.id`, `users.user[0].id`, `users.user[-1].name`, `["odd key"].x` — no filters,
 * no wildcards, so a path names one value or none.
 */

export class JsonPathError extends Error {}

type Step = string | number;

/** Parses a path into steps; throws JsonPathError with the position on a bad one. */
export function parseJsonPath(path: string): Step[] {
  const steps: Step[] = [];
  const text = path.trim();
  let i = 0;
  if (text.startsWith('$')) i = 1;
  else if (text[0] !== '[') {
    // A leading bare name: `project.id`.
    const name = /^[^.[\]]+/.exec(text);
    if (!name)
      throw new JsonPathError(`Bad JSON path “${path}” at 1: it starts with a name, “$” or “[”.`);
    steps.push(name[0]);
    i = name[0].length;
  }
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const name = /^[^.[\]]+/.exec(text.slice(i + 1));
      if (!name)
        throw new JsonPathError(
          `Bad JSON path “${path}”: a name is missing after “.” at ${i + 1}.`,
        );
      steps.push(name[0]);
      i += 1 + name[0].length;
    } else if (c === '[') {
      const rest = text.slice(i);
      const index = /^\[\s*(-?\d+)\s*\]/.exec(rest);
      const quoted = /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push((quoted[1] ?? quoted[2]).replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else {
        throw new JsonPathError(
          `Bad JSON path “${path}” at ${i + 1}: inside [ ] put an index (0, -1) or a quoted name.`,
        );
      }
    } else {
      throw new JsonPathError(`Bad JSON path “${path}” at ${i + 1}: expected “.” or “[”.`);
    }
  }
  return steps;
}

/** The value at `path`, or `undefined` when there is none. A negative index counts from the end. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current = value;
  for (const step of parseJsonPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof step === 'number') {
      // Tableau's JSON writes a one-item list as the item itself: index 0 of an object is it.
      const list = Array.isArray(current) ? current : [current];
      current = list[step < 0 ? list.length + step : step];
    } else {
      if (Array.isArray(current)) {
        // `users.user.id` on a list means its first item's, as Tableau lists often hold one.
        current = current[0];
        if (current === null || typeof current !== 'object') return undefined;
      }
      current = Object.hasOwn(current as object, step)
        ? (current as Record<string, unknown>)[step]
        : undefined;
    }
  }
  return current;
}

/** A captured or compared value as text: strings as they are, the rest as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const captureSchema = z.object({
  /** The variable to set. */
  name: z.string().min(1).max(200),
  from: z.enum(['body', 'header', 'status']).default('body'),
  /** A JSON path for `body`, a header name for `header`; ignored for `status`. */
  path: z.string().max(2000).default(''),
  /** Where the variable goes; a run's own variables by default. */
  scope: z.enum(['run', 'collection', 'connection', 'global']).default('run'),
  enabled: z.boolean().default(true),
});
export type Capture = z.infer<typeof captureSchema>;

export const assertionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('status'),
    /** `201`, or a class such as `2xx`. */
    expected: z
      .string()
      .regex(/^[1-5](\d\d|xx)$/i, 'A status such as 201, or a class such as 2xx.'),
    enabled: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('jsonPath'),
    path: z.string().min(1).max(2000),
    op: z.enum(['exists', 'notExists', 'equals', 'matches']),
    /** The text to equal, or a regular expression for `matches`. */
    value: z.string().max(10_000).default(''),
    enabled: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('timeUnder'),
    ms: z.number().int().positive().max(3_600_000),
    enabled: z.boolean().default(true),
  }),
]);
export type Assertion = z.infer<typeof assertionSchema>;

/** What a capture or an assertion looks at. */
export interface ResponseFacts {
  status: number;
  headers: ReadonlyArray<readonly [string, string]>;
  /** The parsed body (Tableau's JSON shape for XML too), or null. */
  body: unknown;
  totalMs: number;
}

export interface CaptureResult {
  name: string;
  scope: Capture['scope'];
  /** Null when the path named nothing: the variable is not set, and the step says so. */
  value: string | null;
  message: string | null;
}

export function applyCapture(capture: Capture, facts: ResponseFacts): CaptureResult {
  const base = { name: capture.name, scope: capture.scope };
  if (capture.from === 'status') return { ...base, value: String(facts.status), message: null };
  if (capture.from === 'header') {
    const wanted = capture.path.trim().toLowerCase();
    const header = facts.headers.find(([n]) => n.toLowerCase() === wanted);
    return header
      ? { ...base, value: header[1], message: null }
      : { ...base, value: null, message: `No “${capture.path}” header in the response.` };
  }
  try {
    const found = readJsonPath(facts.body, capture.path);
    return found === undefined
      ? { ...base, value: null, message: `Nothing at ${capture.path} in the response body.` }
      : { ...base, value: valueText(found), message: null };
  } catch (error) {
    return { ...base, value: null, message: (error as Error).message };
  }
}

export interface AssertionResult {
  passed: boolean;
  /** "status is 201", "$.project.name equals “Finance”". */
  label: string;
  /** Why it failed, with what was found. */
  message: string | null;
}

export function describeAssertion(assertion: Assertion): string {
  switch (assertion.kind) {
    case 'status':
      return `status is ${assertion.expected}`;
    case 'timeUnder':
      return `time under ${assertion.ms} ms`;
    case 'jsonPath':
      return assertion.op === 'exists'
        ? `${assertion.path} exists`
        : assertion.op === 'notExists'
          ? `${assertion.path} does not exist`
          : `${assertion.path} ${assertion.op} “${assertion.value}”`;
  }
}

export function checkAssertion(assertion: Assertion, facts: ResponseFacts): AssertionResult {
  const label = describeAssertion(assertion);
  const fail = (message: string): AssertionResult => ({ passed: false, label, message });
  const pass: AssertionResult = { passed: true, label, message: null };
  switch (assertion.kind) {
    case 'status': {
      const expected = assertion.expected.toLowerCase();
      const ok = expected.endsWith('xx')
        ? String(facts.status)[0] === expected[0]
        : String(facts.status) === expected;
      return ok ? pass : fail(`status was ${facts.status}`);
    }
    case 'timeUnder':
      return facts.totalMs < assertion.ms ? pass : fail(`took ${Math.round(facts.totalMs)} ms`);
    case 'jsonPath': {
      let found: unknown;
      try {
        found = readJsonPath(facts.body, assertion.path);
      } catch (error) {
        return fail((error as Error).message);
      }
      if (assertion.op === 'exists') return found !== undefined ? pass : fail('nothing there');
      if (assertion.op === 'notExists')
        return found === undefined ? pass : fail(`found ${valueText(found).slice(0, 200)}`);
      if (found === undefined) return fail('nothing there');
      const text = valueText(found);
      if (assertion.op === 'equals')
        return text === assertion.value ? pass : fail(`was “${text.slice(0, 200)}”`);
      let pattern: RegExp;
      try {
        pattern = new RegExp(assertion.value);
      } catch {
        return fail(`“${assertion.value}” is not a valid regular expression`);
      }
      return pattern.test(text) ? pass : fail(`was “${text.slice(0, 200)}”`);
    }
  }
}
