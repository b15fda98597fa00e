/**
 * EmulatorRuntime: the running emulator's mutable parts (clock, current cluster, API version,
 * faults, request log) behind one object, so a reset swaps the cluster while every listener
 * keeps its address. The HTTP servers and the control API both act through it.
 */
import { ScaledClock } from './clock.ts';
import { FaultRegistry, RequestLog } from './faults.ts';
import { EmulatedCluster } from './model/cluster.ts';
import type { ClusterOptions } from './model/cluster.ts';
import type { FrontendCredentials } from './http/frontend-sql.ts';
import type { EmulatorApi } from './model/types.ts';

export interface RuntimeOptions extends ClusterOptions {
  api: EmulatorApi;
  /** v1 frontend basic auth; null or absent = no user provider. */
  frontendAuth?: FrontendCredentials | null | undefined;
  clockSpeed?: number | undefined;
  replaySpeed?: number | undefined;
}

export class EmulatorRuntime {
  readonly clock: ScaledClock;
  readonly faults = new FaultRegistry();
  readonly log = new RequestLog();
  cluster: EmulatedCluster;
  api: EmulatorApi;
  options: RuntimeOptions;
  /** When the emulated frontend process started (cluster_info). */
  readonly frontendStartMs: number;

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.api = options.api;
    this.clock = new ScaledClock(options.clockSpeed ?? 1);
    this.frontendStartMs = this.clock.now() - 2 * 3_600_000 + 10_000;
    this.cluster = this.build(options);
  }

  private build(options: RuntimeOptions): EmulatedCluster {
    const cluster = new EmulatedCluster(this.clock, options);
    if (options.replaySpeed !== undefined) cluster.setReplay({ speed: options.replaySpeed });
    return cluster;
  }

  /**
   * A fresh cluster from (possibly new) options; MetaSrv addresses are carried over because
   * the listeners do not move. Faults and the request log are cleared too.
   */
  reset(changes: Partial<RuntimeOptions>): void {
    const addrs = this.cluster.metasrvs.map((m) => m.addr);
    this.cluster.dispose();
    const options: RuntimeOptions = {
      ...this.options,
      ...changes,
      // The number of MetaSrv listeners is fixed for the life of the process.
      metasrvs: this.options.metasrvs,
      withoutElection: this.options.withoutElection,
    };
    this.options = options;
    this.api = options.api;
    if (changes.clockSpeed !== undefined) this.clock.setSpeed(changes.clockSpeed);
    this.cluster = this.build(options);
    this.cluster.metasrvs.forEach((m, i) => {
      m.addr = addrs[i] ?? m.addr;
    });
    this.faults.clear();
    this.log.clear();
  }

  dispose(): void {
    this.cluster.dispose();
    this.clock.dispose();
  }
}
