/**
 * `greptime_private.events` (v0.16+): MetaSrv records one row per region each time a migration
 * procedure's status changes, and flushes rows to the table in batches about every 5 s
 * (v1.1.4 src/common/event-recorder/src/recorder.rs, src/common/procedure/src/event.rs,
 * src/meta-srv/src/events/region_migration_event.rs). The table lives in the cluster's storage,
 * so it survives MetaSrv leader changes. v1.2 (API.md §6.3): the frontend also records an
 * `admin_function` row per ADMIN statement, and `[event_recorder] event_types` limits the types
 * recorded (the repartition model asks `isRecorded` for its own rows).
 */
import type { ProcedureStatus, TriggerReason } from './region-migration.ts';

export interface MigrationEventRow {
  /** Nanoseconds since the epoch (passes 2^53). */
  timestampNs: bigint;
  atMs: number;
  procedureId: string;
  state: ProcedureStatus;
  /** Debug text of the error for failing states; empty otherwise. */
  error: string;
  regionId: bigint;
  triggerReason: TriggerReason;
  srcNodeId: number;
  srcPeerAddr: string;
  dstNodeId: number;
  dstPeerAddr: string;
  timeoutMs: number;
}

/**
 * v1.2 `admin_function` row, written by the frontend for each ADMIN statement it ran (API.md
 * §6.3; `src/operator/src/statement/admin/{event,layer}.rs@v1.2.0-beta.2`). Not a procedure.
 */
export interface AdminFunctionEventRow {
  timestampNs: bigint;
  atMs: number;
  /** The database user that ran the statement. */
  actor: string;
  /** Lower-cased. */
  name: string;
  status: 'Succeeded' | 'Failed';
  /** Json text, keys sorted: `{"arguments":{"type":"list","value":[…]},"version":1}`. */
  payload: string;
  /** Json text: `{"result":<value>}` or `{"error":"<Debug text>"}`. */
  output: string;
}

/**
 * The `type` names `[event_recorder] event_types` takes (v1.2, API.md §6.3 and
 * `config/config.md@v1.2.0-beta.2`): MetaSrv's list, then the frontend's `admin_function`.
 */
export const EVENT_TYPES = [
  'region_migration',
  'create_table',
  'create_logical_tables',
  'alter_table',
  'alter_logical_tables',
  'drop_table',
  'truncate_table',
  'create_database',
  'alter_database',
  'drop_database',
  'create_flow',
  'drop_flow',
  'create_view',
  'drop_view',
  'repartition',
  'repartition_group',
  'wal_prune',
  'batch_gc',
  'admin_function',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** DEFAULT_FLUSH_INTERVAL_SECONDS */
export const EVENTS_FLUSH_INTERVAL_MS = 5_000;

function isFlushed(atMs: number, nowMs: number): boolean {
  return Math.ceil((atMs + 1) / EVENTS_FLUSH_INTERVAL_MS) * EVENTS_FLUSH_INTERVAL_MS <= nowMs;
}

export class EventLog {
  private readonly rows: MigrationEventRow[] = [];
  private readonly adminFunctionRows: AdminFunctionEventRow[] = [];
  private readonly actors = new Map<string, string>();
  private lastNs = 0n;
  /**
   * v1.2 `[event_recorder] event_types`: the types recorded from now on; null (the option
   * omitted) = all, empty = none (API.md §6.3). The recorders read it at start-up, so rows of a
   * type filtered out are never written, and rows already written stay.
   */
  eventTypes: ReadonlySet<EventType> | null = null;

  isRecorded(type: EventType): boolean {
    return this.eventTypes === null || this.eventTypes.has(type);
  }

  private nextNs(atMs: number, subMillisNs: number): bigint {
    // Timestamp::current_time(Nanosecond): strictly increasing here so ordering is stable.
    let ns = BigInt(atMs) * 1_000_000n + BigInt(subMillisNs);
    if (ns <= this.lastNs) ns = this.lastNs + 1n;
    this.lastNs = ns;
    return ns;
  }

  /** v1.2 `actor`: the database user that submitted the procedure (none for background work). */
  setActor(procedureId: string, user: string): void {
    this.actors.set(procedureId, user);
  }

  actorOf(procedureId: string): string | null {
    return this.actors.get(procedureId) ?? null;
  }

  record(row: Omit<MigrationEventRow, 'timestampNs'>, subMillisNs: number): void {
    if (!this.isRecorded('region_migration')) return;
    this.rows.push({ ...row, timestampNs: this.nextNs(row.atMs, subMillisNs) });
  }

  /** v1.2 frontend: one `admin_function` row per ADMIN statement (API.md §6.3). */
  recordAdminFunction(row: Omit<AdminFunctionEventRow, 'timestampNs'>, subMillisNs: number): void {
    if (!this.isRecorded('admin_function')) return;
    this.adminFunctionRows.push({ ...row, timestampNs: this.nextNs(row.atMs, subMillisNs) });
  }

  /** Rows already flushed to the table at `nowMs` (the recorder flushes every 5 s). */
  visible(nowMs: number): MigrationEventRow[] {
    return this.rows.filter((r) => isFlushed(r.atMs, nowMs));
  }

  /** `admin_function` rows the frontend's recorder has flushed at `nowMs` (same 5 s period). */
  visibleAdminFunctions(nowMs: number): AdminFunctionEventRow[] {
    return this.adminFunctionRows.filter((r) => isFlushed(r.atMs, nowMs));
  }

  /** Every row recorded so far, flushed or not (control API). */
  all(): MigrationEventRow[] {
    return [...this.rows];
  }
}
