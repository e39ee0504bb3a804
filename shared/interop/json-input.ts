import type { InteropError, Outcome } from './report';

/**
 * Limits on what an import reads. Tableau's own collection is 0.5 MB, 347 requests and 5
 * levels deep; these are far above any real collection and well below what would freeze the
 * window or overflow a stack (Bruno fails on an 84 MB dump, usebruno/bruno-docs-legacy#475).
 */
export const IMPORT_LIMITS = {
  /** Characters of text read at all. */
  maxChars: 20 * 1024 * 1024,
  /** Nesting of JSON arrays and objects (a folder level is two). */
  maxJsonDepth: 256,
  /** Requests in one import. */
  maxRequests: 10_000,
} as const;

const MB = 1024 * 1024;

/** Refuses text over the size limit before anything else reads it. */
export function sizeProblem(text: string, what: string): InteropError | null {
  if (text.length <= IMPORT_LIMITS.maxChars) return null;
  return {
    code: 'import.tooLarge',
    message: `${what} is ${(text.length / MB).toFixed(1)} MB; Trestle imports up to ${IMPORT_LIMITS.maxChars / MB} MB at once. Split it (export folders one by one) and import the parts.`,
  };
}

/**
 * The deepest nesting of `{`/`[` in JSON text, scanned without recursion (strings skipped),
 * stopping once past `limit`: a million nested brackets are refused before any parser sees them.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

/** "line 3, column 14" for a character offset. */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** JSON text → value, with the size and depth checked first and the parser's place in words. */
export function readJson(text: string, what: string): Outcome<{ value: unknown }> {
  const large = sizeProblem(text, what);
  if (large) return { ok: false, error: large };
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim())
    return { ok: false, error: { code: 'import.empty', message: `${what} is empty.` } };
  if (jsonDepth(body, IMPORT_LIMITS.maxJsonDepth) > IMPORT_LIMITS.maxJsonDepth)
    return {
      ok: false,
      error: {
        code: 'import.tooDeep',
        message: `${what} nests more than ${IMPORT_LIMITS.maxJsonDepth} levels deep; no collection does (folders may nest 100 deep).`,
      },
    };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    return {
      ok: false,
      error: {
        code: 'import.notJson',
        message: `${what} is not valid JSON${position ? ` (${lineAndColumn(body, Number(position[1]))})` : ''}.`,
        detail: message.split('\n')[0].slice(0, 300),
      },
    };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or undefined; other types are not coerced. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
