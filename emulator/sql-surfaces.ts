/**
 * The v1 listeners: one admin HTTP port per MetaSrv node (the axum router; MetaSrv nodes still
 * report their gRPC-port address as themselves) and one frontend HTTP port (`/v1/sql`). They are
 * open only while the emulator's api is v1; stopping a MetaSrv closes its admin port too.
 */
import { HttpListener } from './http/http-listener.ts';
import type { HttpExchange } from './http/http-listener.ts';
import { handleFrontendRequest } from './http/frontend-sql.ts';
import { handleSqlAdmin } from './http/sql-admin.ts';
import { sqlVersionOf } from './model/types.ts';
import type { EmulatorRuntime } from './runtime.ts';

export interface SqlPorts {
  /** Admin HTTP port of node 0 (node i on +i); 0 = free ports. */
  adminPort: number;
  frontendPort: number;
  /**
   * v1.2 `[http] enable_api_server`: the frontend's optional API listener's port (0 = free),
   * or null when the option is off (GreptimeDB's default).
   */
  apiServerPort: number | null;
}

/**
 * v1.2 `enforce_api_surface` (API.md §3.4, `src/servers/src/http.rs@v1.2.0-beta.2`): the API
 * listener serves the same routes but only under `/v1` and `/dashboard`; every other path is
 * 404. (The 404's body is not given; the emulator answers as for any unknown path: empty.)
 */
export function isApiSurfacePath(path: string): boolean {
  return ['/v1', '/dashboard'].some((p) => path === p || path.startsWith(`${p}/`));
}

/** Requests to the v1.2 API listener are logged under this node (the frontend is -1). */
export const API_SERVER_NODE = -2;

export class SqlSurfaces {
  private readonly admin: HttpListener[];
  private readonly frontend: HttpListener;
  private readonly apiServer: HttpListener | null;

  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly host: string,
    private readonly ports: SqlPorts,
  ) {
    this.admin = runtime.cluster.metasrvs.map(
      (m) =>
        new HttpListener(runtime, m.index, host, (ex) =>
          handleSqlAdmin(this.runtime.cluster, ex, sqlVersionOf(this.runtime.api)),
        ),
    );
    this.frontend = new HttpListener(runtime, -1, host, (ex) => this.answerFrontend(ex));
    this.apiServer =
      ports.apiServerPort === null
        ? null
        : new HttpListener(runtime, API_SERVER_NODE, host, (ex) =>
            isApiSurfacePath(ex.path)
              ? this.answerFrontend(ex)
              : { status: 404, headers: {}, body: '' },
          );
  }

  /** The frontend's routes; the API listener serves the same ones (same frontend process). */
  private answerFrontend(ex: HttpExchange) {
    return handleFrontendRequest(
      {
        cluster: this.runtime.cluster,
        version: sqlVersionOf(this.runtime.api),
        auth: this.runtime.options.frontendAuth ?? null,
        frontend: {
          peerAddr: `${this.host}:${this.frontend.port}`,
          hostname: 'greptimedb-frontend-0',
          startMs: this.runtime.frontendStartMs,
        },
      },
      ex,
    );
  }

  /** Opens every port not yet open (a running MetaSrv's admin port only). */
  async open(): Promise<void> {
    for (const listener of this.admin) {
      const running = this.runtime.cluster.metasrvs[listener.node]?.running === true;
      if (running && !listener.listening) {
        const base = this.ports.adminPort;
        await listener.listen(
          listener.port !== 0 ? listener.port : base === 0 ? 0 : base + listener.node,
        );
      }
    }
    if (!this.frontend.listening) {
      await this.frontend.listen(
        this.frontend.port !== 0 ? this.frontend.port : this.ports.frontendPort,
      );
    }
    // The option exists from v1.2 on (API.md §3.4): a reset to v1.1 closes the listener.
    const api = this.apiServer;
    if (api !== null && this.runtime.api === 'v1.2' && !api.listening) {
      await api.listen(api.port !== 0 ? api.port : (this.ports.apiServerPort ?? 0));
    } else if (api !== null && this.runtime.api !== 'v1.2') {
      await api.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all([
      ...this.admin.map((l) => l.close()),
      this.frontend.close(),
      this.apiServer?.close(),
    ]);
  }

  async stopAdmin(node: number): Promise<void> {
    await this.admin[node]?.close();
  }

  async startAdmin(node: number): Promise<void> {
    const listener = this.admin[node];
    if (listener !== undefined && !listener.listening) {
      await listener.listen(
        listener.port !== 0
          ? listener.port
          : this.ports.adminPort === 0
            ? 0
            : this.ports.adminPort + node,
      );
    }
  }

  get isOpen(): boolean {
    return this.frontend.listening;
  }

  adminAddrs(): string[] {
    return this.admin.map((l) => l.addr);
  }

  /** Reported (gRPC-port) address -> admin HTTP address, per MetaSrv node. */
  leaderAddrMap(): Record<string, string> {
    const map: Record<string, string> = {};
    this.runtime.cluster.metasrvs.forEach((m, i) => {
      const admin = this.admin[i];
      if (admin !== undefined) map[m.addr] = admin.addr;
    });
    return map;
  }

  frontendAddr(): string | null {
    return this.frontend.port === 0 ? null : this.frontend.addr;
  }

  /** v1.2 API listener's address while it is open, else null. */
  apiServerAddr(): string | null {
    return this.apiServer?.listening === true ? this.apiServer.addr : null;
  }
}
