/**
 * greptime_private.events as the table MetaSrv's event recorder creates on its first insert,
 * per version (API.md §6):
 * - v1.1: the common columns, the procedure columns, then the region-migration columns, in the
 *   order of the insert schema (v1.1.4 recorder.rs `build_row_inserts_request`, procedure
 *   event.rs, region_migration_event.rs); one row per status change.
 * - v1.2: `procedure_trigger` after the procedure columns, `actor` and `event_context` after the
 *   region-migration columns; rows only at lifecycle triggers — no `PrepareRollback` row and no
 *   row for `Retrying` → `Running` (procedure event.rs, local/runner.rs@v1.2.0-beta.2).
 * Json columns hold compact JSON text with sorted keys; the HTTP layer writes them as values.
 */
import type { MigrationEventRow } from '../model/events.ts';
import type { TriggerReason } from '../model/region-migration.ts';
import type { SqlApiVersion } from '../model/types.ts';
import type { QueryContext, SystemTable } from './context.ts';
import { formatHumantime } from './humantime.ts';
import type { ColumnDef, Row, SqlValue } from './values.ts';

const BASE: ColumnDef[] = [
  { name: 'type', type: 'String' },
  { name: 'payload', type: 'Json' },
  { name: 'timestamp', type: 'TimestampNanosecond' },
  { name: 'procedure_id', type: 'String' },
  { name: 'procedure_state', type: 'String' },
  { name: 'procedure_error', type: 'String' },
];
const REGION_MIGRATION: ColumnDef[] = [
  { name: 'region_id', type: 'UInt64' },
  { name: 'table_id', type: 'UInt32' },
  { name: 'region_number', type: 'UInt32' },
  { name: 'region_migration_trigger_reason', type: 'String' },
  { name: 'region_migration_src_node_id', type: 'UInt64' },
  { name: 'region_migration_src_peer_addr', type: 'String' },
  { name: 'region_migration_dst_node_id', type: 'UInt64' },
  { name: 'region_migration_dst_peer_addr', type: 'String' },
];

/** `PersistentEventContext` (context.rs@v1.2.0-beta.2): `protocol` only when known. */
const EVENT_CONTEXT: Record<TriggerReason, string> = {
  Manual: '{"protocol":"httpsql","reason":"manual"}',
  // region_migration.rs@v1.2.0-beta.2: background submissions carry only a reason.
  Failover: '{"reason":"region_failover"}',
  AutoRebalance: '{"reason":"auto_rebalance"}',
};

function head(e: MigrationEventRow): SqlValue[] {
  return [
    'region_migration',
    JSON.stringify({ timeout: formatHumantime(e.timeoutMs) }),
    e.timestampNs,
    e.procedureId,
    e.state,
    e.error,
  ];
}

function regionColumns(e: MigrationEventRow): SqlValue[] {
  return [
    e.regionId,
    e.regionId >> 32n,
    e.regionId & 0xffff_ffffn,
    e.triggerReason,
    BigInt(e.srcNodeId),
    e.srcPeerAddr,
    BigInt(e.dstNodeId),
    e.dstPeerAddr,
  ];
}

function visibleEvents(ctx: QueryContext): MigrationEventRow[] {
  return ctx.cluster.events.visible(ctx.cluster.clock.now());
}

/**
 * The v1.2 lifecycle trigger of a status row, or null when v1.2 writes no row for it. Rows of a
 * procedure arrive in order; `attempt` counts execute retries from 1 (runner.rs@v1.2.0-beta.2).
 */
function triggerOf(
  e: MigrationEventRow,
  seen: Map<string, { submitted: boolean; retries: number }>,
): string | null {
  const progress = seen.get(e.procedureId) ?? { submitted: false, retries: 0 };
  seen.set(e.procedureId, progress);
  switch (e.state) {
    case 'Running':
      if (progress.submitted) return null;
      progress.submitted = true;
      return '{"type":"Submitted"}';
    case 'Retrying':
      progress.retries += 1;
      return `{"attempt":${progress.retries},"phase":"Execute","type":"Retrying"}`;
    case 'PrepareRollback':
      return null;
    case 'RollingBack':
      return '{"type":"RollingBack"}';
    case 'Done':
      return '{"type":"Succeeded"}';
    case 'Failed':
      return '{"type":"Failed"}';
  }
}

const eventsV11: SystemTable = {
  columns: [...BASE, ...REGION_MIGRATION],
  rows: (ctx) => visibleEvents(ctx).map((e) => [...head(e), ...regionColumns(e)]),
};

const eventsV12: SystemTable = {
  columns: [
    ...BASE,
    { name: 'procedure_trigger', type: 'Json' },
    ...REGION_MIGRATION,
    { name: 'actor', type: 'String' },
    { name: 'event_context', type: 'Json' },
  ],
  rows(ctx) {
    const seen = new Map<string, { submitted: boolean; retries: number }>();
    const rows: Row[] = [];
    for (const e of visibleEvents(ctx)) {
      const trigger = triggerOf(e, seen);
      if (trigger === null) continue;
      const submitted = trigger === '{"type":"Submitted"}';
      rows.push([
        ...head(e),
        trigger,
        ...regionColumns(e),
        ctx.cluster.events.actorOf(e.procedureId),
        submitted ? EVENT_CONTEXT[e.triggerReason] : null,
      ]);
    }
    return rows;
  },
};

export const EVENTS_TABLE: Record<SqlApiVersion, SystemTable> = {
  'v1.1': eventsV11,
  'v1.2': eventsV12,
};
