/**
 * Starts the production request pipeline on 127.0.0.1 (port 0) in front of scripted fake
 * MetaSrv nodes, with a tiny dist/ of its own, and sends raw HTTP requests with full control
 * of Host, Origin and the other headers a browser would set itself.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MUTATION_HEADER } from '../../../contract/api-contract.ts';
import { createAuditLog } from '../../security/audit-log.ts';
import { CSP_NONCE_PLACEHOLDER } from '../../security/security-headers.ts';
import { createConsoleServer } from '../console-server.ts';
import { createStaticHandler } from '../static-files.ts';
import type { ConsoleServerConfig, ConsoleServerOptions } from '../console-server.ts';

export const INDEX_HTML = `<!doctype html><html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"><script type="module" src="/assets/app-1.js" nonce="${CSP_NONCE_PLACEHOLDER}"></script></head><body><div id="root"></div></body></html>`;

export function makeDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log("app");');
  writeFileSync(path.join(dir, 'assets', 'app-1.css'), 'body{}');
  return dir;
}

export interface RunningConsole {
  port: number;
  /** `127.0.0.1:port`, an allowed Host. */
  host: string;
  /** The configured public origin. */
  origin: string;
  auditLines: string[];
  otherLines: string[];
  server: http.Server;
  close(): Promise<void>;
}

export async function startConsole(options: {
  clusters: ConsoleServerOptions['clusters'];
  config?: Partial<ConsoleServerConfig>;
  send?: ConsoleServerOptions['send'];
  migrations?: ConsoleServerOptions['migrations'];
  plans?: ConsoleServerOptions['plans'];
  repartitions?: ConsoleServerOptions['repartitions'];
  loginLimiter?: ConsoleServerOptions['loginLimiter'];
  hotRegions?: ConsoleServerOptions['hotRegions'];
}): Promise<RunningConsole> {
  const auditLines: string[] = [];
  const otherLines: string[] = [];
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const port = (address satisfies AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const config: ConsoleServerConfig = {
    publicOrigins: [origin],
    allowedHosts: new Set([`127.0.0.1:${port}`]),
    tls: null,
    trustedProxies: new Set(),
    isReadOnly: false,
    auth: { mode: 'none', credentials: [] },
    timeoutMs: 2000,
    ...options.config,
  };
  const consoleServer = createConsoleServer({
    config,
    clusters: options.clusters,
    audit: createAuditLog((line) => auditLines.push(line)),
    serveApp: createStaticHandler(makeDist()),
    log: (line) => otherLines.push(line),
    ...(options.send === undefined ? {} : { send: options.send }),
    ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
    ...(options.plans === undefined ? {} : { plans: options.plans }),
    ...(options.repartitions === undefined ? {} : { repartitions: options.repartitions }),
    ...(options.loginLimiter === undefined ? {} : { loginLimiter: options.loginLimiter }),
    ...(options.hotRegions === undefined ? {} : { hotRegions: options.hotRegions }),
  });
  server.on('request', consoleServer.listener);
  return {
    port,
    host: `127.0.0.1:${port}`,
    origin,
    auditLines,
    otherLines,
    server,
    close: async () => {
      consoleServer.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Headers of a legitimate mutating request from the dashboard at `origin`. */
export function dashboardMutationHeaders(origin: string): Record<string, string> {
  return {
    origin,
    [MUTATION_HEADER.name]: MUTATION_HEADER.value,
    'content-type': 'application/json',
  };
}
