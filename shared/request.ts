import { z } from 'zod';

/** HTTP methods Tableau's REST API uses. */
export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
export type HttpMethod = z.infer<typeof httpMethodSchema>;

export const requestBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('json'), text: z.string() }),
  z.object({ kind: z.literal('xml'), text: z.string() }),
  z.object({ kind: z.literal('text'), text: z.string(), contentType: z.string().optional() }),
  /**
   * A Metadata API request (`POST /api/metadata/graphql`): `text` is the GraphQL document, sent
   * as JSON `{query, variables, operationName}`. The variables stay the text the user typed
   * (JSON), so a half-typed object is kept; the engine parses and checks both before sending.
   */
  z.object({
    kind: z.literal('graphql'),
    text: z.string(),
    variables: z.string().default(''),
    operationName: z.string().optional(),
  }),
]);
export type RequestBody = z.infer<typeof requestBodySchema>;

/**
 * What the renderer asks main to send. The path is API-relative and may hold `{placeholders}`:
 * `{api-version}` and `{site-id}` come from the session when `pathParams` leaves them empty;
 * every other one — `{user-id}` included — must be filled in `pathParams`, or the request is
 * refused (DESIGN.md §11).
 */
export const requestSpecSchema = z.object({
  method: httpMethodSchema,
  path: z.string().min(1).max(4096),
  pathParams: z.record(z.string(), z.string()).default({}),
  query: z
    .array(
      z.object({ name: z.string().min(1), value: z.string(), enabled: z.boolean().default(true) }),
    )
    .default([]),
  headers: z
    .array(
      z.object({ name: z.string().min(1), value: z.string(), enabled: z.boolean().default(true) }),
    )
    .default([]),
  body: requestBodySchema.default({ kind: 'none' }),
  accept: z.enum(['json', 'xml']).default('json'),
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
});
export type RequestSpec = z.infer<typeof requestSpecSchema>;
export type RequestSpecInput = z.input<typeof requestSpecSchema>;

/** Tableau's pagination block (numbers arrive as strings in JSON; we normalise to numbers). */
export const paginationSchema = z.object({
  pageNumber: z.number().int(),
  pageSize: z.number().int(),
  totalAvailable: z.number().int(),
});
export type Pagination = z.infer<typeof paginationSchema>;

export const tableauErrorSchema = z.object({
  code: z.string(),
  summary: z.string(),
  detail: z.string(),
  explanation: z.string().optional(),
  suggestedFix: z.string().optional(),
});
export type TableauError = z.infer<typeof tableauErrorSchema>;

/** What main returns for a sent request. Never holds the session token. */
export const responseSummarySchema = z.object({
  responseId: z.string(),
  requestId: z.string(),
  status: z.number().int(),
  statusText: z.string(),
  url: z.string(),
  method: httpMethodSchema,
  timings: z.object({ ttfbMs: z.number(), totalMs: z.number() }),
  size: z.object({ bodyBytes: z.number().int(), headerBytes: z.number().int() }),
  headers: z.array(z.tuple([z.string(), z.string()])),
  contentType: z.string(),
  /** First part of the raw body, for a quick look without another call. */
  preview: z.string(),
  truncated: z.boolean(),
  /** The parsed body when it is small enough to send whole; otherwise null and use slices. */
  body: z.unknown().nullable(),
  pagination: paginationSchema.nullable(),
  list: z.object({ path: z.string(), count: z.number().int() }).nullable(),
  error: tableauErrorSchema.nullable(),
  retries: z.number().int().default(0),
  reSignedIn: z.boolean().default(false),
  /**
   * A Metadata API (GraphQL) answer: how many errors came beside the data (HTTP 200), and the
   * …Connection at its top that Fetch all can follow.
   */
  graphql: z
    .object({
      errors: z.number().int(),
      partial: z.boolean(),
      connection: z
        .object({
          key: z.string(),
          totalCount: z.number().int().nullable(),
          hasNextPage: z.boolean().nullable(),
          nodes: z.number().int(),
        })
        .nullable(),
    })
    .optional(),
});
export type ResponseSummary = z.infer<typeof responseSummarySchema>;
