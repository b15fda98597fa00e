/**
 * EmulatedCluster: the whole emulated GreptimeDB cluster as plain data plus rules, with no I/O.
 * MetaSrv nodes and their election, datanodes and their leases, tables and routes, region
 * migration procedures. The HTTP adapter asks it questions on behalf of one MetaSrv node.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { DATANODE_LEASE_MS } from '../../contract/lease.ts';
import {
  MetasrvError,
  errors,
  peerDisplay,
  regionDisplay,
  NOT_LEADER_VIOLATION,
} from './errors.ts';
import { lastHeartbeatSeen } from './heartbeats.ts';
import { EventLog } from './events.ts';
import type { EventType } from './events.ts';
import { RegionMigrationProcedure } from './region-migration.ts';
import type {
  MigrationHost,
  MigrationStateName,
  ProcedureSnapshot,
  TriggerReason,
} from './region-migration.ts';
import { QueryLoad } from './query-load.ts';
import { RegionStorage } from './region-storage.ts';
import { DEFAULT_REPARTITION_SETTINGS, RepartitionModel } from './repartition.ts';
import type { RepartitionStatus } from './repartition.ts';
import { Rng } from './rng.ts';
import { buildLogicalTable, buildPhysicalTable, roundRobin } from './tables.ts';
import type { PhysicalTableSpec } from './tables.ts';
import { buildTopology, datanodeAddr } from './topology.ts';
import type {
  DatanodeRecord,
  ExtraRegionReport,
  LeaderChange,
  MetasrvRecord,
  PhysicalTable,
  RegionRecord,
  TableRecord,
} from './types.ts';

export interface ClusterOptions {
  seed: number;
  datanodes: number;
  tables?: number | undefined;
  regions?: number | undefined;
  /** MetaSrv nodes (default 3). */
  metasrvs?: number | undefined;
  /** One MetaSrv without election: `/admin/leader` answers `election info is None`. */
  withoutElection?: boolean | undefined;
  /** Time from the leader's death to a new leader (etcd election lease), default 3 s. */
  electionDelayMs?: number | undefined;
  /** WAL replay work of a candidate at replay speed 1, default 1.8 s. */
  replayWorkMs?: number | undefined;
  /** Set true to get an empty cluster (fixture scenarios build their own tables). */
  empty?: boolean | undefined;
  /** Emulated work of one repartition datanode step, default 2 s. */
  repartitionStepMs?: number | undefined;
}

export interface MigrationRequest {
  clusterId: bigint;
  regionId: bigint;
  fromPeerId: bigint;
  toPeerId: bigint;
  replayTimeoutMs: number;
}

/** v1: `ADMIN migrate_region` / the failover or balancer submitting a migration. */
export interface SqlMigrationRequest {
  regionId: bigint;
  fromPeerId: bigint;
  toPeerId: bigint;
  timeoutMs: number;
}

/** Any MetaSrv procedure as its manager reports it (procedure_state, procedure_info). */
export interface ManagedProcedure {
  procedureId: string;
  procedureType: string;
  status: ProcedureSnapshot['status'] | RepartitionStatus;
  error: string | null;
  startedAtMs: number;
  finishedAtMs: number | null;
  lockKeys: string[];
}

/** A finished procedure is dropped once finished for more than META_TTL (checked every 10 min). */
export const PROCEDURE_META_TTL_MS = 600_000;
/** RegionSupervisor submits failover migrations with this timeout (v1.1.4, derived). */
export const FAILOVER_TIMEOUT_MS = 60_000;

export const DEFAULT_ELECTION_DELAY_MS = 3_000;
export const DEFAULT_REPLAY_WORK_MS = 1_800;
/** A source keeps reporting a moved region until its next heartbeat closes it. */
const CLOSE_LAG_MS = 3_000;

/**
 * MetaSrv's procedure ids are random UUID v4s, never repeated: not drawn from the seeded
 * generator, so a reset to the same seed does not hand out ids a console has already
 * journaled (a history keyed by procedure id would merge unrelated migrations).
 */
function newProcedureId(): string {
  return randomUUID();
}

export class EmulatedCluster implements MigrationHost {
  readonly rng: Rng;
  readonly metasrvs: MetasrvRecord[];
  readonly withoutElection: boolean;
  readonly datanodes = new Map<number, DatanodeRecord>();
  private readonly tables = new Map<number, TableRecord>();
  private readonly tablesByName = new Map<string, number>();
  private leaderIndex: number | null = 0;
  private leaderSince: number;
  private term = 1;
  private electionTimer: number | null = null;
  private readonly electionDelayMs: number;
  private replayWork: number;
  private replayRate = 1;
  private readonly procedures = new Map<string, RegionMigrationProcedure>();
  /** Region ids (decimal) with a running procedure on the current leader (in-memory guard). */
  private readonly runningGuards = new Set<string>();
  readonly leaderChanges: LeaderChange[] = [];
  readonly extraReports: ExtraRegionReport[] = [];
  /** One-shot faults armed by stopDatanodeOnState. */
  private stopsOnState: { datanodeId: number; state: MigrationStateName }[] = [];
  maintenance = false;
  /** v1 `/admin/recovery` switch. */
  recovery = false;
  /** v1 `/admin/procedure-manager/pause`: new procedures are not submitted while set. */
  procedureManagerPaused = false;
  /** v1 `/admin/sequence/table/set-next-id` (recovery mode). */
  nextTableIdOverride: number | null = null;
  /** v1 greptime_private.events. */
  readonly events = new EventLog();

  /** v1.2 `[event_recorder] event_types` for the repartition model (API.md §6.3). */
  isEventRecorded(type: EventType): boolean {
    return this.events.isRecorded(type);
  }
  /** v1.2 query load per region (heartbeat query counters, region_statistics). */
  readonly queryLoad: QueryLoad;
  /** v1 per-region storage (sizes, rows; flush and compact). */
  readonly storage: RegionStorage;
  /** v1 `ALTER TABLE … SPLIT / MERGE PARTITION` procedures. */
  readonly repartition: RepartitionModel;
  /** Datanodes on local-file storage: they refuse regions a repartition allocates. */
  readonly localFileDatanodes = new Set<number>();

  constructor(
    readonly clock: Clock,
    readonly options: ClusterOptions,
  ) {
    this.rng = new Rng(options.seed ^ 0x5eed);
    this.withoutElection = options.withoutElection ?? false;
    const metasrvCount = this.withoutElection ? 1 : Math.max(1, options.metasrvs ?? 3);
    this.metasrvs = Array.from({ length: metasrvCount }, (_, index) => ({
      index,
      running: true,
      addr: `127.0.0.1:${3002 + index}`,
    }));
    this.electionDelayMs = options.electionDelayMs ?? DEFAULT_ELECTION_DELAY_MS;
    this.replayWork = options.replayWorkMs ?? DEFAULT_REPLAY_WORK_MS;
    const now = clock.now();
    // The first leader was elected long ago: leases and stats are in steady state at start.
    this.leaderSince = now - 3_600_000;
    const topology = buildTopology({
      seed: options.seed,
      datanodes: options.datanodes,
      tables: options.tables,
      regions: options.regions,
      nowMs: now,
    });
    for (const dn of topology.datanodes) this.datanodes.set(dn.id, dn);
    if (options.empty !== true) for (const table of topology.tables) this.addTable(table);
    this.queryLoad = new QueryLoad(
      options.seed,
      topology.tables.flatMap((t) =>
        t.kind === 'physical' && options.empty !== true ? t.regions.map((r) => r.regionId) : [],
      ),
    );
    this.storage = new RegionStorage(this.queryLoad);
    this.repartition = new RepartitionModel(this, {
      ...DEFAULT_REPARTITION_SETTINGS,
      stepMs: options.repartitionStepMs ?? DEFAULT_REPARTITION_SETTINGS.stepMs,
    });
  }

  // ---- MetaSrv nodes and election -------------------------------------------------------

  leader(): number | null {
    return this.leaderIndex;
  }

  leaderTerm(): number {
    return this.term;
  }

  leaderSinceMs(): number {
    return this.leaderSince;
  }

  isLeader(index: number): boolean {
    return this.leaderIndex === index;
  }

  private metasrv(index: number): MetasrvRecord {
    const node = this.metasrvs[index];
    if (node === undefined) throw new RangeError(`no MetaSrv node ${index}`);
    return node;
  }

  stopMetasrv(index: number): void {
    const node = this.metasrv(index);
    if (!node.running) return;
    node.running = false;
    if (this.leaderIndex === index) this.loseLeader();
  }

  startMetasrv(index: number): void {
    const node = this.metasrv(index);
    if (node.running) return;
    node.running = true;
    // A node that comes up while nobody leads campaigns at once.
    if (this.leaderIndex === null && this.electionTimer === null) this.scheduleElection(500);
  }

  private loseLeader(): void {
    const former = this.leaderIndex;
    this.leaderIndex = null;
    this.term += 1;
    // Its in-memory state dies with it: running guards; procedures pause until recovered.
    this.runningGuards.clear();
    for (const p of this.procedures.values()) p.pause();
    this.scheduleElection(this.electionDelayMs, former);
  }

  private scheduleElection(delayMs: number, former: number | null = null): void {
    if (this.electionTimer !== null) this.clock.clearTimer(this.electionTimer);
    this.electionTimer = this.clock.setTimer(delayMs, () => {
      this.electionTimer = null;
      this.elect(former);
    });
  }

  private elect(former: number | null): void {
    const n = this.metasrvs.length;
    const start = former === null ? 0 : former + 1;
    for (let k = 0; k < n; k += 1) {
      const candidate = this.metasrvs[(start + k) % n];
      if (candidate?.running === true) {
        this.leaderIndex = candidate.index;
        this.leaderSince = this.clock.now();
        this.term += 1;
        // The new leader's procedure manager recovers unfinished procedures from the store.
        for (const p of this.procedures.values()) {
          if (!p.isFinished) {
            this.runningGuards.add(p.snapshot.regionId);
            p.resume();
          }
        }
        return;
      }
    }
  }

  // ---- Datanodes ------------------------------------------------------------------------

  datanode(id: number): DatanodeRecord {
    const dn = this.datanodes.get(id);
    if (dn === undefined) throw new RangeError(`no datanode ${id}`);
    return dn;
  }

  stopDatanode(id: number): void {
    const dn = this.datanode(id);
    if (!dn.running) return;
    dn.running = false;
    dn.stoppedAtMs = this.clock.now();
    // A restarted datanode opens only the regions of its datanode-table keys, so a candidate
    // opened by a procedure is gone for good (open_all_regions, src/datanode/src/datanode.rs@v0.7.2).
    for (const report of this.extraReports) {
      if (report.peerId === id && report.untilMs === null) report.untilMs = dn.stoppedAtMs;
    }
  }

  startDatanode(id: number): void {
    const dn = this.datanode(id);
    if (dn.running) return;
    // A new process: new node_epoch, and its first heartbeat goes out at once.
    dn.running = true;
    dn.epochMs = this.clock.now();
    dn.phaseMs = 0;
    dn.stoppedAtMs = null;
  }

  /** Adds datanodes up to `count` (ids continue from the highest). */
  addDatanode(): DatanodeRecord {
    const id = Math.max(-1, ...this.datanodes.keys()) + 1;
    const dn: DatanodeRecord = {
      id,
      addr: datanodeAddr(id),
      running: true,
      epochMs: this.clock.now(),
      phaseMs: 0,
      stoppedAtMs: null,
    };
    this.datanodes.set(id, dn);
    return dn;
  }

  /** The lease timestamp the current leader holds for a datanode, or null. */
  leaseTimestamp(dn: DatanodeRecord): number | null {
    if (this.leaderIndex === null) return null;
    return lastHeartbeatSeen(dn, this.leaderSince, this.clock.now());
  }

  /** Alive by lease: MetaSrv's rule, a lease younger than 10 s. */
  isPeerAlive(peerId: number): boolean {
    const dn = this.datanodes.get(peerId);
    if (dn === undefined) return false;
    const ts = this.leaseTimestamp(dn);
    return ts !== null && this.clock.now() - ts < DATANODE_LEASE_MS;
  }

  isPeerReachable(peerId: number): boolean {
    const dn = this.datanodes.get(peerId);
    return dn?.running === true && this.leaseTimestamp(dn) !== null;
  }

  hasObjectStorage(peerId: number): boolean {
    return !this.localFileDatanodes.has(peerId);
  }

  /** A datanode's storage (API.md §7.2 step 10); the demo cluster is on object storage. */
  setDatanodeStorage(peerId: number, storage: 'object' | 'local-file'): void {
    this.datanode(peerId);
    if (storage === 'local-file') this.localFileDatanodes.add(peerId);
    else this.localFileDatanodes.delete(peerId);
  }

  /**
   * "Make this region hot": from now on its query CPU is `multiple` times the mean of the other
   * regions its leader datanode leads (null: its own load again).
   */
  setRegionQueryLoad(regionId: bigint, multiple: number | null): void {
    const found = this.findRegion(regionId);
    if (found === undefined) throw new MetasrvError(`no region ${regionId}`);
    const now = this.clock.now();
    if (multiple === null) {
      this.queryLoad.clearOverride(regionId, now);
      return;
    }
    const leader = found.region.leaderPeerId;
    if (leader === null) throw new MetasrvError(`region ${regionId} has no leader`);
    this.queryLoad.setMultipleOfDatanodeMean(regionId, multiple, this.regionsLedBy(leader), now);
  }

  // ---- Tables ---------------------------------------------------------------------------

  private nameKey(catalog: string, schema: string, name: string): string {
    return `${catalog}\u0000${schema}\u0000${name}`;
  }

  addTable(table: TableRecord): void {
    if (this.tables.has(table.tableId)) {
      throw new MetasrvError(`table id ${table.tableId} already exists`);
    }
    const key = this.nameKey(table.catalog, table.schema, table.name);
    if (this.tablesByName.has(key))
      throw new MetasrvError(`table name ${table.name} already exists`);
    this.tables.set(table.tableId, table);
    this.tablesByName.set(key, table.tableId);
  }

  createPhysicalTable(spec: PhysicalTableSpec): PhysicalTable {
    const table = buildPhysicalTable(spec, this.rng);
    this.addTable(table);
    return table;
  }

  createLogicalTable(spec: { tableId: number; name: string; physicalTableId: number }): void {
    const physical = this.tables.get(spec.physicalTableId);
    if (physical?.kind !== 'physical') {
      throw new MetasrvError(`physical table ${spec.physicalTableId} does not exist`);
    }
    this.addTable(buildLogicalTable({ ...spec, createdOnMs: this.clock.now() }));
  }

  /** Round-robin leaders over the running datanodes (what CREATE TABLE would pick). */
  defaultLeaders(regionCount: number): number[] {
    const ids = [...this.datanodes.values()].filter((d) => d.running).map((d) => d.id);
    return roundRobin(regionCount, ids.length > 0 ? ids : [0], this.rng.int(0, 1_000));
  }

  table(tableId: number): TableRecord | undefined {
    return this.tables.get(tableId);
  }

  tableByName(catalog: string, schema: string, name: string): TableRecord | undefined {
    const id = this.tablesByName.get(this.nameKey(catalog, schema, name));
    return id === undefined ? undefined : this.tables.get(id);
  }

  allTables(): IterableIterator<TableRecord> {
    return this.tables.values();
  }

  tableCount(): number {
    return this.tables.size;
  }

  private findRegion(regionId: bigint): { table: PhysicalTable; region: RegionRecord } | undefined {
    const table = this.tables.get(Number(regionId >> 32n));
    if (table?.kind !== 'physical') return undefined;
    const region = table.regionsByNumber.get(Number(regionId & 0xffff_ffffn));
    return region === undefined ? undefined : { table, region };
  }

  regionLeader(regionId: bigint): number | null | undefined {
    return this.findRegion(regionId)?.region.leaderPeerId;
  }

  isFollower(regionId: bigint, peerId: number): boolean {
    return this.findRegion(regionId)?.region.followerPeerIds.includes(peerId) ?? false;
  }

  /** Moves a region's leader outside any procedure (like a failover); bumps the version. */
  forceRegionLeader(regionId: bigint, peerId: number): void {
    const found = this.findRegion(regionId);
    if (found === undefined) throw new MetasrvError(`no region ${regionId}`);
    const { table, region } = found;
    this.leaderChanges.push({
      atMs: this.clock.now(),
      regionId,
      fromPeerId: region.leaderPeerId,
      toPeerId: peerId,
    });
    region.leaderPeerId = peerId;
    region.followerPeerIds = region.followerPeerIds.filter((p) => p !== peerId);
    region.leaderStatus = null;
    region.leaderDownSinceMs = null;
    table.version += 1;
  }

  // ---- Region migration -----------------------------------------------------------------

  replayWorkMs(): number {
    return this.replayWork;
  }

  replaySpeed(): number {
    return this.replayRate;
  }

  setReplay(settings: { speed?: number | undefined; workMs?: number | undefined }): void {
    if (settings.workMs !== undefined) this.replayWork = settings.workMs;
    if (settings.speed === undefined || settings.speed === this.replayRate) return;
    this.replayRate = settings.speed;
    // Candidates already replaying go on at the new speed (workMs applies to new procedures).
    for (const procedure of this.procedures.values()) {
      if (!procedure.isFinished) procedure.onReplaySpeedChanged();
    }
  }

  private peerFor(peerId: bigint): { id: number; addr: string } {
    const dn =
      peerId <= BigInt(Number.MAX_SAFE_INTEGER) ? this.datanodes.get(Number(peerId)) : undefined;
    return { id: Number(peerId), addr: dn?.addr ?? '' };
  }

  /**
   * `/admin/region-migration` after its parameters parsed, with GreptimeDB's checks in order
   * (API.md §1.6). Returns the procedure id, or null when the region already sits on to_peer.
   */
  /**
   * The checks both API generations make once the peers are known alive, in MetaSrv's order:
   * running guard, from != to, table route, logical table (its message differs per version),
   * the region in the route, and its leader.
   */
  private migratableRegion(
    request: { regionId: bigint; fromPeerId: bigint; toPeerId: bigint },
    logicalTableMessage: () => string,
  ): { table: PhysicalTable; region: RegionRecord; leaderPeerId: number } {
    const { regionId, fromPeerId, toPeerId } = request;
    if (this.runningGuards.has(regionId.toString())) throw errors.migrationRunning(regionId);
    if (fromPeerId === toPeerId) {
      throw errors.invalidArguments("The `from_peer_id` can't equal `to_peer_id`");
    }
    const tableId = Number(regionId >> 32n);
    const table = this.tables.get(tableId);
    if (table === undefined) throw errors.tableRouteNotFound(String(tableId));
    if (table.kind === 'logical') throw errors.unexpected(logicalTableMessage());
    const region = table.regionsByNumber.get(Number(regionId & 0xffff_ffffn));
    if (region === undefined) throw errors.tableRouteNotFound(regionDisplay(regionId));
    if (region.leaderPeerId === null) {
      throw errors.unexpected('Region route leader peer is not found');
    }
    return { table, region, leaderPeerId: region.leaderPeerId };
  }

  submitRegionMigration(
    nodeIndex: number,
    request: MigrationRequest,
    api: 'v0.6' | 'v0.7',
  ): string | null {
    const { clusterId, regionId, fromPeerId, toPeerId } = request;
    if (!this.withoutElection && this.leaderIndex !== nodeIndex) {
      throw errors.unexpected(NOT_LEADER_VIOLATION);
    }
    // Datanodes always register under cluster 0 in these versions.
    const aliveInCluster = (peerId: bigint) =>
      clusterId === 0n && peerId <= 0xffff_ffffn && this.isPeerAlive(Number(peerId));
    if (!aliveInCluster(fromPeerId)) throw errors.peerUnavailable(fromPeerId);
    if (!aliveInCluster(toPeerId)) throw errors.peerUnavailable(toPeerId);
    const { table, leaderPeerId } = this.migratableRegion(
      request,
      () =>
        `Trying to execute region migration on the logical table, task cluster: ${clusterId}, region: ${regionDisplay(regionId)}, from_peer: ${peerDisplay(this.peerFor(fromPeerId))}, to_peer: ${peerDisplay(this.peerFor(toPeerId))}`,
    );
    if (BigInt(leaderPeerId) === toPeerId) return null;
    if (BigInt(leaderPeerId) !== fromPeerId) {
      throw errors.invalidArguments('Invalid region migration `from_peer` argument');
    }
    if (api === 'v0.7' && !table.hasTableInfo) throw errors.tableInfoNotFound(table.tableId);
    const procedure = new RegionMigrationProcedure(this, {
      procedureId: newProcedureId(),
      regionId,
      fromPeerId: Number(fromPeerId),
      toPeerId: Number(toPeerId),
      replayTimeoutMs: request.replayTimeoutMs,
      submittedTo: nodeIndex,
    });
    this.procedures.set(procedure.snapshot.procedureId, procedure);
    this.runningGuards.add(regionId.toString());
    procedure.start();
    return procedure.snapshot.procedureId;
  }

  procedureList(): ProcedureSnapshot[] {
    return [...this.procedures.values()].map((p) => p.snapshot);
  }

  procedure(id: string): ProcedureSnapshot | undefined {
    return this.procedures.get(id)?.snapshot;
  }

  onFinished(procedure: RegionMigrationProcedure): void {
    this.runningGuards.delete(procedure.snapshot.regionId);
  }

  /**
   * Arms a one-shot fault: datanode `datanodeId` stops the moment any procedure enters
   * `state`, before the state runs. Lets a test stop a target "during" a step that lasts
   * milliseconds (e.g. before OpenCandidateRegion sends its instruction).
   */
  stopDatanodeOnState(datanodeId: number, state: MigrationStateName): void {
    this.datanode(datanodeId);
    this.stopsOnState.push({ datanodeId, state });
  }

  onStateEntered(procedure: RegionMigrationProcedure): void {
    const due = this.stopsOnState.filter((s) => s.state === procedure.snapshot.state);
    if (due.length === 0) return;
    this.stopsOnState = this.stopsOnState.filter((s) => !due.includes(s));
    for (const stop of due) this.stopDatanode(stop.datanodeId);
  }

  onStatusChange(procedure: RegionMigrationProcedure): void {
    const p = procedure.snapshot;
    if (p.flavor !== 'sql') return;
    const failing = p.status !== 'Running' && p.status !== 'Done';
    this.events.record(
      {
        atMs: this.clock.now(),
        procedureId: p.procedureId,
        state: p.status,
        // `format!("{:?}", error)` of the procedure error (derived wording).
        error: failing && p.error !== null ? `External { source: ${JSON.stringify(p.error)} }` : '',
        regionId: BigInt(p.regionId),
        triggerReason: p.triggerReason ?? 'Manual',
        srcNodeId: p.fromPeerId,
        srcPeerAddr: this.datanodes.get(p.fromPeerId)?.addr ?? '',
        dstNodeId: p.toPeerId,
        dstPeerAddr: this.datanodes.get(p.toPeerId)?.addr ?? '',
        timeoutMs: p.timeoutMs ?? 0,
      },
      this.rng.int(0, 999_999),
    );
  }

  /** v1 CloseDowngradedRegion: the source stops reporting the region now (if it runs at all). */
  closeDowngraded(regionId: bigint, peerId: number): void {
    const now = this.clock.now();
    for (const report of this.extraReports) {
      if (report.regionId !== regionId || report.peerId !== peerId) continue;
      if (report.untilMs === null || report.untilMs > now) report.untilMs = now;
    }
  }

  preFlush(regionId: bigint): void {
    const found = this.findRegion(regionId);
    if (found !== undefined) this.storage.flush(found.region, found.table, this.clock.now());
  }

  // ---- v1 (v1.1.4) submission, procedure memory, failover ---------------------------------

  /**
   * MetaSrv's checks for `ADMIN migrate_region` in v1.1.4 order (API.md §3.2): peers alive,
   * running guard, from != to, route, logical table, region in route, already migrated (an
   * error since v0.15, skipped while the leader is Downgrading), leader == from_peer, to_peer not
   * a follower, table info. Submission is asynchronous: while the procedure manager is paused
   * the id is returned but the spawned submit fails, so nothing ever runs under that id.
   */
  submitRegionMigrationSql(
    request: SqlMigrationRequest,
    options: { trigger?: TriggerReason; skipAliveCheck?: boolean } = {},
  ): string {
    const { regionId, fromPeerId, toPeerId } = request;
    if (!this.withoutElection && this.leaderIndex === null) throw errors.noLeader();
    if (options.skipAliveCheck !== true) {
      const alive = (peerId: bigint) => peerId <= 0xffff_ffffn && this.isPeerAlive(Number(peerId));
      if (!alive(fromPeerId)) throw errors.peerUnavailable(fromPeerId);
      if (!alive(toPeerId)) throw errors.peerUnavailable(toPeerId);
    }
    const { table, region, leaderPeerId } = this.migratableRegion(
      request,
      () =>
        `Trying to execute region migration on the logical table, task region: ${regionDisplay(regionId)}, from_peer: ${peerDisplay(this.peerFor(fromPeerId))}, to_peer: ${peerDisplay(this.peerFor(toPeerId))}, trigger_reason: ${options.trigger ?? 'Manual'}`,
    );
    if (region.leaderStatus === null && BigInt(leaderPeerId) === toPeerId) {
      throw errors.regionMigrated(regionId, toPeerId);
    }
    if (BigInt(leaderPeerId) !== fromPeerId) {
      throw errors.leaderPeerChanged(leaderPeerId, fromPeerId, regionId);
    }
    if (region.followerPeerIds.some((id) => BigInt(id) === toPeerId)) {
      throw errors.invalidArguments(
        `The \`to_peer\`(${toPeerId}) is already has a region follower, region: ${regionDisplay(regionId)}`,
      );
    }
    if (!table.hasTableInfo) throw errors.tableInfoNotFound(table.tableId);
    const procedureId = newProcedureId();
    if (this.procedureManagerPaused) return procedureId;
    const procedure = new RegionMigrationProcedure(this, {
      procedureId,
      regionId,
      fromPeerId: Number(fromPeerId),
      toPeerId: Number(toPeerId),
      replayTimeoutMs: request.timeoutMs,
      submittedTo: this.leaderIndex ?? 0,
      v1: { timeoutMs: request.timeoutMs, triggerReason: options.trigger ?? 'Manual' },
    });
    this.procedures.set(procedureId, procedure);
    this.runningGuards.add(regionId.toString());
    // The first state change (Running) is an event too.
    this.onStatusChange(procedure);
    procedure.start();
    return procedureId;
  }

  /**
   * What the current MetaSrv leader's procedure manager knows about an id (v1 procedure_state):
   * procedures live in its memory, so a leader change forgets finished ones (unfinished ones are
   * recovered from the store), and a finished one is dropped by the TTL task that runs every
   * 10 min once it has been finished for more than 10 min.
   */
  knownProcedure(id: string): ProcedureSnapshot | undefined {
    const p = this.procedures.get(id)?.snapshot;
    return p === undefined || !this.isStillKnown(p.finishedAtMs) ? undefined : p;
  }

  private isStillKnown(finishedAtMs: number | null): boolean {
    if (finishedAtMs === null) return true;
    if (finishedAtMs < this.leaderSince) return false;
    const now = this.clock.now();
    const lastSweep =
      this.leaderSince +
      Math.floor((now - this.leaderSince) / PROCEDURE_META_TTL_MS) * PROCEDURE_META_TTL_MS;
    return lastSweep - finishedAtMs <= PROCEDURE_META_TTL_MS;
  }

  /**
   * Every procedure the current leader knows, migrations and repartitions (parents and their
   * groups) alike, in submission order: procedure_state and information_schema.procedure_info.
   */
  knownProcedures(): ManagedProcedure[] {
    const migrations = [...this.procedures.values()].map(({ snapshot: p }): ManagedProcedure => {
      const tableId = BigInt(p.regionId) >> 32n;
      return {
        procedureId: p.procedureId,
        procedureType: p.procedureType,
        status: p.status,
        error: p.error,
        startedAtMs: p.submittedAtMs,
        finishedAtMs: p.finishedAtMs,
        lockKeys: [
          '__catalog_lock/greptime',
          '__schema_lock/greptime.public',
          `__table_lock/${tableId}`,
          `__region_lock/${p.regionId}`,
        ],
      };
    });
    return [...migrations, ...this.repartition.procedureRows()]
      .filter((p) => this.isStillKnown(p.finishedAtMs))
      .sort((a, b) => a.startedAtMs - b.startedAtMs);
  }

  /** Regions led by `peerId`, in table and region order. */
  regionsLedBy(peerId: number): bigint[] {
    const ids: bigint[] = [];
    for (const t of this.tables.values()) {
      if (t.kind !== 'physical') continue;
      for (const r of t.regions) if (r.leaderPeerId === peerId) ids.push(r.regionId);
    }
    return ids;
  }

  /**
   * A datanode dies and the RegionSupervisor fails its regions over: one migration per region,
   * trigger `Failover`, to the alive datanode leading the fewest regions (alive checks skipped:
   * the source is dead by definition).
   */
  failoverDatanode(peerId: number): string[] {
    this.stopDatanode(peerId);
    const load = new Map<number, number>();
    for (const dn of this.datanodes.values()) {
      if (dn.id !== peerId && this.isPeerAlive(dn.id))
        load.set(dn.id, this.regionsLedBy(dn.id).length);
    }
    const ids: string[] = [];
    for (const regionId of this.regionsLedBy(peerId)) {
      const target = [...load.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
      if (target === undefined) break;
      if (this.runningGuards.has(regionId.toString())) continue;
      ids.push(
        this.submitRegionMigrationSql(
          {
            regionId,
            fromPeerId: BigInt(peerId),
            toPeerId: BigInt(target[0]),
            timeoutMs: FAILOVER_TIMEOUT_MS,
          },
          { trigger: 'Failover', skipAliveCheck: true },
        ),
      );
      load.set(target[0], target[1] + 1);
    }
    return ids;
  }

  /** Region record with its physical table, or undefined. */
  regionWithTable(regionId: bigint): { table: PhysicalTable; region: RegionRecord } | undefined {
    return this.findRegion(regionId);
  }

  openCandidate(regionId: bigint, peerId: number): void {
    const engine = this.findRegion(regionId)?.table.engine ?? 'mito';
    this.extraReports.push({ peerId, regionId, engine, fromMs: this.clock.now(), untilMs: null });
  }

  markDowngraded(regionId: bigint, fromPeerId: number): boolean {
    const found = this.findRegion(regionId);
    if (found?.region.leaderPeerId !== fromPeerId) return false;
    found.region.leaderStatus = 'Downgraded';
    found.region.leaderDownSinceMs = this.clock.now();
    found.table.version += 1;
    return true;
  }

  demoteOnDatanode(_regionId: bigint, _fromPeerId: number): void {
    // The datanode now serves the region as a follower; heartbeats derive the role from the
    // route's Downgraded status, so nothing to record here.
  }

  upgrade(regionId: bigint, fromPeerId: number, toPeerId: number): void {
    const found = this.findRegion(regionId);
    if (found === undefined) return;
    const { table, region } = found;
    const now = this.clock.now();
    if (region.leaderPeerId === toPeerId && region.leaderStatus === null) return;
    region.leaderPeerId = toPeerId;
    region.followerPeerIds = region.followerPeerIds.filter((p) => p !== toPeerId);
    region.leaderStatus = null;
    region.leaderDownSinceMs = null;
    table.version += 1;
    this.leaderChanges.push({ atMs: now, regionId, fromPeerId, toPeerId });
    this.closeExtraReports(regionId, toPeerId, now);
    // The source is not closed by the procedure; it reports the region until a heartbeat
    // response tells it to close it.
    this.extraReports.push({
      peerId: fromPeerId,
      regionId,
      engine: table.engine,
      fromMs: now,
      untilMs: now + CLOSE_LAG_MS,
    });
  }

  rollback(regionId: bigint): void {
    const found = this.findRegion(regionId);
    if (found === undefined) return;
    found.region.leaderStatus = null;
    found.region.leaderDownSinceMs = null;
    found.table.version += 1;
    const now = this.clock.now();
    for (const report of this.extraReports) {
      if (report.regionId === regionId && report.untilMs === null)
        report.untilMs = now + CLOSE_LAG_MS;
    }
  }

  private closeExtraReports(regionId: bigint, peerId: number, now: number): void {
    for (const report of this.extraReports) {
      if (report.regionId === regionId && report.peerId === peerId && report.untilMs === null) {
        report.untilMs = now;
      }
    }
  }

  /** Stops all timers the cluster owns (procedures, election). */
  dispose(): void {
    for (const p of this.procedures.values()) p.pause();
    this.repartition.dispose();
    if (this.electionTimer !== null) this.clock.clearTimer(this.electionTimer);
    this.electionTimer = null;
  }
}
