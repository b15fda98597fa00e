/**
 * greptime_private.events as the table MetaSrv's event recorder creates on its first insert,
 * per version (API.md §6):
 * - v1.1: the common columns, the procedure columns, then the region-migration columns, in the
 *   order of the insert schema (v1.1.4 recorder.rs `build_row_inserts_request`, procedure
 *   event.rs, region_migration_event.rs); one row per status change.
 * - v1.2: `procedure_trigger` after the procedure columns, `actor` and `event_context` after the
 *   type's own columns; rows only at lifecycle triggers — no `PrepareRollback` row and no row for
 *   `Retrying` → `Running` (procedure event.rs, local/runner.rs@v1.2.0-beta.2). Besides region
 *   migrations, repartitions write `repartition` and `repartition_group` rows (§7.6), and the
 *   table's columns are the union of the types inserted so far, each type's new columns appended
 *   when its first row is flushed (§6.1; rows taken in time order, derived); the frontend adds
 *   an `admin_function` row per ADMIN statement (§6.3).
 * Json columns hold compact JSON text with sorted keys; the HTTP layer writes them as values.
 */
import type { AdminFunctionEventRow, MigrationEventRow } from '../model/events.ts';
import type { TriggerReason } from '../model/region-migration.ts';
import type { RepartitionEventRow } from '../model/repartition.ts';
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

const TRIGGER: ColumnDef = { name: 'procedure_trigger', type: 'Json' };
const TAIL: ColumnDef[] = [
  { name: 'actor', type: 'String' },
  { name: 'event_context', type: 'Json' },
];
const TABLE_LOCATOR: ColumnDef[] = [
  { name: 'catalog_name', type: 'String' },
  { name: 'schema_name', type: 'String' },
  { name: 'table_name', type: 'String' },
  { name: 'table_id', type: 'UInt32' },
];
const GROUP: ColumnDef[] = [
  { name: 'parent_procedure_id', type: 'String' },
  { name: 'repartition_group_id', type: 'String' },
  { name: 'source_region_id', type: 'UInt64' },
  { name: 'source_region_number', type: 'UInt32' },
  { name: 'source_partition_expr', type: 'String' },
  { name: 'target_region_id', type: 'UInt64' },
  { name: 'target_region_number', type: 'UInt32' },
  { name: 'target_partition_expr', type: 'String' },
];

/** One v1.2 row: its type's insert schema and the values by column name. */
interface V12Row {
  timestampNs: bigint;
  schema: ColumnDef[];
  values: Map<string, SqlValue>;
}

function v12Row(schema: ColumnDef[], values: SqlValue[], timestampNs: bigint): V12Row {
  return {
    timestampNs,
    schema,
    values: new Map(schema.map((c, i) => [c.name, values[i] ?? null])),
  };
}

const MIGRATION_SCHEMA = [...BASE, TRIGGER, ...REGION_MIGRATION, ...TAIL];

function migrationRows(ctx: QueryContext): V12Row[] {
  const seen = new Map<string, { submitted: boolean; retries: number }>();
  const rows: V12Row[] = [];
  for (const e of visibleEvents(ctx)) {
    const trigger = triggerOf(e, seen);
    if (trigger === null) continue;
    const submitted = trigger === '{"type":"Submitted"}';
    const values = [
      ...head(e),
      trigger,
      ...regionColumns(e),
      ctx.cluster.events.actorOf(e.procedureId),
      submitted ? EVENT_CONTEXT[e.triggerReason] : null,
    ];
    rows.push(v12Row(MIGRATION_SCHEMA, values, e.timestampNs));
  }
  return rows;
}

const REPARTITION_SCHEMA = [...BASE, TRIGGER, ...TABLE_LOCATOR, ...TAIL];
const GROUP_SCHEMA = [...BASE, TRIGGER, ...TABLE_LOCATOR, ...GROUP, ...TAIL];

const regionNumber = (id: bigint | null) => (id === null ? null : id & 0xffff_ffffn);

function repartitionRow(e: RepartitionEventRow): V12Row {
  const envelope = [
    e.type,
    e.payload,
    e.timestampNs,
    e.procedureId,
    e.state,
    // The layered Debug text without source locations, as admin_function's output shows it.
    e.error === '' ? '' : `0: ${e.error}`,
    e.trigger,
    e.catalogName,
    e.schemaName,
    e.tableName,
    BigInt(e.tableId),
  ];
  const tail = [e.actor, e.eventContext];
  if (e.type === 'repartition')
    return v12Row(REPARTITION_SCHEMA, [...envelope, ...tail], e.timestampNs);
  const group = [
    e.parentProcedureId,
    e.groupId,
    e.sourceRegionId,
    regionNumber(e.sourceRegionId),
    e.sourcePartitionExpr,
    e.targetRegionId,
    regionNumber(e.targetRegionId),
    e.targetPartitionExpr,
  ];
  return v12Row(GROUP_SCHEMA, [...envelope, ...group, ...tail], e.timestampNs);
}

/**
 * v1.2 `admin_function` (API.md §6.3): written by the frontend, not a procedure, so no
 * `procedure_*` columns: the base columns, then `actor`, `admin_function_name`,
 * `admin_function_status`, `admin_function_output`.
 */
const ADMIN_FUNCTION_SCHEMA: ColumnDef[] = [
  ...BASE.slice(0, 3),
  { name: 'actor', type: 'String' },
  { name: 'admin_function_name', type: 'String' },
  { name: 'admin_function_status', type: 'String' },
  { name: 'admin_function_output', type: 'Json' },
];

function adminFunctionRow(e: AdminFunctionEventRow): V12Row {
  return v12Row(
    ADMIN_FUNCTION_SCHEMA,
    ['admin_function', e.payload, e.timestampNs, e.actor, e.name, e.status, e.output],
    e.timestampNs,
  );
}

/** The v1.2 table as its history left it: union of columns, rows in time order. */
function eventsV12(ctx: QueryContext): SystemTable | null {
  const now = ctx.cluster.clock.now();
  const rows = [
    ...migrationRows(ctx),
    ...ctx.cluster.repartition.visibleEvents(now).map(repartitionRow),
    ...ctx.cluster.events.visibleAdminFunctions(now).map(adminFunctionRow),
  ].sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : a.timestampNs > b.timestampNs ? 1 : 0));
  if (rows.length === 0) return null;
  const columns: ColumnDef[] = [];
  const known = new Set<string>();
  for (const row of rows) {
    for (const column of row.schema) {
      if (known.has(column.name)) continue;
      known.add(column.name);
      columns.push(column);
    }
  }
  const table: Row[] = rows.map((row) => columns.map((c) => row.values.get(c.name) ?? null));
  return { columns, rows: () => table };
}

/**
 * greptime_private.events for the version answering, or null before the recorder has created it
 * (its first flush). v1.1 records region migrations only.
 */
export function eventsTable(ctx: QueryContext): SystemTable | null {
  if (ctx.version === 'v1.2') return eventsV12(ctx);
  return visibleEvents(ctx).length > 0 ? eventsV11 : null;
}
