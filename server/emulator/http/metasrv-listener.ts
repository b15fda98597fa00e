/**
 * One MetaSrv node's HTTP listener. It applies faults, calls the admin handler, stamps the
 * emulated clock into `Date` (clients read MetaSrv's clock from it), and logs the exchange.
 * Stopping it closes the listener and destroys open keep-alive sockets, as a dead process would.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { quoteNumbers } from '../faults.ts';
import type { Fault } from '../faults.ts';
import type { EmulatorRuntime } from '../runtime.ts';
import { handleAdminRequest, splitTarget } from './legacy-admin.ts';
import { handleV1TonicAdmin } from './modern-admin.ts';
import type { AdminResponse } from './legacy-admin.ts';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

export class MetasrvListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly runtime: EmulatorRuntime,
    readonly index: number,
    private readonly host: string,
  ) {}

  get listening(): boolean {
    return this.server !== null;
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
    // Request bodies are ignored by MetaSrv; drain them so keep-alive works.
    req.resume();
    const target = req.url ?? '/';
    const { path, query } = splitTarget(target);
    const runtime = this.runtime;
    const fault = runtime.faults.take(this.index, path);
    const logEntry = {
      node: this.index,
      method: req.method ?? 'GET',
      path,
      query,
      faultId: fault?.id ?? null,
    };
    if (fault?.latencyMs !== undefined) await sleep(fault.latencyMs);
    if (!this.listening) return;
    let response: AdminResponse;
    if (fault?.action === 'error') {
      response = { status: fault.status ?? 500, headers: {}, body: fault.body ?? '' };
    } else {
      const api = runtime.api;
      const answer =
        api === 'v1'
          ? // v1.1.4 still mounts the (deprecated) tonic admin router on the gRPC port.
            handleV1TonicAdmin(runtime.cluster, {
              method: req.method ?? 'GET',
              target,
              path,
              query,
              headers: req.headers,
              body: '',
            })
          : handleAdminRequest({ cluster: runtime.cluster, api, nodeIndex: this.index }, target);
      response = applyFault(fault, answer);
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
    // Set explicitly, Node does not add its own wall-clock Date.
    res.setHeader('Date', new Date(atMs).toUTCString());
    res.end(response.body);
  }
}
