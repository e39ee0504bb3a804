import { explainError } from '../shared/tableau-errors';
import type { TableauError } from '../shared/request';
import { EXIT } from './command';

/**
 * Engine error codes that mean the command line asked for something impossible (exit 2), as
 * against a request that was tried and failed (exit 1).
 */
const INPUT_ERRORS = [
  'request.missingPlaceholder',
  'request.badPlaceholder',
  'request.foreignOrigin',
  'request.tokenEndpoint',
  'request.badPath',
  'request.outsideApi',
  'export.noData',
  'run.badData',
  'run.badInput',
  'run.empty',
  'run.noCollection',
  'run.noFolder',
  'bulk.badFile',
  'bulk.unknownColumns',
  'bulk.wrongTarget',
];

/**
 * The engine's message in command-line words where the app's would point at a field or a
 * button the command does not have.
 */
export function commandLineMessage(code: string, message: string, detail: unknown): string {
  if (code === 'request.missingPlaceholder' && Array.isArray(detail)) {
    const names = detail.map(String);
    return `Fill in ${names.map((n) => `{${n}}`).join(', ')} with ${names.map((n) => `--param ${n}=VALUE`).join(' ')} (or write the value into PATH): an empty placeholder is never sent.`;
  }
  if (code === 'request.badPlaceholder')
    return `${message} Fill placeholders with --param NAME=VALUE.`;
  if (code === 'request.tokenEndpoint')
    return 'PATH is Sign In or Switch Site, whose answer carries the session token: trestle signs in and out by itself from the connection flags (--site for another site).';
  if (code === 'session.noServerInfo')
    return message.replace(
      'Pin an API version on the connection.',
      'Give the version with --api-version X.Y.',
    );
  return message;
}

export function errorExitCode(code: string): number {
  // A GraphQL query the schema refuses (graphql.*) is an input error: nothing was sent.
  return INPUT_ERRORS.includes(code) ||
    code.startsWith('connection.') ||
    code.startsWith('graphql.')
    ? EXIT.usage
    : EXIT.failed;
}

/** The Tableau error an engine error carries (a refused sign-in, a failed renewal), explained. */
export function tableauErrorOf(detail: unknown): TableauError | null {
  if (!detail || typeof detail !== 'object') return null;
  const { code, summary, detail: text } = detail as Record<string, unknown>;
  if (typeof code !== 'string' || typeof summary !== 'string') return null;
  return explainError({ code, summary, detail: typeof text === 'string' ? text : '' });
}
