/**
 * EmulatorController: the actions behind the control API and CLI, keeping the model and the
 * MetaSrv listeners in step (stopping a MetaSrv both fails it in the model and closes its port).
 */
import type {
  ClockSchema,
  CreateTableRequest,
  RepartitionControlSchema,
  ResetRequest,
} from './control-schemas.ts';
import type { HttpListener } from './http/http-listener.ts';
import { humanTime } from './http/wire.ts';
import { localTime } from './http/sql-wire.ts';
import type { SqlSurfaces } from './sql-surfaces.ts';
import type { EmulatedCluster } from './model/cluster.ts';
import { isSqlApi } from './model/types.ts';
import type { EmulatorRuntime } from './runtime.ts';
import type { z } from 'zod';
import type { EventType } from './model/events.ts';

export class EmulatorController {
  constructor(
    readonly runtime: EmulatorRuntime,
    private readonly listeners: HttpListener[],
    /** v1 admin HTTP ports and the frontend (open while the api is v1). */
    readonly v1: SqlSurfaces | null = null,
  ) {}

  cluster(): EmulatedCluster {
    return this.runtime.cluster;
  }

  private listener(node: number): HttpListener {
    const listener = this.listeners[node];
    if (listener === undefined) throw new RangeError(`no MetaSrv node ${node}`);
    return listener;
  }

  async stopMetasrv(node: number): Promise<void> {
    const listener = this.listener(node);
    this.cluster().stopMetasrv(node);
    await listener.close();
    await this.v1?.stopAdmin(node);
  }

  async startMetasrv(node: number): Promise<void> {
    const cluster = this.cluster();
    if (
      this.runtime.api === 'v1.2' &&
      !cluster.repartition.settings.isMetasrvGcEnabled &&
      cluster.repartition.hasDurableRepartitionState &&
      !cluster.metasrvs[node]?.running
    ) {
      // API.md §3.1 (v1.2): `MetasrvInstance::start` → `ensure_repartition_gc_enabled` fails
      // (IllegalState) before the HTTP server starts, so the node stays down with both ports closed.
      throw new RangeError(
        `MetaSrv ${node} did not start: Metasrv GC must be enabled because the cluster has durable repartition state`,
      );
    }
    const listener = this.listener(node);
    if (!listener.listening) await listener.listen(listener.port);
    if (isSqlApi(this.runtime.api)) await this.v1?.startAdmin(node);
    this.cluster().startMetasrv(node);
  }

  stopDatanode(id: number): void {
    this.cluster().stopDatanode(id);
  }

  startDatanode(id: number): void {
    this.cluster().startDatanode(id);
  }

  setRepartition(change: z.infer<typeof RepartitionControlSchema>): void {
    const { settings } = this.cluster().repartition;
    if (change.gcEnabled !== undefined) settings.isMetasrvGcEnabled = change.gcEnabled;
    if (change.stepMs !== undefined) settings.stepMs = change.stepMs;
  }

  setClock(change: z.infer<typeof ClockSchema>): void {
    if (change.speed !== undefined) this.runtime.clock.setSpeed(change.speed);
    if (change.advanceMs !== undefined) this.runtime.clock.advance(change.advanceMs);
  }

  async reset(request: ResetRequest): Promise<void> {
    const { tables, regions, frontendUser, ...rest } = request;
    this.runtime.reset({
      ...rest,
      ...(frontendUser === undefined
        ? {}
        : {
            frontendAuth:
              frontendUser === null
                ? null
                : {
                    user: frontendUser.slice(0, frontendUser.indexOf(':')),
                    password: frontendUser.slice(frontendUser.indexOf(':') + 1),
                  },
          }),
      ...(tables === undefined ? {} : { tables: tables ?? undefined }),
      ...(regions === undefined ? {} : { regions: regions ?? undefined }),
    });
    // Every MetaSrv is up again after a reset.
    for (const listener of this.listeners) {
      if (!listener.listening) await listener.listen(listener.port);
    }
    // The v1 surfaces exist only while the api is v1.
    if (isSqlApi(this.runtime.api)) await this.v1?.open();
    else await this.v1?.close();
  }

  createTable(request: CreateTableRequest): unknown {
    const cluster = this.cluster();
    const name = request.name ?? `table_${request.tableId}`;
    if (request.logicalOf !== undefined) {
      cluster.createLogicalTable({
        tableId: request.tableId,
        name,
        physicalTableId: request.logicalOf,
      });
      return this.tableDetails(request.tableId);
    }
    const count = request.regions ?? request.leaders?.length ?? 1;
    const leaders = request.leaders ?? cluster.defaultLeaders(count);
    for (const id of leaders) cluster.datanode(id);
    cluster.createPhysicalTable({
      tableId: request.tableId,
      name,
      catalog: request.catalog,
      schema: request.schema,
      engine: request.engine,
      leaderPeerIds: leaders,
      partitions: request.partitions?.map((p) => ({
        kind: 'raw',
        columnList: p.columnList,
        valueList: p.valueList,
      })),
      ...(request.partitionColumn === undefined
        ? {}
        : { partitionColumn: request.partitionColumn }),
      createdOnMs: this.runtime.clock.now(),
      hasTableInfo: request.withoutTableInfo !== true,
      writtenByV05: request.writtenByV05 === true,
    });
    return this.tableDetails(request.tableId);
  }

  tableDetails(tableId: number): unknown {
    const table = this.cluster().table(tableId);
    if (table === undefined) return undefined;
    if (table.kind === 'logical') {
      return {
        kind: 'logical',
        tableId,
        name: table.name,
        catalog: table.catalog,
        schema: table.schema,
        physicalTableId: table.physicalTableId,
      };
    }
    return {
      kind: 'physical',
      tableId,
      name: table.name,
      catalog: table.catalog,
      schema: table.schema,
      engine: table.engine,
      version: table.version,
      regions: table.regions.map((r) => ({
        regionId: r.regionId.toString(),
        regionNumber: r.regionNumber,
        leaderPeerId: r.leaderPeerId,
        followerPeerIds: r.followerPeerIds,
        leaderStatus: r.leaderStatus,
        leaderDownSinceMs: r.leaderDownSinceMs,
      })),
    };
  }

  /** The whole state, for tests and humans. Tables are summarized; GET /control/tables/<id> details one. */
  state(): unknown {
    const cluster = this.cluster();
    const now = this.runtime.clock.now();
    const leader = cluster.leader();
    return {
      api: this.runtime.api,
      seed: this.runtime.options.seed,
      nowMs: now,
      clock: { nowMs: now, speed: this.runtime.clock.speed },
      replay: { speed: cluster.replaySpeed(), workMs: cluster.replayWorkMs() },
      withoutElection: cluster.withoutElection,
      leader: leader === null ? null : { node: leader, addr: cluster.metasrvs[leader]?.addr ?? '' },
      metasrvs: cluster.metasrvs.map((m) => ({
        node: m.index,
        addr: m.addr,
        running: m.running,
        isLeader: leader === m.index,
      })),
      datanodes: [...cluster.datanodes.values()].map((d) => {
        const lease = cluster.leaseTimestamp(d);
        return {
          id: d.id,
          addr: d.addr,
          running: d.running,
          alive: cluster.isPeerAlive(d.id),
          leaseTimestampMs: lease,
          leaseHumanTime:
            lease === null
              ? null
              : isSqlApi(this.runtime.api)
                ? localTime(lease)
                : humanTime(lease, this.runtime.api),
        };
      }),
      maintenance: cluster.maintenance,
      tableCount: cluster.tableCount(),
      tables: [...cluster.allTables()].slice(0, 1_000).map((t) =>
        t.kind === 'physical'
          ? {
              tableId: t.tableId,
              name: t.name,
              kind: t.kind,
              regions: t.regions.length,
              version: t.version,
            }
          : {
              tableId: t.tableId,
              name: t.name,
              kind: t.kind,
              physicalTableId: t.physicalTableId,
            },
      ),
      procedures: cluster.procedureList(),
      faults: this.runtime.faults.list(),
      requestCounters: this.runtime.log.counters(),
      ...(isSqlApi(this.runtime.api) ? { v1: this.v1State() } : {}),
    };
  }

  /** v1 extras of the state: addresses, frontend auth (never the password), manager, events. */
  private v1State(): unknown {
    const cluster = this.cluster();
    return {
      adminAddrs: this.v1?.adminAddrs() ?? [],
      leaderAddrMap: this.v1?.leaderAddrMap() ?? {},
      frontendAddr: this.v1?.frontendAddr() ?? null,
      frontendAuth: this.runtime.options.frontendAuth?.user ?? null,
      procedureManager: cluster.procedureManagerPaused ? 'paused' : 'running',
      recovery: cluster.recovery,
      repartition: {
        gcEnabled: cluster.repartition.settings.isMetasrvGcEnabled,
        stepMs: cluster.repartition.settings.stepMs,
        localFileDatanodes: [...cluster.localFileDatanodes].sort((a, b) => a - b),
        procedures: cluster.repartition.procedureList(),
      },
      eventTypes: cluster.events.eventTypes === null ? null : [...cluster.events.eventTypes],
      events: cluster.events.all().map((e) => ({
        timestampNs: e.timestampNs.toString(),
        procedureId: e.procedureId,
        state: e.state,
        regionId: e.regionId.toString(),
        triggerReason: e.triggerReason,
        srcNodeId: e.srcNodeId,
        dstNodeId: e.dstNodeId,
        error: e.error,
      })),
    };
  }

  /** v1: a datanode dies and its regions are failed over (trigger Failover). */
  failover(id: number): { procedureIds: string[] } {
    this.requireSql('failover');
    return { procedureIds: this.cluster().failoverDatanode(id) };
  }

  /** v1: the balancer moves a region (trigger AutoRebalance). */
  autoMigrate(regionId: bigint, toPeerId: number, timeoutSecs: number): { procedureId: string } {
    this.requireSql('auto-migrate');
    const cluster = this.cluster();
    const leader = cluster.regionLeader(regionId);
    if (leader === undefined || leader === null) throw new RangeError(`no region ${regionId}`);
    const procedureId = cluster.submitRegionMigrationSql(
      {
        regionId,
        fromPeerId: BigInt(leader),
        toPeerId: BigInt(toPeerId),
        timeoutMs: timeoutSecs * 1000,
      },
      { trigger: 'AutoRebalance' },
    );
    return { procedureId };
  }

  /**
   * v1.2 `[event_recorder] event_types` of MetaSrv and frontend (API.md §6.3): v1.1 has no such
   * option. A reset starts again with every type recorded.
   */
  setEventTypes(types: readonly EventType[] | null): void {
    if (this.runtime.api !== 'v1.2') {
      throw new RangeError('event types need api v1.2 (reset with {"api":"v1.2"})');
    }
    this.cluster().events.eventTypes = types === null ? null : new Set(types);
  }

  setFrontendAuth(auth: { user: string; password: string } | null): void {
    this.runtime.options = { ...this.runtime.options, frontendAuth: auth };
  }

  private requireSql(action: string): void {
    if (!isSqlApi(this.runtime.api))
      throw new RangeError(`${action} needs api v1.1 or v1.2 (reset with {"api":"v1.2"})`);
  }
}
