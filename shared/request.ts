import { z } from 'zod';

/** HTTP methods Tableau's REST API uses. */
export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
export type HttpMethod = z.infer<typeof httpMethodSchema>;

/**
 * RFC 2046 boundary characters (no space, so nothing needs quoting), 1–70 of them; TSC's are
 * 32 hex digits.
 */
export const MULTIPART_BOUNDARY = /^[0-9A-Za-z'()+_,./:=?-]{1,70}$/;

/**
 * One file part of a multipart body: Tableau's part name and a file on the engine's disk. A
 * half-typed part (no name or no file yet) is kept as typed; it is refused only when sent.
 */
export const multipartFileSchema = z.object({
  /** `tableau_workbook`, `tableau_datasource`, `tableau_flow`, `tableau_file`, `tableau_user_import`… */
  name: z.string().max(100),
  /** Empty while the user has not picked a file yet: such a body is not sent. */
  path: z.string().max(4096),
  /** The part's `filename`; the file's own name when absent. */
  filename: z.string().max(255).optional(),
  /** Default `application/octet-stream`. */
  contentType: z.string().max(200).optional(),
  /** A slice of the file (a chunk of a chunked upload): from `offset`, `length` bytes. */
  offset: z.number().int().min(0).optional(),
  length: z.number().int().min(0).optional(),
});

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
  /**
   * `multipart/mixed`, as Tableau's publish, file-upload and CSV import methods take it
   * (tableau-api.md §6): `text` is the `request_payload` part (XML or JSON; may be empty), then
   * one part per file. Files are named by path on the engine's disk and streamed from there at
   * send time; their bytes never pass through the renderer.
   */
  z.object({
    kind: z.literal('multipart'),
    text: z.string(),
    payloadType: z.enum(['xml', 'json']).default('xml'),
    files: z.array(multipartFileSchema).max(8).default([]),
    /** Kept with the body so the Content-Type shown is the one sent; generated when absent. */
    boundary: z.string().regex(MULTIPART_BOUNDARY).optional(),
  }),
]);
export type RequestBody = z.infer<typeof requestBodySchema>;
export type MultipartFile = z.infer<typeof multipartFileSchema>;

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
  /** The history entry that keeps this answer, so a reopened tab can find it after a restart. */
  historyEntryId: z.string().optional(),
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
