import { graphqlPayload } from '../shared/graphql';
import type { RequestBody } from '../shared/request';
import { EngineError } from './errors';

/**
 * The bytes a request body goes out as. A GraphQL body is checked first (syntax, variables
 * JSON, which operation) and sent as Tableau's JSON `{query, variables, operationName}`: a
 * malformed query is refused before it leaves, with where it is wrong.
 */
export function encodeBody(body: RequestBody): Buffer | undefined {
  if (body.kind === 'none') return undefined;
  if (body.kind !== 'graphql') return Buffer.from(body.text, 'utf8');
  const payload = graphqlPayload(body);
  if ('problem' in payload) {
    const { code, message, line, column } = payload.problem;
    throw new EngineError(code, message, line ? { line, column } : undefined);
  }
  return Buffer.from(payload.json, 'utf8');
}
