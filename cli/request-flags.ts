import fs from 'node:fs';
import type { FlagSpec, ParsedFlags } from '../engine/host/cli-args';
import { UsageError } from '../engine/host/cli-args';
import { httpMethodSchema, type RequestBody, type RequestSpec } from '../shared/request';
import { CliError, EXIT } from './command';

/** What `send` needs to build a request spec, as the request builder in the app has it. */
export const requestFlags = {
  query: { kind: 'string', multiple: true, description: 'query parameter NAME=VALUE (repeatable)' },
  header: { kind: 'string', multiple: true, description: 'request header NAME=VALUE (repeatable)' },
  param: {
    kind: 'string',
    multiple: true,
    description: 'path placeholder NAME=VALUE, e.g. user-id=… (repeatable)',
  },
  body: { kind: 'string', description: 'request body from FILE, or - for stdin (JSON or XML)' },
} satisfies FlagSpec;

export type RequestFlags = ParsedFlags<typeof requestFlags>;

/**
 * The API-relative path as the catalog writes it: `/sites/{site-id}/users` means
 * `/api/{api-version}/sites/{site-id}/users`; a path already under `/api/` is kept.
 */
export function apiPath(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//'))
    throw new UsageError(
      `PATH is the API path only, e.g. /sites/{site-id}/users; the server comes from --server (not “${path}”).`,
    );
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return absolute.startsWith('/api/') ? absolute : `/api/{api-version}${absolute}`;
}

/** NAME=VALUE (or, for headers, "Name: value"). */
function pair(flag: string, text: string, colon = false): { name: string; value: string } {
  const match = (colon ? /^([^=:]+?)\s*(?:=|:)\s*(.*)$/s : /^([^=]+)=(.*)$/s).exec(text);
  if (!match || !match[1].trim())
    throw new UsageError(`--${flag} takes NAME=VALUE, not “${text}”.`);
  return { name: match[1].trim(), value: match[2] };
}

/** A request spec from `METHOD PATH` and the request flags; the body file is read here. */
export async function requestSpec(
  method: string,
  path: string,
  flags: RequestFlags,
  stdin: NodeJS.ReadableStream,
): Promise<RequestSpec> {
  const parsedMethod = httpMethodSchema.safeParse(method.toUpperCase());
  if (!parsedMethod.success)
    throw new UsageError(
      `METHOD must be one of ${httpMethodSchema.options.join(', ')}, not “${method}”.`,
    );
  const headers = (flags.header ?? []).map((h) => ({ ...pair('header', h, true), enabled: true }));
  // An Accept header chooses the answer's format: the engine asks for JSON otherwise.
  const acceptHeader = headers.find((h) => h.name.toLowerCase() === 'accept');
  const pathParams: Record<string, string> = {};
  for (const text of flags.param ?? []) {
    const { name, value } = pair('param', text);
    pathParams[name.replace(/^\{(.*)\}$/, '$1')] = value;
  }
  const contentType = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
  return {
    method: parsedMethod.data,
    path: apiPath(path),
    pathParams,
    query: (flags.query ?? []).map((q) => ({ ...pair('query', q), enabled: true })),
    headers: headers.filter((h) => h !== acceptHeader),
    body:
      flags.body === undefined ? { kind: 'none' } : await readBody(flags.body, stdin, contentType),
    accept: acceptHeader && /xml/i.test(acceptHeader.value) ? 'xml' : 'json',
  };
}

/** The body's kind from its first character (JSON or XML), or from an explicit Content-Type. */
async function readBody(
  source: string,
  stdin: NodeJS.ReadableStream,
  contentType: string | undefined,
): Promise<RequestBody> {
  const where = source === '-' ? 'stdin' : source;
  let text: string;
  try {
    text = source === '-' ? await readAll(stdin) : fs.readFileSync(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (error as Error).message;
    throw new CliError(`--body ${where}: cannot read it (${why}).`, EXIT.usage);
  }
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start) throw new CliError(`--body ${where} is empty.`, EXIT.usage);
  if (contentType && !/json|xml/i.test(contentType)) return { kind: 'text', text, contentType };
  if (start.startsWith('{') || start.startsWith('[') || /json/i.test(contentType ?? '')) {
    try {
      JSON.parse(start);
    } catch (error) {
      throw new CliError(
        `--body ${where} is not valid JSON: ${(error as Error).message}.`,
        EXIT.usage,
      );
    }
    return { kind: 'json', text: start };
  }
  if (start.startsWith('<') || /xml/i.test(contentType ?? '')) return { kind: 'xml', text: start };
  throw new CliError(
    `--body ${where} is neither JSON nor XML; say what it is with --header Content-Type=….`,
    EXIT.usage,
  );
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
