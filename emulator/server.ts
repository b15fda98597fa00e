/**
 * startEmulator: an emulated GreptimeDB cluster on loopback ports. One HTTP listener per MetaSrv
 * node (port + i, or free ports with port 0) answering the legacy admin API, and the control
 * API on its own port. Used by the CLI, the proxy's embedded dev cluster and tests.
 */
import type { Server } from 'node:http';
import { createControlServer } from './control-api.ts';
import { EmulatorController } from './controller.ts';
import { createMetasrvListener } from './http/metasrv-listener.ts';
import type { EmulatedCluster } from './model/cluster.ts';
import type { FrontendCredentials } from './http/frontend-sql.ts';
import { isSqlApi } from './model/types.ts';
import type { EmulatorApi } from './model/types.ts';
import { EmulatorRuntime } from './runtime.ts';
import { SqlSurfaces } from './sql-surfaces.ts';

export interface EmulatorOptions {
  /** 'v1.1' emulates v1.1.4, 'v1.2' v1.2.0-beta.2: modern admin HTTP ports, frontend `/v1/sql`, legacy router on the reported ports. */
  api?: EmulatorApi;
  /** v1: admin HTTP port of MetaSrv node 0 (node i on +i); default port + 1000, 0 = free. */
  adminPort?: number;
  /** v1: frontend HTTP port; default port + 998 (4000 for 3002), 0 = free. */
  frontendPort?: number;
  /**
   * v1.2 `[http] enable_api_server` (API.md §3.4): the port of the frontend's second listener,
   * which serves only `/v1/*` and `/dashboard` (0 = a free port); off (GreptimeDB's default) when
   * absent. Open only while the api is v1.2.
   */
  apiServerPort?: number | null;
  /** v1: frontend basic auth (`{user, password}` or `"name:password"`); none by default. */
  frontendAuth?: FrontendCredentials | string | null;
  datanodes?: number;
  seed?: number;
  host?: string;
  /** MetaSrv node i listens on port + i; 0 = every listener takes a free port. */
  port?: number;
  controlPort?: number;
  /** Scale: physical tables and total regions (see model/topology.ts). */
  tables?: number;
  regions?: number;
  metasrvs?: number;
  withoutElection?: boolean;
  clockSpeed?: number;
  replaySpeed?: number;
  replayWorkMs?: number;
  electionDelayMs?: number;
  /** v1: emulated ms of one repartition datanode step (default 2000). */
  repartitionStepMs?: number;
}

export interface RunningEmulator {
  /**
   * host:port of each MetaSrv node, in node order: the admin API a client should call. Legacy
   * modes: the one port per node. v1: the admin HTTP ports (the axum router).
   */
  readonly metasrvAddrs: string[];
  /** What each node reports as its address (`/admin/leader`, cluster_info): the gRPC-style ports. */
  readonly reportedAddrs: string[];
  /** v1: reported address -> admin HTTP address; legacy: {} (they are the same). */
  readonly leaderAddrMap: Record<string, string>;
  /** v1: host:port of the frontend HTTP API (`/v1/sql`); null in legacy modes. */
  readonly frontendAddr: string | null;
  /** v1.2 with `apiServerPort`: host:port of the frontend's API listener; else null. */
  readonly apiServerAddr: string | null;
  /** host:port of the control API. */
  controlAddr: string;
  /** The current cluster model (replaced by a reset; read it through `controller`). */
  readonly cluster: EmulatedCluster;
  controller: EmulatorController;
  close(): Promise<void>;
}

function listenControl(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

/** `"name:password"` (CLI, control API) or an object; the password may contain ':'. */
export function parseFrontendAuth(
  auth: FrontendCredentials | string | null | undefined,
): FrontendCredentials | null {
  if (auth === null || auth === undefined) return null;
  if (typeof auth !== 'string') return auth;
  const colon = auth.indexOf(':');
  if (colon <= 0) throw new RangeError('frontend auth must be "name:password"');
  return { user: auth.slice(0, colon), password: auth.slice(colon + 1) };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 0;
  const runtime = new EmulatorRuntime({
    frontendAuth: parseFrontendAuth(options.frontendAuth),
    api: options.api ?? 'v0.6',
    seed: options.seed ?? 1,
    datanodes: options.datanodes ?? 4,
    tables: options.tables,
    regions: options.regions,
    metasrvs: options.metasrvs,
    withoutElection: options.withoutElection,
    clockSpeed: options.clockSpeed,
    replaySpeed: options.replaySpeed,
    replayWorkMs: options.replayWorkMs,
    electionDelayMs: options.electionDelayMs,
    repartitionStepMs: options.repartitionStepMs,
  });
  const listeners = runtime.cluster.metasrvs.map((m) =>
    createMetasrvListener(runtime, m.index, host),
  );
  const v1 = new SqlSurfaces(runtime, host, {
    adminPort: options.adminPort ?? (basePort === 0 ? 0 : basePort + 1000),
    frontendPort: options.frontendPort ?? (basePort === 0 ? 0 : basePort + 998),
    apiServerPort: options.apiServerPort ?? null,
  });
  const controller = new EmulatorController(runtime, listeners, v1);
  const control = createControlServer(controller);
  try {
    for (const listener of listeners) {
      const port = await listener.listen(basePort === 0 ? 0 : basePort + listener.node);
      const node = runtime.cluster.metasrvs[listener.node];
      if (node !== undefined) node.addr = `${host}:${port}`;
    }
    if (isSqlApi(runtime.api)) await v1.open();
    const controlPort = await listenControl(control, options.controlPort ?? 0, host);
    const reported = () => listeners.map((l) => `${host}:${l.port}`);
    return {
      get metasrvAddrs() {
        return isSqlApi(runtime.api) ? v1.adminAddrs() : reported();
      },
      get reportedAddrs() {
        return reported();
      },
      get leaderAddrMap() {
        return isSqlApi(runtime.api) ? v1.leaderAddrMap() : {};
      },
      get frontendAddr() {
        return isSqlApi(runtime.api) ? v1.frontendAddr() : null;
      },
      get apiServerAddr() {
        return v1.apiServerAddr();
      },
      controlAddr: `${host}:${controlPort}`,
      get cluster() {
        return runtime.cluster;
      },
      controller,
      close: async () => {
        await Promise.all(listeners.map((l) => l.close()));
        await v1.close();
        await new Promise<void>((resolve) => {
          control.close(() => {
            resolve();
          });
          control.closeAllConnections();
        });
        runtime.dispose();
      },
    };
  } catch (error) {
    await Promise.all(listeners.map((l) => l.close()));
    await v1.close();
    if (control.listening) control.close();
    runtime.dispose();
    throw error;
  }
}
