/**
 * `greptime_private.events` (v0.16+): MetaSrv records one row per region each time a migration
 * procedure's status changes, and flushes rows to the table in batches about every 5 s
 * (v1.1.4 src/common/event-recorder/src/recorder.rs, src/common/procedure/src/event.rs,
 * src/meta-srv/src/events/region_migration_event.rs). The table lives in the cluster's storage,
 * so it survives MetaSrv leader changes.
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

/** DEFAULT_FLUSH_INTERVAL_SECONDS */
export const EVENTS_FLUSH_INTERVAL_MS = 5_000;

export class EventLog {
  private readonly rows: MigrationEventRow[] = [];
  private readonly actors = new Map<string, string>();
  private lastNs = 0n;

  /** v1.2 `actor`: the database user that submitted the procedure (none for background work). */
  setActor(procedureId: string, user: string): void {
    this.actors.set(procedureId, user);
  }

  actorOf(procedureId: string): string | null {
    return this.actors.get(procedureId) ?? null;
  }

  record(row: Omit<MigrationEventRow, 'timestampNs'>, subMillisNs: number): void {
    // Timestamp::current_time(Nanosecond): strictly increasing here so ordering is stable.
    let ns = BigInt(row.atMs) * 1_000_000n + BigInt(subMillisNs);
    if (ns <= this.lastNs) ns = this.lastNs + 1n;
    this.lastNs = ns;
    this.rows.push({ ...row, timestampNs: ns });
  }

  /** Rows already flushed to the table at `nowMs` (the recorder flushes every 5 s). */
  visible(nowMs: number): MigrationEventRow[] {
    return this.rows.filter(
      (r) => Math.ceil((r.atMs + 1) / EVENTS_FLUSH_INTERVAL_MS) * EVENTS_FLUSH_INTERVAL_MS <= nowMs,
    );
  }

  /** Every row recorded so far, flushed or not (control API). */
  all(): MigrationEventRow[] {
    return [...this.rows];
  }
}
