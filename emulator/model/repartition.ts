/**
 * MetaSrv's repartition procedure (API.md §7.2–§7.6) on the injected clock: the frontend's and
 * MetaSrv's checks in order, then the parent `metasrv-procedure::Repartition` and its one
 * `metasrv-procedure::RepartitionGroup` per SPLIT or MERGE, their effect on the table route
 * (new regions, staging, rules, deallocation), failure, rollback, timeout, and the v1.2 events.
 *
 *   parent: RepartitionStart -> AllocateRegion -> Dispatch -> Collect -> DeallocateRegion
 *           -> RepartitionEnd (Done) | Collect/AllocateRegion fails -> rollback -> Failed
 *   group:  RepartitionStart -> SyncRegion (metric engine with new regions) -> ApplyStaging
 *           -> EnterStagingRegion -> RemapManifest -> ApplyStagingManifest -> ExitStaging
 *           -> RepartitionEnd
 *
 * SPLIT/MERGE without `ON COLUMNS` never change the partition columns, so UpdatePartitionMetadata
 * is skipped as GreptimeDB skips it. The rules come from contract/repartition (the same checks
 * and preview the console runs before sending), so the emulator and the console agree.
 *
 * Every datanode step (AllocateRegion, SyncRegion, EnterStagingRegion, RemapManifest,
 * ApplyStagingManifest, DeallocateRegion) takes `stepMs` of emulated time (±20%): a few seconds
 * by default, so a console can watch the route change; metadata steps take milliseconds.
 */
import { randomUUID } from 'node:crypto';
import { formatHumantimeDuration, parseHumantimeDuration } from '../../contract/duration.ts';
import { formatRegionIdDisplay } from '../../contract/region-id.ts';
import {
  parsePartitionDescription,
  parsePartitionExpr,
  partitionExprDisplay,
  sameRule,
} from '../../contract/repartition/partition-expr.ts';
import type {
  PartitionColumn,
  PartitionLiteral,
  PartitionRule,
} from '../../contract/repartition/partition-expr.ts';
import {
  META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
  REPARTITION_DEFAULT_TIMEOUT_MS,
  repartitionErrors,
} from '../../contract/repartition/preconditions.ts';
import { checkMerge, checkSplit } from '../../contract/repartition/repartition-plan.ts';
import type {
  RepartitionPlan,
  RepartitionTable,
} from '../../contract/repartition/repartition-plan.ts';
import type { Clock, TimerId } from '../clock.ts';
import { SqlError, StatusCode } from '../sql/errors.ts';
import { EVENTS_FLUSH_INTERVAL_MS } from './events.ts';
import type { Rng } from './rng.ts';
import type {
  DatanodeRecord,
  PartitionValue,
  PhysicalTable,
  RegionPartition,
  RegionRecord,
  SqlApiVersion,
  TableRecord,
} from './types.ts';

/** What the model needs from the cluster; EmulatedCluster provides all of it as it is. */
export interface RepartitionHost {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly datanodes: ReadonlyMap<number, DatanodeRecord>;
  tableByName(catalog: string, schema: string, name: string): TableRecord | undefined;
  isPeerAlive(peerId: number): boolean;
  /** Running and holding a heartbeat stream to the MetaSrv leader. */
  isPeerReachable(peerId: number): boolean;
  /** The datanode keeps region data on shared object storage (API.md §7.2 step 10). */
  hasObjectStorage(peerId: number): boolean;
  /** v1.2 `[event_recorder] event_types` (API.md §6.3); absent = every type is recorded. */
  isEventRecorded?(type: 'repartition' | 'repartition_group'): boolean;
}

/** The cluster's configuration as far as repartitioning cares (API.md §7.2 steps 8–9). */
export interface RepartitionSettings {
  isStandalone: boolean;
  /** MetaSrv `[gc] enable`; v1.2 refuses every repartition without it. */
  isMetasrvGcEnabled: boolean;
  /** Emulated work of one datanode step, before ±20% jitter. */
  stepMs: number;
}

/** GreptimeDB's own split takes about 2.4 s in all (fixture timings): slower here, so a UI can follow. */
export const DEFAULT_REPARTITION_STEP_MS = 2_000;

/** The defaults of the demo cluster: the preconditions hold, so it can repartition. */
export const DEFAULT_REPARTITION_SETTINGS: RepartitionSettings = {
  isStandalone: false,
  isMetasrvGcEnabled: true,
  stepMs: DEFAULT_REPARTITION_STEP_MS,
};

/** A parsed `ALTER TABLE … SPLIT PARTITION / MERGE PARTITION` (API.md §7.1). */
export interface RepartitionStatement {
  kind: 'split' | 'merge';
  /** Resolved against the session's catalog and schema. */
  table: { catalog: string; schema: string; name: string };
  /** Each expression's SQL text as written between the commas. */
  sources: string[];
  /** SPLIT's INTO list; empty for MERGE. */
  targets: string[];
  /** WITH options in the order written, keys lower-cased by the parser, values unquoted. */
  options: [key: string, value: string][];
}

/** Who submitted it: `actor` and `event_context` of the v1.2 events (§6.3). */
export interface RepartitionSubmitter {
  actor: string | null;
  /** `Channel::as_ref` of the protocol, e.g. `httpsql` for `/v1/sql`. */
  protocol: string;
  /** The GreptimeDB version running the cluster: v1.2 checks GC and writes events. */
  version: SqlApiVersion;
}

export type RepartitionStatus = 'Running' | 'Done' | 'PrepareRollback' | 'RollingBack' | 'Failed';

export type ParentStep =
  | 'Queued'
  | 'RepartitionStart'
  | 'AllocateRegion'
  | 'Dispatch'
  | 'Collect'
  | 'DeallocateRegion'
  | 'RepartitionEnd';

export type GroupStep =
  | 'RepartitionStart'
  | 'SyncRegion'
  | 'UpdateMetadata::ApplyStaging'
  | 'EnterStagingRegion'
  | 'RemapManifest'
  | 'ApplyStagingManifest'
  | 'UpdateMetadata::ExitStaging'
  | 'RepartitionEnd';

/** What a datanode reports for a staging region (`RegionRoleState::as_str`). */
export type StagingState = 'Leader(EnteringStaging)' | 'Leader(Staging)';

export interface RepartitionGroupSnapshot {
  procedureId: string;
  procedureType: 'metasrv-procedure::RepartitionGroup';
  /** `repartition_group_id` of the events: the plan's id, not the procedure's. */
  groupId: string;
  step: GroupStep;
  status: 'Running' | 'Done' | 'Failed';
  error: string | null;
  history: { step: GroupStep; atMs: number }[];
  sourceRegionIds: string[];
  targetRegionIds: string[];
  finishedAtMs: number | null;
}

export interface RepartitionSnapshot {
  procedureId: string;
  procedureType: 'metasrv-procedure::Repartition';
  kind: 'split' | 'merge';
  tableId: number;
  tableName: string;
  step: ParentStep;
  /** What `procedure_state` reports (§7.3). */
  status: RepartitionStatus;
  error: string | null;
  history: { step: ParentStep; atMs: number }[];
  timeoutMs: number;
  submittedAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
  plan: RepartitionPlan;
  groups: RepartitionGroupSnapshot[];
}

/** A parent or a group as the procedure manager lists it (procedure_state, procedure_info). */
export interface RepartitionProcedureRow {
  procedureId: string;
  procedureType: RepartitionSnapshot['procedureType'] | RepartitionGroupSnapshot['procedureType'];
  status: RepartitionStatus;
  error: string | null;
  startedAtMs: number;
  finishedAtMs: number | null;
  /** `Procedure::lock_key` of each (repartition.rs, group.rs@v1.2.0-beta.2). */
  lockKeys: string[];
}

/** One `greptime_private.events` row of type `repartition` or `repartition_group` (§6.3, §7.6). */
export interface RepartitionEventRow {
  /** Nanoseconds since the epoch (passes 2^53). */
  timestampNs: bigint;
  atMs: number;
  type: 'repartition' | 'repartition_group';
  procedureId: string;
  state: RepartitionStatus;
  /** Json text, keys sorted as GreptimeDB returns them. */
  trigger: string;
  payload: string | null;
  /** output_msg of the error on Failed rows; the table's Debug formatting is the caller's. */
  error: string;
  actor: string | null;
  eventContext: string | null;
  catalogName: string;
  schemaName: string;
  tableName: string;
  tableId: number;
  parentProcedureId: string | null;
  groupId: string | null;
  sourceRegionId: bigint | null;
  sourcePartitionExpr: string | null;
  targetRegionId: bigint | null;
  targetPartitionExpr: string | null;
}

/** How often a datanode step re-tries an unreachable datanode before its deadline. */
const DATANODE_RETRY_MS = 1_000;

interface Running {
  snapshot: RepartitionSnapshot;
  table: PhysicalTable;
  submitter: RepartitionSubmitter;
  /** Rules of the regions the plan touches, as they were before (rollback restores them). */
  originalPartitions: Map<number, RegionPartition>;
  allocated: RegionRecord[];
  timer: TimerId | null;
  waiters: { resolve: (s: RepartitionSnapshot) => void; reject: (e: Error) => void }[];
}

interface StateSpan {
  state: StagingState;
  fromMs: number;
  untilMs: number | null;
}

function columnsOf(table: PhysicalTable): PartitionColumn[] {
  const name = table.partitionColumn;
  if (name === null) return [];
  const type = table.columns.find((c) => c.name === name)?.type;
  return [{ name, kind: type === 'String' ? 'string' : 'number' }];
}

function literalOf(value: PartitionValue): PartitionLiteral {
  return value.type === 'String'
    ? { kind: 'string', value: value.value }
    : { kind: 'number', text: String(value.value) };
}

/** The region's rule as the contract reads it; null when it has none or it is unreadable. */
function ruleOf(partition: RegionPartition, columns: PartitionColumn[]): PartitionRule | null {
  switch (partition.kind) {
    case 'range': {
      const rule = [];
      if (partition.lower !== null) {
        rule.push({
          column: partition.column,
          op: '>=' as const,
          value: literalOf(partition.lower),
        });
      }
      if (partition.upper !== null) {
        rule.push({
          column: partition.column,
          op: '<' as const,
          value: literalOf(partition.upper),
        });
      }
      return rule;
    }
    case 'raw': {
      const [text] = partition.valueList;
      if (partition.valueList.length !== 1 || text === undefined) return null;
      const parsed = parsePartitionDescription(text, columns);
      return parsed.ok ? parsed.value : null;
    }
    default:
      return null;
  }
}

const INT32 = /^-?\d{1,10}$/;

function valueOf(literal: PartitionLiteral): PartitionValue | null {
  if (literal.kind === 'string') return { type: 'String', value: literal.value };
  const n = Number(literal.text);
  return INT32.test(literal.text) && n >= -(2 ** 31) && n < 2 ** 31
    ? { type: 'Int32', value: n }
    : null;
}

/**
 * A rule back into the table's record: `range` when it is `col >= a AND col < b` (either side
 * optional), which every renderer knows; otherwise `raw` holding its Display text, which
 * information_schema.partitions shows as it is.
 */
function partitionOf(text: string, columns: PartitionColumn[]): RegionPartition {
  const [column] = columns;
  const parsed = parsePartitionDescription(text, columns);
  if (column !== undefined && parsed.ok) {
    const lower = parsed.value.filter((c) => c.op === '>=');
    const upper = parsed.value.filter((c) => c.op === '<');
    const [lo] = lower;
    const [hi] = upper;
    const isRange =
      lower.length <= 1 &&
      upper.length <= 1 &&
      lower.length + upper.length === parsed.value.length &&
      (parsed.value.length < 2 || parsed.value[0]?.op === '>=');
    const lowerValue = lo === undefined ? null : valueOf(lo.value);
    const upperValue = hi === undefined ? null : valueOf(hi.value);
    if (
      isRange &&
      (lo === undefined || lowerValue !== null) &&
      (hi === undefined || upperValue !== null)
    ) {
      return { kind: 'range', column: column.name, lower: lowerValue, upper: upperValue };
    }
  }
  return { kind: 'raw', columnList: columns.map((c) => c.name), valueList: [text] };
}

function fullName(t: { catalog: string; schema: string; name: string }): string {
  return `${t.catalog}.${t.schema}.${t.name}`;
}

function invalidArguments(message: string): SqlError {
  return new SqlError(StatusCode.InvalidArguments, message);
}

/**
 * `WITH (…)` as parse_ddl_options reads it (§7.1): `wait` first, then `timeout`. The parser has
 * lower-cased the keys and refused unknown ones; a repeated key keeps its last value (a map).
 */
function readOptions(options: [string, string][]): { wait: boolean; timeoutMs: number } {
  const byKey = new Map(options.map(([key, value]) => [key.toLowerCase(), value]));
  const waitText = byKey.get('wait');
  // Rust's `bool::from_str`: exactly `true` or `false`.
  if (waitText !== undefined && waitText !== 'true' && waitText !== 'false')
    throw invalidArguments(repartitionErrors.invalidWait(waitText));
  const timeoutText = byKey.get('timeout');
  let timeoutMs = REPARTITION_DEFAULT_TIMEOUT_MS;
  if (timeoutText !== undefined) {
    const parsed = parseHumantimeDuration(timeoutText);
    if (!parsed.ok)
      throw invalidArguments(repartitionErrors.invalidTimeout(timeoutText, parsed.error));
    timeoutMs = Number(parsed.nanos / 1_000_000n);
  }
  return { wait: waitText !== 'false', timeoutMs };
}

export class RepartitionModel {
  private readonly procedures = new Map<string, Running>();
  /** A repartition was ever submitted: the cluster holds durable repartition state (§3.1). */
  hasDurableRepartitionState = false;
  /** Procedures waiting for their table's lock, per table id, in submission order. */
  private readonly queues = new Map<number, Running[]>();
  private readonly lockedTables = new Set<number>();
  /** `max_region_number` per table: it only grows (§7.4), so it outlives dropped regions. */
  private readonly maxRegionNumbers = new Map<number, number>();
  private readonly staging = new Set<bigint>();
  /** Per region, what its datanode reported and when: heartbeats are read in the past. */
  private readonly datanodeStates = new Map<bigint, StateSpan[]>();
  private readonly lockedRegions = new Set<bigint>();
  private readonly rows: RepartitionEventRow[] = [];
  private lastNs = 0n;
  private isDisposed = false;

  constructor(
    private readonly host: RepartitionHost,
    /** Control actions change these while the cluster runs. */
    readonly settings: RepartitionSettings,
  ) {}

  // ---- What SQL shows ---------------------------------------------------------------------

  /** The route's `leader_state` of a region: region_peers shows `STAGING` (§7.4). */
  leaderStateOf(regionId: bigint): 'Staging' | null {
    return this.staging.has(regionId) ? 'Staging' : null;
  }

  /** What the region's datanode reports at `atMs` while staging; null: `Leader(Writable)`. */
  regionInfoStateOf(regionId: bigint, atMs = this.host.clock.now()): StagingState | null {
    const spans = this.datanodeStates.get(regionId);
    if (spans === undefined) return null;
    for (let i = spans.length - 1; i >= 0; i -= 1) {
      const span = spans[i];
      if (span === undefined || span.fromMs > atMs) continue;
      return span.untilMs === null || span.untilMs > atMs ? span.state : null;
    }
    return null;
  }

  /** True when any region has been staged: lets the heartbeat writer skip the lookup. */
  get hasStaged(): boolean {
    return this.datanodeStates.size > 0;
  }

  /** A group holds the region's write lock: a migration of it waits (§7.5). */
  isRegionLocked(regionId: bigint): boolean {
    return this.lockedRegions.has(regionId);
  }

  /** MetaSrv's `max_region_number` of a table (not shown over SQL). */
  maxRegionNumber(table: PhysicalTable): number {
    const known = this.maxRegionNumbers.get(table.tableId);
    const present = Math.max(-1, ...table.regions.map((r) => r.regionNumber));
    return Math.max(known ?? present, present);
  }

  procedure(id: string): RepartitionSnapshot | undefined {
    return this.procedures.get(id)?.snapshot;
  }

  procedureList(): RepartitionSnapshot[] {
    return [...this.procedures.values()].map((p) => p.snapshot);
  }

  /** Parents and their groups, as the procedure manager holds them, in submission order. */
  procedureRows(): RepartitionProcedureRow[] {
    return [...this.procedures.values()].flatMap((p) => {
      const { snapshot: s, table } = p;
      const database = [
        `__catalog_lock/${table.catalog}`,
        `__schema_lock/${table.catalog}.${table.schema}`,
      ];
      const parent: RepartitionProcedureRow = {
        procedureId: s.procedureId,
        procedureType: s.procedureType,
        status: s.status,
        error: s.error,
        startedAtMs: s.submittedAtMs,
        finishedAtMs: s.finishedAtMs,
        lockKeys: [
          ...database,
          `__table_lock/${table.tableId}`,
          `__table_name_lock/${fullName(table)}`,
        ],
      };
      const groups = s.groups.map((g): RepartitionProcedureRow => ({
        procedureId: g.procedureId,
        procedureType: g.procedureType,
        status: g.status,
        error: g.error,
        startedAtMs: g.history[0]?.atMs ?? s.submittedAtMs,
        finishedAtMs: g.finishedAtMs,
        lockKeys: [...database, ...g.sourceRegionIds.map((id) => `__region_lock/${id}`)],
      }));
      return [parent, ...groups];
    });
  }

  /**
   * Resolves when the procedure has finished (`WAIT = true` answers then); rejects when the
   * model is disposed first (a control reset replaced the cluster).
   */
  finished(id: string): Promise<RepartitionSnapshot> {
    const running = this.procedures.get(id);
    if (running === undefined) return Promise.reject(new RangeError(`no repartition ${id}`));
    if (running.snapshot.finishedAtMs !== null) return Promise.resolve(running.snapshot);
    if (this.isDisposed) return Promise.reject(new Error('the emulated cluster was reset'));
    return new Promise((resolve, reject) => running.waiters.push({ resolve, reject }));
  }

  /** Every event row recorded, flushed or not. */
  events(): RepartitionEventRow[] {
    return [...this.rows];
  }

  /** Rows already flushed to greptime_private.events at `nowMs` (the recorder's 5 s batches). */
  visibleEvents(nowMs: number): RepartitionEventRow[] {
    return this.rows.filter(
      (r) => Math.ceil((r.atMs + 1) / EVENTS_FLUSH_INTERVAL_MS) * EVENTS_FLUSH_INTERVAL_MS <= nowMs,
    );
  }

  dispose(): void {
    this.isDisposed = true;
    for (const p of this.procedures.values()) {
      if (p.timer !== null) this.host.clock.clearTimer(p.timer);
      p.timer = null;
      for (const waiter of p.waiters.splice(0))
        waiter.reject(new Error('the emulated cluster was reset'));
    }
  }

  // ---- Submission: the checks of API.md §7.2 in order --------------------------------------

  /** Step 2 and 3: the table exists and is physical. */
  private physicalTable(naming: RepartitionStatement['table']): PhysicalTable {
    const found = this.host.tableByName(naming.catalog, naming.schema, naming.name);
    if (found === undefined) {
      throw new SqlError(
        StatusCode.TableNotFound,
        repartitionErrors.tableNotFound(fullName(naming)),
      );
    }
    if (found.kind === 'logical')
      throw new SqlError(StatusCode.Unsupported, repartitionErrors.logicalTable());
    return found;
  }

  /**
   * The forms the model does not run (REPARTITION, ON COLUMNS, PARTITION ON COLUMNS) get the
   * frontend checks GreptimeDB makes first, then an honest refusal.
   */
  refuseUnmodelled(
    naming: RepartitionStatement['table'],
    form: 'REPARTITION' | 'ON COLUMNS' | 'PARTITION ON COLUMNS',
  ): never {
    const table = this.physicalTable(naming);
    const hasColumns = columnsOf(table).length > 0;
    if (form === 'PARTITION ON COLUMNS' && hasColumns)
      throw invalidArguments(
        // `repartition_table` (ddl.rs@v1.2.0-beta.2); not among contract's texts, which the
        // console never needs (it does not send PARTITION ON COLUMNS).
        `Invalid partition rule: table ${fullName(table)} already has partition columns`,
      );
    if (form !== 'PARTITION ON COLUMNS' && !hasColumns)
      throw invalidArguments(repartitionErrors.noPartitionColumns(fullName(table)));
    throw SqlError.unsupported(
      `ALTER TABLE … ${form} (the emulator runs SPLIT PARTITION and MERGE PARTITION)`,
    );
  }

  /** Returns the procedure id, and whether the statement asked to wait for the end. */
  submit(
    statement: RepartitionStatement,
    submitter: RepartitionSubmitter,
  ): { procedureId: string; wait: boolean } {
    const table = this.physicalTable(statement.table);
    const plan = this.plan(table, statement);
    const options = readOptions(statement.options);
    if (this.settings.isStandalone)
      throw new SqlError(StatusCode.Unsupported, repartitionErrors.standalone());
    if (submitter.version === 'v1.2' && !this.settings.isMetasrvGcEnabled) {
      throw invalidArguments(
        repartitionErrors.metasrvGcDisabled() + META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
      );
    }
    // v1.2 writes a KV marker before the first repartition procedure; with it (or repartition
    // state an older version left) a v1.2 MetaSrv refuses to start without GC (API.md §3.1,
    // `src/meta-srv/src/procedure/repartition/gc_requirement.rs@v1.2.0-beta.2`).
    this.hasDurableRepartitionState = true;
    const now = this.host.clock.now();
    const running: Running = {
      snapshot: {
        procedureId: randomUUID(),
        procedureType: 'metasrv-procedure::Repartition',
        kind: statement.kind,
        tableId: table.tableId,
        tableName: table.name,
        step: 'Queued',
        status: 'Running',
        error: null,
        history: [{ step: 'Queued', atMs: now }],
        timeoutMs: options.timeoutMs,
        submittedAtMs: now,
        startedAtMs: null,
        finishedAtMs: null,
        plan,
        groups: [],
      },
      table,
      submitter,
      originalPartitions: new Map(),
      allocated: [],
      timer: null,
      waiters: [],
    };
    this.procedures.set(running.snapshot.procedureId, running);
    this.record(running, 'repartition', {
      trigger: '{"type":"Submitted"}',
      payload: this.parentPayload(running),
      withContext: true,
    });
    // The table lock: another repartition or DDL on the table runs first (§7.2 step 11).
    const queue = this.queues.get(table.tableId) ?? [];
    queue.push(running);
    this.queues.set(table.tableId, queue);
    this.startNext(table.tableId);
    return { procedureId: running.snapshot.procedureId, wait: options.wait };
  }

  /** Steps 4–6: partition columns, source rules that exist, the whole rule covering once. */
  private plan(table: PhysicalTable, statement: RepartitionStatement): RepartitionPlan {
    const full = fullName(table);
    const columns = columnsOf(table);
    if (columns.length === 0) throw invalidArguments(repartitionErrors.noPartitionColumns(full));
    const parse = (text: string): PartitionRule => {
      const parsed = parsePartitionExpr(text, columns);
      if (parsed.ok) return parsed.value;
      if (parsed.greptimeError !== undefined) throw invalidArguments(parsed.greptimeError);
      // GreptimeDB's answer to other mistakes (a literal of another type, OR) is not in API.md.
      throw SqlError.unsupported(`partition expression ${text}: ${parsed.error}`);
    };
    const sources = statement.sources.map(parse);
    // Unknown columns in the INTO list are reported before a missing source rule (step 4 < 5).
    statement.targets.forEach(parse);
    const contractTable: RepartitionTable = {
      catalog: table.catalog,
      schema: table.schema,
      name: table.name,
      partitionColumns: columns,
      partitions: table.regions.map((r) => {
        const rule = ruleOf(r.partition, columns);
        return {
          regionId: r.regionId.toString(),
          description: rule === null ? null : partitionExprDisplay(rule),
        };
      }),
      maxRegionNumber: this.maxRegionNumber(table),
    };
    const regionIds = sources.map((source) => {
      const region = table.regions.find((r) => {
        const rule = ruleOf(r.partition, columns);
        return rule !== null && sameRule(rule, source);
      });
      if (region === undefined) {
        throw invalidArguments(
          repartitionErrors.expressionNotFound(partitionExprDisplay(source), full),
        );
      }
      return region.regionId.toString();
    });
    const [sourceRegionId = ''] = regionIds;
    const checked =
      statement.kind === 'split'
        ? checkSplit(contractTable, sourceRegionId, statement.targets)
        : checkMerge(contractTable, regionIds);
    if (checked.ok) return checked.plan;
    const [issue] = checked.issues;
    if (issue?.greptimeError !== undefined) throw invalidArguments(issue.greptimeError);
    throw SqlError.unsupported(issue?.message ?? 'repartition');
  }

  // ---- The parent procedure -----------------------------------------------------------------

  private startNext(tableId: number): void {
    if (this.lockedTables.has(tableId)) return;
    const next = this.queues.get(tableId)?.shift();
    if (next === undefined) return;
    this.lockedTables.add(tableId);
    next.snapshot.startedAtMs = this.host.clock.now();
    this.after(next, this.host.rng.int(1, 5), () => {
      this.enter(next, 'RepartitionStart');
      this.after(next, this.host.rng.int(2, 10), () => {
        this.allocate(next);
      });
    });
  }

  private after(p: Running, delayMs: number, fn: () => void): void {
    p.timer = this.host.clock.setTimer(delayMs, () => {
      p.timer = null;
      fn();
    });
  }

  private enter(p: Running, step: ParentStep): void {
    p.snapshot.step = step;
    p.snapshot.history.push({ step, atMs: this.host.clock.now() });
  }

  private deadlineOf(p: Running): number {
    return (p.snapshot.startedAtMs ?? p.snapshot.submittedAtMs) + p.snapshot.timeoutMs;
  }

  /** The emulated time one datanode step takes. */
  private stepWork(): number {
    return Math.round((this.settings.stepMs * this.host.rng.int(80, 120)) / 100);
  }

  /**
   * Work the datanodes `peers` carry out: it takes stepWork() while they are reachable, is
   * re-tried while one is not, and fails with `Exceeded deadline, operation: <step>` once the
   * procedure's timeout would be passed (the step gets `TIMEOUT − elapsed`, §7.1).
   */
  private datanodeWork(
    p: Running,
    step: 'AllocateRegion' | 'EnterStagingRegion' | 'RemapManifest' | 'ApplyStagingManifest',
    peers: ReadonlySet<number>,
    done: () => void,
    onDeadline: (error: string) => void,
  ): void {
    const attempt = () => {
      const now = this.host.clock.now();
      const deadline = this.deadlineOf(p);
      const isReachable = [...peers].every((peer) => this.host.isPeerReachable(peer));
      const work = this.stepWork();
      if (isReachable && now + work <= deadline) {
        this.after(p, work, done);
        return;
      }
      const wait = Math.min(isReachable ? work : DATANODE_RETRY_MS, deadline - now);
      if (wait <= 0) {
        onDeadline(repartitionErrors.deadlineExceeded(step));
        return;
      }
      this.after(p, wait, attempt);
    };
    attempt();
  }

  /** AllocateRegion (§7.3 step 3, §7.4): new regions on alive datanodes, appended to the route. */
  private allocate(p: Running): void {
    this.enter(p, 'AllocateRegion');
    const { plan } = p.snapshot;
    if (plan.allocatedRegionIds.length === 0) {
      this.dispatch(p);
      return;
    }
    const alive = [...this.host.datanodes.keys()]
      .filter((id) => this.host.isPeerAlive(id))
      .sort((a, b) => a - b);
    const offset = this.host.rng.int(0, Math.max(0, alive.length - 1));
    const placed = plan.allocatedRegionIds.map((regionId, i) => ({
      regionId,
      peer: alive[(offset + i) % Math.max(1, alive.length)] ?? null,
    }));
    const peers = new Set(placed.flatMap((r) => (r.peer === null ? [] : [r.peer])));
    const fail = (error: string) => {
      this.fail(p, error);
    };
    this.datanodeWork(
      p,
      'AllocateRegion',
      peers,
      () => {
        // mito2 refuses a region that is not on shared storage; the procedure rolls back.
        const refused = placed.find((r) => r.peer !== null && !this.host.hasObjectStorage(r.peer));
        if (refused !== undefined) {
          fail(repartitionErrors.objectStorageRequired(formatRegionIdDisplay(refused.regionId)));
          return;
        }
        const columns = columnsOf(p.table);
        const now = this.host.clock.now();
        for (const { regionId, peer } of placed) {
          const number = Number(BigInt(regionId) & 0xffff_ffffn);
          const rule = plan.resulting.find((r) => r.regionId === regionId)?.rule ?? '';
          const region: RegionRecord = {
            regionNumber: number,
            regionId: BigInt(regionId),
            partition: partitionOf(rule, columns),
            leaderPeerId: peer,
            followerPeerIds: [],
            leaderStatus: null,
            leaderDownSinceMs: null,
            approximateBytes: 0,
            bytesPerHour: 0,
            createdOnMs: now,
          };
          p.table.regions.push(region);
          p.table.regionsByNumber.set(number, region);
          p.allocated.push(region);
          this.maxRegionNumbers.set(
            p.table.tableId,
            Math.max(this.maxRegionNumber(p.table), number),
          );
        }
        p.table.version += 1;
        this.dispatch(p);
      },
      fail,
    );
  }

  /** Dispatch (§7.3 step 4): one group, its Submitted rows, then the parent's ChildSubmitted. */
  private dispatch(p: Running): void {
    this.after(p, this.host.rng.int(1, 5), () => {
      this.enter(p, 'Dispatch');
      const { plan } = p.snapshot;
      const reused = plan.resulting.filter((r) => r.change === 'new rule').map((r) => r.regionId);
      const group: RepartitionGroupSnapshot = {
        procedureId: randomUUID(),
        procedureType: 'metasrv-procedure::RepartitionGroup',
        groupId: randomUUID(),
        step: 'RepartitionStart',
        status: 'Running',
        error: null,
        history: [{ step: 'RepartitionStart', atMs: this.host.clock.now() }],
        sourceRegionIds: plan.replaced.map((r) => r.regionId),
        targetRegionIds: [...reused, ...plan.allocatedRegionIds],
        finishedAtMs: null,
      };
      p.snapshot.groups.push(group);
      this.recordGroupSubmitted(p, group);
      this.record(p, 'repartition', {
        trigger: `{"outcome":"Accepted","procedure_id":"${group.procedureId}","type":"ChildSubmitted"}`,
      });
      this.enter(p, 'Collect');
      for (const id of group.sourceRegionIds) this.lockedRegions.add(BigInt(id));
      this.runGroup(p, group);
    });
  }

  // ---- The group ----------------------------------------------------------------------------

  private groupEnter(group: RepartitionGroupSnapshot, step: GroupStep): void {
    group.step = step;
    group.history.push({ step, atMs: this.host.clock.now() });
  }

  private groupRegionIds(group: RepartitionGroupSnapshot): bigint[] {
    return [...new Set([...group.sourceRegionIds, ...group.targetRegionIds])].map((id) =>
      BigInt(id),
    );
  }

  private runGroup(p: Running, group: RepartitionGroupSnapshot): void {
    const needsSync = p.table.engine === 'metric' && p.allocated.length > 0;
    this.after(p, this.host.rng.int(2, 10), () => {
      if (needsSync) this.groupEnter(group, 'SyncRegion');
      this.after(p, needsSync ? this.stepWork() : 0, () => {
        this.applyStaging(p, group);
      });
    });
  }

  /** Closes the region's open span and opens `state` (null: back to `Leader(Writable)`). */
  private setDatanodeState(regionIds: bigint[], state: StagingState | null): void {
    const now = this.host.clock.now();
    for (const id of regionIds) {
      const spans = this.datanodeStates.get(id) ?? [];
      const open = spans.at(-1);
      if (open !== undefined && open.untilMs === null) open.untilMs = now;
      if (state !== null) spans.push({ state, fromMs: now, untilMs: null });
      this.datanodeStates.set(id, spans);
    }
  }

  /** Route: every source and target `Staging`; reused sources take their new rule (§7.3). */
  private applyStaging(p: Running, group: RepartitionGroupSnapshot): void {
    this.groupEnter(group, 'UpdateMetadata::ApplyStaging');
    this.after(p, this.host.rng.int(2, 10), () => {
      const columns = columnsOf(p.table);
      for (const planned of p.snapshot.plan.resulting) {
        if (planned.change !== 'new rule') continue;
        const region = p.table.regions.find((r) => r.regionId.toString() === planned.regionId);
        if (region === undefined) continue;
        p.originalPartitions.set(region.regionNumber, region.partition);
        region.partition = partitionOf(planned.rule, columns);
      }
      for (const id of this.groupRegionIds(group)) this.staging.add(id);
      p.table.version += 1;
      this.datanodeStep(p, group, 'EnterStagingRegion', () => {
        this.datanodeStep(p, group, 'RemapManifest', () => {
          this.datanodeStep(p, group, 'ApplyStagingManifest', () => {
            this.exitStaging(p, group);
          });
        });
      });
    });
  }

  /** A step the group's datanodes carry out (datanodeWork), with its effect on their state. */
  private datanodeStep(
    p: Running,
    group: RepartitionGroupSnapshot,
    step: 'EnterStagingRegion' | 'RemapManifest' | 'ApplyStagingManifest',
    next: () => void,
  ): void {
    this.groupEnter(group, step);
    const regionIds = this.groupRegionIds(group);
    if (step === 'EnterStagingRegion') this.setDatanodeState(regionIds, 'Leader(EnteringStaging)');
    const peers = new Set(
      regionIds.flatMap((id) => {
        const leader = p.table.regionsByNumber.get(Number(id & 0xffff_ffffn))?.leaderPeerId;
        return leader === null || leader === undefined ? [] : [leader];
      }),
    );
    this.datanodeWork(
      p,
      step,
      peers,
      () => {
        if (step === 'EnterStagingRegion') this.setDatanodeState(regionIds, 'Leader(Staging)');
        if (step === 'ApplyStagingManifest') this.setDatanodeState(regionIds, null);
        next();
      },
      (error) => {
        this.failGroup(p, group, error);
      },
    );
  }

  private exitStaging(p: Running, group: RepartitionGroupSnapshot): void {
    this.groupEnter(group, 'UpdateMetadata::ExitStaging');
    this.after(p, this.host.rng.int(2, 10), () => {
      for (const id of this.groupRegionIds(group)) this.staging.delete(id);
      p.table.version += 1;
      this.groupEnter(group, 'RepartitionEnd');
      group.status = 'Done';
      group.finishedAtMs = this.host.clock.now();
      this.unlockRegions(group);
      this.record(p, 'repartition_group', { group, trigger: '{"type":"Succeeded"}' });
      this.after(p, this.host.rng.int(50, 200), () => {
        this.deallocate(p);
      });
    });
  }

  private failGroup(p: Running, group: RepartitionGroupSnapshot, error: string): void {
    group.status = 'Failed';
    group.error = error;
    group.finishedAtMs = this.host.clock.now();
    this.unlockRegions(group);
    this.record(p, 'repartition_group', { group, trigger: '{"type":"Failed"}', error });
    // Collect (§7.3 step 5): a failed child fails the parent, which rolls back.
    this.after(p, this.host.rng.int(5, 50), () => {
      this.fail(p, repartitionErrors.groupsFailed(p.table.tableId, 1, 0));
    });
  }

  private unlockRegions(group: RepartitionGroupSnapshot): void {
    for (const id of group.sourceRegionIds) this.lockedRegions.delete(BigInt(id));
  }

  // ---- End, failure, rollback ---------------------------------------------------------------

  /** DeallocateRegion (§7.3 step 6): the regions a merge removed leave the route. */
  private deallocate(p: Running): void {
    const { deallocatedRegionIds } = p.snapshot.plan;
    if (deallocatedRegionIds.length > 0) this.enter(p, 'DeallocateRegion');
    this.after(p, deallocatedRegionIds.length > 0 ? this.stepWork() : 0, () => {
      if (deallocatedRegionIds.length > 0) {
        this.removeRegions(
          p.table,
          deallocatedRegionIds.map((id) => BigInt(id)),
        );
      }
      this.enter(p, 'RepartitionEnd');
      this.finish(p, 'Done', null);
      this.record(p, 'repartition', { trigger: '{"type":"Succeeded"}' });
    });
  }

  private removeRegions(table: PhysicalTable, regionIds: bigint[]): void {
    table.regions = table.regions.filter((r) => !regionIds.includes(r.regionId));
    for (const id of regionIds) table.regionsByNumber.delete(Number(id & 0xffff_ffffn));
    table.version += 1;
  }

  /**
   * A non-retryable error: PrepareRollback, RollingBack (restore the rules, drop the allocated
   * regions, clear staging), then Failed with the error's output_msg (§7.3 step 5, derived).
   */
  private fail(p: Running, error: string): void {
    p.snapshot.status = 'PrepareRollback';
    p.snapshot.error = error;
    this.after(p, this.host.rng.int(1, 5), () => {
      p.snapshot.status = 'RollingBack';
      this.record(p, 'repartition', { trigger: '{"type":"RollingBack"}', error });
      this.after(p, this.host.rng.int(10, 100), () => {
        for (const [number, partition] of p.originalPartitions) {
          const region = p.table.regionsByNumber.get(number);
          if (region !== undefined) region.partition = partition;
        }
        if (p.allocated.length > 0)
          this.removeRegions(
            p.table,
            p.allocated.map((r) => r.regionId),
          );
        else if (p.originalPartitions.size > 0) p.table.version += 1;
        for (const group of p.snapshot.groups) {
          const ids = this.groupRegionIds(group);
          for (const id of ids) this.staging.delete(id);
          this.setDatanodeState(ids, null);
        }
        this.finish(p, 'Failed', error);
        this.record(p, 'repartition', { trigger: '{"type":"Failed"}', error });
      });
    });
  }

  private finish(p: Running, status: 'Done' | 'Failed', error: string | null): void {
    p.snapshot.status = status;
    p.snapshot.error = error;
    p.snapshot.finishedAtMs = this.host.clock.now();
    this.lockedTables.delete(p.table.tableId);
    for (const waiter of p.waiters.splice(0)) waiter.resolve(p.snapshot);
    this.startNext(p.table.tableId);
  }

  // ---- Events (v1.2, §7.6) ------------------------------------------------------------------

  private parentPayload(p: Running): string {
    const { plan, timeoutMs } = p.snapshot;
    // Keys sorted, as the Json column returns them; `target_partition_columns` only with
    // ON COLUMNS, which SPLIT/MERGE here never carry.
    return JSON.stringify({
      source_partition_exprs: plan.replaced.map((r) => r.rule),
      source_type: 'partitioned',
      target_partition_exprs: plan.targetRules,
      timeout: formatHumantimeDuration(BigInt(timeoutMs) * 1_000_000n),
      version: 2,
    });
  }

  /** One row per (source, overlapping target) pair (§6.3); a merge's sources share the target. */
  private recordGroupSubmitted(p: Running, group: RepartitionGroupSnapshot): void {
    if (p.submitter.version !== 'v1.2') return;
    const { plan, timeoutMs } = p.snapshot;
    // Region ids pass 2^53: written as JSON number text, not through a JS number.
    const payload =
      `{"allocated_region_ids":[${plan.allocatedRegionIds.join(',')}],` +
      `"pending_deallocate_region_ids":[${plan.deallocatedRegionIds.join(',')}],` +
      `"sync_region":${p.table.engine === 'metric' && plan.allocatedRegionIds.length > 0},` +
      `"timeout":${JSON.stringify(formatHumantimeDuration(BigInt(timeoutMs) * 1_000_000n))},"version":2}`;
    const ruleOfTarget = (id: string) =>
      plan.resulting.find((r) => r.regionId === id)?.rule ?? null;
    // One event, several rows: they share its timestamp.
    const timestampNs = this.nextTimestampNs();
    for (const source of plan.replaced) {
      for (const target of group.targetRegionIds) {
        this.record(p, 'repartition_group', {
          group,
          trigger: '{"type":"Submitted"}',
          payload,
          withContext: true,
          timestampNs,
          pair: {
            sourceRegionId: BigInt(source.regionId),
            sourcePartitionExpr: source.rule,
            targetRegionId: BigInt(target),
            targetPartitionExpr: ruleOfTarget(target),
          },
        });
      }
    }
  }

  /** Timestamp::current_time(Nanosecond), kept increasing so events keep their order. */
  private nextTimestampNs(): bigint {
    const atMs = this.host.clock.now();
    let ns = BigInt(atMs) * 1_000_000n + BigInt(this.host.rng.int(0, 999_999));
    if (ns <= this.lastNs) ns = this.lastNs + 1n;
    this.lastNs = ns;
    return ns;
  }

  private record(
    p: Running,
    type: RepartitionEventRow['type'],
    row: {
      trigger: string;
      payload?: string;
      error?: string;
      withContext?: boolean;
      group?: RepartitionGroupSnapshot;
      timestampNs?: bigint;
      pair?: Pick<
        RepartitionEventRow,
        'sourceRegionId' | 'sourcePartitionExpr' | 'targetRegionId' | 'targetPartitionExpr'
      >;
    },
  ): void {
    if (p.submitter.version !== 'v1.2') return;
    if (this.host.isEventRecorded?.(type) === false) return;
    const atMs = this.host.clock.now();
    const ns = row.timestampNs ?? this.nextTimestampNs();
    const { group } = row;
    const state = group === undefined ? p.snapshot.status : group.status;
    this.rows.push({
      timestampNs: ns,
      atMs,
      type,
      procedureId: group?.procedureId ?? p.snapshot.procedureId,
      state,
      trigger: row.trigger,
      payload: row.payload ?? null,
      error: row.error ?? '',
      actor: p.submitter.actor,
      eventContext:
        row.withContext === true
          ? JSON.stringify({ protocol: p.submitter.protocol, reason: 'manual' })
          : null,
      catalogName: p.table.catalog,
      schemaName: p.table.schema,
      tableName: p.table.name,
      tableId: p.table.tableId,
      parentProcedureId: group === undefined ? null : p.snapshot.procedureId,
      groupId: group?.groupId ?? null,
      sourceRegionId: row.pair?.sourceRegionId ?? null,
      sourcePartitionExpr: row.pair?.sourcePartitionExpr ?? null,
      targetRegionId: row.pair?.targetRegionId ?? null,
      targetPartitionExpr: row.pair?.targetPartitionExpr ?? null,
    });
  }
}
