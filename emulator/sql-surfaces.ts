/**
 * The v1 listeners: one admin HTTP port per MetaSrv node (the axum router; MetaSrv nodes still
 * report their gRPC-port address as themselves) and one frontend HTTP port (`/v1/sql`). They are
 * open only while the emulator's api is v1; stopping a MetaSrv closes its admin port too.
 */
import { HttpListener } from './http/http-listener.ts';
import { handleFrontendRequest } from './http/frontend-sql.ts';
import { handleSqlAdmin } from './http/sql-admin.ts';
import { sqlVersionOf } from './model/types.ts';
import type { EmulatorRuntime } from './runtime.ts';

export interface SqlPorts {
  /** Admin HTTP port of node 0 (node i on +i); 0 = free ports. */
  adminPort: number;
  frontendPort: number;
}

export class SqlSurfaces {
  private readonly admin: HttpListener[];
  private readonly frontend: HttpListener;

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
    this.frontend = new HttpListener(runtime, -1, host, (ex) =>
      handleFrontendRequest(
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
      ),
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
  }

  async close(): Promise<void> {
    await Promise.all([...this.admin.map((l) => l.close()), this.frontend.close()]);
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
}
