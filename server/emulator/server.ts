/**
 * startEmulator: an emulated GreptimeDB cluster on loopback ports. One HTTP listener per MetaSrv
 * node (port + i, or free ports with port 0) answering the legacy admin API, and the control
 * API on its own port. Used by the CLI, the proxy's embedded dev cluster and tests.
 */
import type { Server } from 'node:http';
import { createControlServer } from './control-api';
import { EmulatorController } from './controller';
import { MetasrvListener } from './http/metasrv-listener';
import type { EmulatedCluster } from './model/cluster';
import type { ApiVersion } from './model/types';
import { EmulatorRuntime } from './runtime';

export interface EmulatorOptions {
  api?: ApiVersion;
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
}

export interface RunningEmulator {
  /** host:port of each MetaSrv node, in node order. */
  metasrvAddrs: string[];
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

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const basePort = options.port ?? 0;
  const runtime = new EmulatorRuntime({
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
  });
  const listeners = runtime.cluster.metasrvs.map(
    (m) => new MetasrvListener(runtime, m.index, host),
  );
  const controller = new EmulatorController(runtime, listeners);
  const control = createControlServer(controller);
  try {
    for (const listener of listeners) {
      const port = await listener.listen(basePort === 0 ? 0 : basePort + listener.index);
      const node = runtime.cluster.metasrvs[listener.index];
      if (node !== undefined) node.addr = `${host}:${port}`;
    }
    const controlPort = await listenControl(control, options.controlPort ?? 0, host);
    return {
      metasrvAddrs: listeners.map((l) => `${host}:${l.port}`),
      controlAddr: `${host}:${controlPort}`,
      get cluster() {
        return runtime.cluster;
      },
      controller,
      close: async () => {
        await Promise.all(listeners.map((l) => l.close()));
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
    if (control.listening) control.close();
    runtime.dispose();
    throw error;
  }
}
