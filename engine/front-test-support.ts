import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a front saw: each request's method, path as sent, and whether it carried a token. */
export interface FrontRequest {
  method: string;
  path: string;
  token: string | undefined;
}

/**
 * Answers a request itself (true) or lets the front forward it (false). Gets the whole body.
 */
export type Intercept = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
) => boolean | Promise<boolean>;

export interface LoopbackFront {
  url: string;
  port: number;
  requests: FrontRequest[];
  close(): Promise<void>;
}

/**
 * A second loopback server in front of `target` (the sandbox): it forwards every request
 * unchanged unless `intercept` answers it. Tests use it as another origin, a server that
 * fails on cue, or a server whose answers the sandbox would not give.
 */
export async function startFront(target: string, intercept?: Intercept): Promise<LoopbackFront> {
  const requests: FrontRequest[] = [];
  const upstream = new URL(target);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: request.method ?? 'GET',
        path: request.url ?? '',
        token: request.headers['x-tableau-auth'] as string | undefined,
      });
      void (async () => {
        if (intercept && (await intercept(request, response, body))) return;
        const headers = { ...request.headers, host: upstream.host };
        const forwarded = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: request.method,
            path: request.url,
            headers,
          },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        forwarded.on('error', () => response.destroy());
        forwarded.end(body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Tableau-style error body, for intercepts that play a failing server. */
export function tableauError(
  response: ServerResponse,
  status: number,
  code: string,
  summary: string,
): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  response.end(JSON.stringify({ error: { code, summary, detail: summary } }));
}
