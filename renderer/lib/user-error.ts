import { ApiError } from '../api';

/** An error as a person reads it: one plain sentence, and the internal code and text under it. */
export interface PlainError {
  message: string;
  /** The internal code (and, where it differs, the raw text): shown small, under the sentence. */
  detail: string | null;
}

/**
 * Codes whose raw text is for developers (a validator's report, an exception): the person gets
 * a sentence about what happened and what is safe, the raw text only as the detail.
 */
const PLAIN: Record<string, string> = {
  'ipc.badArguments':
    'Trestle could not accept what this screen sent (a value it does not expect). Nothing was changed.',
  'ipc.unknownChannel': 'This build of the app and its host do not match. Reload the page.',
  internal: 'Something went wrong inside Trestle. Nothing was sent.',
};

export function plainError(error: unknown, context?: string): PlainError {
  const code = error instanceof ApiError ? error.code : null;
  const raw = (error as Error)?.message ?? String(error);
  const plain = code ? PLAIN[code] : undefined;
  const message = plain ?? raw;
  const prefix = context ? `${context}: ` : '';
  return {
    message: `${prefix}${message}`,
    detail: code ? (plain ? `${code} — ${raw}` : code) : null,
  };
}
