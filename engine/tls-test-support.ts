import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { RunningSandbox } from '../sandbox';

const OPENSSL = '/usr/bin/openssl';

/** A host name that never resolves (RFC 2606 `.invalid`): only a proxy can reach it. */
export const CORPORATE_HOST = 'tableau.corp.invalid';

export interface TestCertificates {
  dir: string;
  /** The throwaway CA, as a PEM file: what a company hands out as its "CA bundle". */
  caFile: string;
  key: Buffer;
  cert: Buffer;
}

/**
 * A throwaway CA and a server certificate it signs for 127.0.0.1, localhost and
 * CORPORATE_HOST, made with Debian's openssl CLI in a temp folder.
 */
export function makeCertificates(): TestCertificates {
  if (!fs.existsSync(OPENSSL)) {
    throw new Error(
      `The TLS tests need ${OPENSSL} to make a throwaway CA: install Debian's openssl package (apt-get install openssl).`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-tls-'));
  const at = (name: string) => path.join(dir, name);
  // Run in the temp folder with relative names, so each command reads as one line.
  const run = (command: string) =>
    execFileSync(OPENSSL, command.split(' '), { cwd: dir, stdio: 'pipe' });
  const ecKey = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  run(
    `req -x509 -days 2 ${ecKey} -subj /CN=trestle-test-ca -keyout ca.key -out ca.pem ` +
      '-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign',
  );
  run(`req ${ecKey} -subj /CN=localhost -keyout server.key -out server.csr`);
  fs.writeFileSync(
    at('server.ext'),
    `subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:${CORPORATE_HOST}\n` +
      'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  run(
    'x509 -req -days 2 -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial ' +
      '-extfile server.ext -out server.pem',
  );
  return {
    dir,
    caFile: at('ca.pem'),
    key: fs.readFileSync(at('server.key')),
    cert: fs.readFileSync(at('server.pem')),
  };
}

export interface HttpsFront {
  port: number;
  /** Requests it forwarded, to prove a request really arrived over TLS. */
  forwarded: number;
  close(): Promise<void>;
}

/** An https server in front of the sandbox: TLS terminated here, every request forwarded as is. */
export async function startHttpsFront(
  sandbox: RunningSandbox,
  certificates: TestCertificates,
): Promise<HttpsFront> {
  const front: HttpsFront = { port: 0, forwarded: 0, close: async () => undefined };
  const server = https.createServer(
    { key: certificates.key, cert: certificates.cert },
    (request, response) => {
      front.forwarded++;
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: sandbox.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.destroy());
      request.pipe(upstream);
    },
  );
  front.port = await listen(server);
  front.close = () => close(server);
  return front;
}

export interface ConnectProxy {
  url: string;
  /** `host:port` of each tunnel opened, in order. */
  tunnels: string[];
  close(): Promise<void>;
}

/**
 * A minimal CONNECT proxy, as corporate networks run: it tunnels to any host, and resolves
 * CORPORATE_HOST itself (to 127.0.0.1), as a proxy with the company's DNS would.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const proxy: ConnectProxy = { url: '', tunnels: [], close: async () => undefined };
  const server = http.createServer((_request, response) => {
    response.writeHead(405).end('CONNECT only');
  });
  // Tunnels leave the HTTP server's bookkeeping: closing must end them itself.
  const sockets = new Set<net.Socket>();
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = request.url ?? '';
    proxy.tunnels.push(target);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), target.split(':').pop()];
    const upstream = net.connect(Number(port), host === CORPORATE_HOST ? '127.0.0.1' : host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = () => {
    for (const socket of sockets) socket.destroy();
    return close(server);
  };
  return proxy;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
