/**
 * A loopback HTTP listener for every emulated port (MetaSrv nodes, v1 admin HTTP ports, the
 * frontend). It applies control-API faults, logs each exchange, stamps the emulated clock into
 * `Date` (clients read MetaSrv's clock from it), and on stop closes the port and destroys open
 * sockets as a dead process would. Request bodies are read (the frontend takes form bodies);
 * a handler answers at once or with a promise (a frontend statement waiting for a procedure).
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatorRuntime } from '../runtime.ts';
import { splitTarget } from './legacy-admin.ts';
import type { AdminResponse } from './legacy-admin.ts';
import { quoteNumbers } from '../faults.ts';
import type { Fault } from '../faults.ts';

export interface HttpExchange {
  method: string;
  target: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type HttpHandler = (exchange: HttpExchange) => AdminResponse | Promise<AdminResponse>;

const MAX_BODY_BYTES = 4_000_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A body with wrong JSON types; a v0.6 route (a JSON string) gets its inner numbers quoted. */
function wrongTypes(body: string): string {
  if (body.startsWith('"')) {
    const inner: unknown = JSON.parse(body);
    if (typeof inner === 'string') return JSON.stringify(quoteNumbers(inner));
  }
  const quoted = quoteNumbers(body);
  // Plain text has no numbers to quote; a JSON number where text was expected is wrong too.
  return quoted === body ? '12345' : quoted;
}

export function applyFault(fault: Fault | undefined, response: AdminResponse): AdminResponse {
  switch (fault?.action) {
    case 'truncate':
      return { ...response, body: response.body.slice(0, Math.floor(response.body.length / 2)) };
    case 'wrong-types':
      return { ...response, body: wrongTypes(response.body) };
    case 'body':
      return { ...response, body: fault.body ?? '' };
    default:
      return response;
  }
}

export class HttpListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly runtime: EmulatorRuntime,
    /** Fault/log node id: the MetaSrv index, or -1 for the frontend. */
    readonly node: number,
    private readonly host: string,
    private readonly handler: HttpHandler,
  ) {}

  get listening(): boolean {
    return this.server !== null;
  }

  get addr(): string {
    return `${this.host}:${this.port}`;
  }

  async listen(port: number): Promise<number> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : port;
    this.server = server;
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = req.url ?? '/';
    const { path, query } = splitTarget(target);
    const runtime = this.runtime;
    const fault = runtime.faults.take(this.node, path);
    const method = req.method ?? 'GET';
    // The log keeps the form body beside the query (never headers: they carry credentials).
    const logged =
      body !== '' && method === 'POST' ? [query, body].filter((q) => q !== '').join('&') : query;
    const logEntry = { node: this.node, method, path, query: logged, faultId: fault?.id ?? null };
    if (fault?.latencyMs !== undefined) await sleep(fault.latencyMs);
    if (!this.listening) return;
    let response: AdminResponse;
    if (fault?.action === 'error') {
      response = { status: fault.status ?? 500, headers: {}, body: fault.body ?? '' };
    } else {
      response = applyFault(
        fault,
        await this.handler({ method, target, path, query, headers: req.headers, body }),
      );
      // The port closed (a stopped node, a reset) while a waiting statement ran.
      if (this.server === null) return;
    }
    const atMs = runtime.clock.now();
    if (fault?.action === 'drop') {
      runtime.log.record({ ...logEntry, status: null, body: response.body, atMs });
      req.socket.destroy();
      return;
    }
    runtime.log.record({ ...logEntry, status: response.status, body: response.body, atMs });
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.setHeader('Date', new Date(atMs).toUTCString());
    res.end(response.body);
  }
}
