/**
 * GreptimeDB's own record of repartitions: the `repartition` and `repartition_group` rows of
 * `greptime_private.events` (v1.2 only, API.md §6.2, §6.3, §7.6), read with
 * `repartitionEventsStatement` (contract/sql/statements.ts) and folded into one
 * `ClusterRepartition` per parent procedure.
 *
 * What a v1.2 cluster writes, per API.md:
 * - envelope columns `procedure_id`, `procedure_state`, `procedure_error` (layered Debug text,
 *   `""` outside error states), `procedure_trigger` (Json: `{"type":"Submitted"}`,
 *   `{"outcome":…,"procedure_id":"<child>","type":"ChildSubmitted"}`, `{"attempt":n,"phase":…,
 *   "type":"Retrying"}`, `Recovered`, `RollingBack`, `Succeeded`, `Failed`, `Poisoned`), `actor`,
 *   `event_context` (Json, `Submitted` rows only: `{"protocol":…,"reason":…}` plus extension
 *   keys);
 * - `repartition` (the parent): `catalog_name`, `schema_name`, `table_name`, `table_id`; payload
 *   on the `Submitted` row only: `{"source_partition_exprs":[…],"source_type":"partitioned"|
 *   "unpartitioned","target_partition_columns":[…],"target_partition_exprs":[…],"timeout":"<humantime>",
 *   "version":2}` (`source_partition_exprs` omitted when empty, `target_partition_columns` only
 *   with ON COLUMNS), `null` on the others;
 * - `repartition_group` (a child): the four table columns + `parent_procedure_id`,
 *   `repartition_group_id`, `source_region_id`, `source_region_number`, `source_partition_expr`
 *   (NULL for an unpartitioned source), `target_region_id`, `target_region_number`,
 *   `target_partition_expr`; its `Submitted` event is one row per (source, target) pair with
 *   payload `{"allocated_region_ids":[…],"pending_deallocate_region_ids":[…],"sync_region":bool,
 *   "timeout":…,"version":2}`; its other rows have NULL region columns and a `null` payload.
 *
 * Json columns arrive as JSON values with sorted keys (§6.1); `timestamp` is nanoseconds beyond
 * 2^53 and region ids in the payload are u64, so the answer must come through a lossless JSON
 * parser (they become bigint) and both stay decimal strings here. Columns are read by name:
 * the table's column set is the union of every event type inserted so far (§6.1).
 *
 * A payload whose `version` is not the documented 2 is kept unread (`isPayloadUnread`) rather
 * than guessed at: API.md describes version 2 only.
 */
import { z } from 'zod';
import { SqlU32Schema, SqlU64Schema, optional, sqlRowsSchema } from '../sql/sql-records.ts';

/** Exact nanoseconds: lossless numbers above 2^53 are bigint; both become decimal text. */
const NanosSchema = z.union([z.number().int(), z.bigint()]).transform(String);

/** `procedure_trigger` (§6.3), keys as GreptimeDB writes them. */
const TriggerSchema = z
  .object({
    type: z.string(),
    attempt: z.number().int().optional(),
    phase: z.string().optional(),
    outcome: z.string().optional(),
    procedure_id: z.string().optional(),
  })
  .transform((t) => ({
    type: t.type,
    attempt: t.attempt ?? null,
    phase: t.phase ?? null,
    outcome: t.outcome ?? null,
    childProcedureId: t.procedure_id ?? null,
  }));
export type RepartitionTrigger = z.output<typeof TriggerSchema>;

/** `event_context` (§6.3): `reason` and, when known, `protocol`; extension keys are not read. */
const EventContextSchema = z
  .object({ reason: z.string().optional(), protocol: z.string().optional() })
  .transform((c) => ({ reason: c.reason ?? null, protocol: c.protocol ?? null }));

/** The parent's `Submitted` payload, version 2 (§6.3). */
const RepartitionPayloadSchema = z
  .object({
    version: z.literal(2),
    source_type: z.string(),
    source_partition_exprs: z.array(z.string()).optional(),
    target_partition_exprs: z.array(z.string()),
    target_partition_columns: z.array(z.string()).optional(),
    timeout: z.string(),
  })
  .transform((p) => ({
    sourceType: p.source_type,
    sourcePartitionExprs: p.source_partition_exprs ?? [],
    targetPartitionExprs: p.target_partition_exprs,
    targetPartitionColumns: p.target_partition_columns ?? null,
    timeout: p.timeout,
  }));
export type RepartitionPayload = z.output<typeof RepartitionPayloadSchema>;

/** A group's `Submitted` payload, version 2 (§6.3). */
const RepartitionGroupPayloadSchema = z
  .object({
    version: z.literal(2),
    allocated_region_ids: z.array(SqlU64Schema),
    pending_deallocate_region_ids: z.array(SqlU64Schema),
    sync_region: z.boolean(),
    timeout: z.string(),
  })
  .transform((p) => ({
    allocatedRegionIds: p.allocated_region_ids,
    pendingDeallocateRegionIds: p.pending_deallocate_region_ids,
    syncRegion: p.sync_region,
    timeout: p.timeout,
  }));
export type RepartitionGroupPayload = z.output<typeof RepartitionGroupPayloadSchema>;

interface EventCommon {
  /** Nanoseconds since the epoch, exact (a decimal string: it passes 2^53). */
  timestampNs: string;
  procedureId: string | null;
  state: string | null;
  /** `procedure_error` as given; null for `""`. */
  error: string | null;
  trigger: RepartitionTrigger | null;
  actor: string | null;
  context: { reason: string | null; protocol: string | null } | null;
  catalog: string | null;
  schema: string | null;
  tableName: string | null;
  tableId: number | null;
  /** A non-null payload that is not the documented version 2: not read. */
  isPayloadUnread: boolean;
}

export type RepartitionEvent =
  | (EventCommon & { type: 'repartition'; payload: RepartitionPayload | null })
  | (EventCommon & {
      type: 'repartition_group';
      payload: RepartitionGroupPayload | null;
      parentProcedureId: string | null;
      groupId: string | null;
      sourceRegionId: string | null;
      sourcePartitionExpr: string | null;
      targetRegionId: string | null;
      targetPartitionExpr: string | null;
    });

const EventRowSchema = z
  .object({
    type: z.enum(['repartition', 'repartition_group']),
    timestamp: NanosSchema,
    procedure_id: optional(z.string()),
    procedure_state: optional(z.string()),
    procedure_error: optional(z.string()),
    procedure_trigger: optional(TriggerSchema),
    payload: z.unknown(),
    actor: optional(z.string()),
    event_context: optional(EventContextSchema),
    catalog_name: optional(z.string()),
    schema_name: optional(z.string()),
    table_name: optional(z.string()),
    table_id: optional(SqlU32Schema),
    parent_procedure_id: optional(z.string()),
    repartition_group_id: optional(z.string()),
    source_region_id: optional(SqlU64Schema),
    source_partition_expr: optional(z.string()),
    target_region_id: optional(SqlU64Schema),
    target_partition_expr: optional(z.string()),
  })
  .transform((row): RepartitionEvent => {
    const common: EventCommon = {
      timestampNs: row.timestamp,
      procedureId: row.procedure_id,
      state: row.procedure_state,
      error: row.procedure_error === '' ? null : row.procedure_error,
      trigger: row.procedure_trigger,
      actor: row.actor,
      context: row.event_context,
      catalog: row.catalog_name,
      schema: row.schema_name,
      tableName: row.table_name,
      tableId: row.table_id,
      isPayloadUnread: false,
    };
    const hasPayload = row.payload !== null && row.payload !== undefined;
    if (row.type === 'repartition') {
      const payload = RepartitionPayloadSchema.safeParse(row.payload);
      return {
        ...common,
        isPayloadUnread: hasPayload && !payload.success,
        type: 'repartition',
        payload: payload.success ? payload.data : null,
      };
    }
    const payload = RepartitionGroupPayloadSchema.safeParse(row.payload);
    return {
      ...common,
      isPayloadUnread: hasPayload && !payload.success,
      type: 'repartition_group',
      payload: payload.success ? payload.data : null,
      parentProcedureId: row.parent_procedure_id,
      groupId: row.repartition_group_id,
      sourceRegionId: row.source_region_id,
      sourcePartitionExpr: row.source_partition_expr,
      targetRegionId: row.target_region_id,
      targetPartitionExpr: row.target_partition_expr,
    };
  });

/** The frontend's answer to `repartitionEventsStatement`, after lossless JSON parsing. */
export const RepartitionEventsAnswerSchema = sqlRowsSchema(EventRowSchema);

/** One lifecycle row of the parent procedure, as recorded. */
export interface RepartitionEventStep {
  state: string;
  /** `procedure_trigger.type` (`Submitted`, `ChildSubmitted`, `Retrying`…); null if absent. */
  trigger: string | null;
  /** Nanoseconds since the epoch, exact. */
  timestampNs: string;
  error: string | null;
}

/**
 * What the statement did, as far as the recorded partitions tell: GreptimeDB's events do not
 * name the statement form, so one source into several targets reads as a split, several into
 * one as a merge, an unpartitioned source as `PARTITION ON COLUMNS`, anything else (or unknown
 * partitions) as a repartition.
 */
export type ClusterRepartitionKind = 'split' | 'merge' | 'partition on columns' | 'repartition';

/** One parent procedure and its groups, as greptime_private.events recorded them. */
export interface ClusterRepartition {
  /** The parent's procedure id, or `event-<n>` for a row that names none. */
  key: string;
  /** The parent's procedure id (groups name it as `parent_procedure_id`). */
  procedureId: string | null;
  /** The first recorded row (the `Submitted` one when it was read). */
  timeNs: string;
  catalog: string | null;
  schema: string | null;
  tableName: string | null;
  tableId: number | null;
  kind: ClusterRepartitionKind;
  /** From the `Submitted` payload; null when that row was not read or not readable. */
  sourceType: string | null;
  fromPartitions: string[] | null;
  toPartitions: string[] | null;
  targetPartitionColumns: string[] | null;
  /** From the groups' `Submitted` rows, each region once, in recorded order. */
  sourceRegionIds: string[];
  targetRegionIds: string[];
  allocatedRegionIds: string[];
  deallocatedRegionIds: string[];
  timeout: string | null;
  /** The parent's rows, oldest first. */
  steps: RepartitionEventStep[];
  /** The parent's last recorded `procedure_state`; null when only group rows were read. */
  lastState: string | null;
  /** The parent's last error, else a group's. */
  error: string | null;
  actor: string | null;
  reason: string | null;
  protocol: string | null;
  /** First row to a terminal one (Done, Failed, Poisoned); null while unfinished. */
  durationMs: number | null;
  /** Some payload was not the documented version 2 and was not read. */
  hasUnreadPayload: boolean;
}

const NS_PER_MS = 1_000_000n;
export const TERMINAL_REPARTITION_STATES: ReadonlySet<string> = new Set([
  'Done',
  'Failed',
  'Poisoned',
]);

function compareNs(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function kindOf(payload: RepartitionPayload | null): ClusterRepartitionKind {
  if (payload === null) return 'repartition';
  if (payload.sourceType === 'unpartitioned') return 'partition on columns';
  const sources = payload.sourcePartitionExprs.length;
  const targets = payload.targetPartitionExprs.length;
  if (sources === 1 && targets > 1) return 'split';
  if (sources > 1 && targets === 1) return 'merge';
  return 'repartition';
}

function summarise(
  key: string,
  procedureId: string | null,
  events: readonly RepartitionEvent[],
): ClusterRepartition {
  const ordered = [...events].sort((a, b) => compareNs(a.timestampNs, b.timestampNs));
  const parentRows = ordered.filter((e) => e.type === 'repartition');
  const groupRows = ordered.filter((e) => e.type === 'repartition_group');
  const submitted = parentRows.find((e) => e.payload !== null)?.payload ?? null;
  const groupPayloads = groupRows.map((e) => e.payload).filter((p) => p !== null);
  const pairs = groupRows.filter((e) => e.sourceRegionId !== null || e.targetRegionId !== null);
  const steps: RepartitionEventStep[] = parentRows.map((e) => ({
    state: e.state ?? 'Unknown',
    trigger: e.trigger?.type ?? null,
    timestampNs: e.timestampNs,
    error: e.error,
  }));
  const last = steps.at(-1);
  const first = ordered[0];
  // Table columns are on every row; a group's table_name may be NULL (§6.3, derived).
  const located = ordered.find((e) => e.tableName !== null) ?? first;
  const withContext = ordered.find((e) => e.context !== null);
  const isFinished = last !== undefined && TERMINAL_REPARTITION_STATES.has(last.state);
  const parentError = [...parentRows].reverse().find((e) => e.error !== null)?.error ?? null;
  const groupError = groupRows.find((e) => e.error !== null)?.error ?? null;
  return {
    key,
    procedureId,
    timeNs: first?.timestampNs ?? '0',
    catalog: located?.catalog ?? null,
    schema: located?.schema ?? null,
    tableName: located?.tableName ?? null,
    tableId: located?.tableId ?? null,
    kind: kindOf(submitted),
    sourceType: submitted?.sourceType ?? null,
    fromPartitions: submitted === null ? null : submitted.sourcePartitionExprs,
    toPartitions: submitted === null ? null : submitted.targetPartitionExprs,
    targetPartitionColumns: submitted?.targetPartitionColumns ?? null,
    sourceRegionIds: unique(pairs.map((e) => e.sourceRegionId)),
    targetRegionIds: unique(pairs.map((e) => e.targetRegionId)),
    allocatedRegionIds: unique(groupPayloads.flatMap((p) => p.allocatedRegionIds)),
    deallocatedRegionIds: unique(groupPayloads.flatMap((p) => p.pendingDeallocateRegionIds)),
    timeout: submitted?.timeout ?? groupPayloads[0]?.timeout ?? null,
    steps,
    lastState: last?.state ?? null,
    error: parentError ?? groupError,
    actor: ordered.find((e) => e.actor !== null)?.actor ?? null,
    reason: withContext?.context?.reason ?? null,
    protocol: withContext?.context?.protocol ?? null,
    durationMs:
      isFinished && first !== undefined
        ? Number((BigInt(last.timestampNs) - BigInt(first.timestampNs)) / NS_PER_MS)
        : null,
    hasUnreadPayload: ordered.some((e) => e.isPayloadUnread),
  };
}

/**
 * Events -> one repartition per parent procedure, newest first. A group's rows join their parent
 * by `parent_procedure_id`; rows without a procedure id to join by stand alone.
 */
export function clusterRepartitions(events: readonly RepartitionEvent[]): ClusterRepartition[] {
  const byParent = new Map<string, { procedureId: string | null; events: RepartitionEvent[] }>();
  events.forEach((event, index) => {
    const parent = event.type === 'repartition' ? event.procedureId : event.parentProcedureId;
    const key = parent ?? `event-${String(index)}`;
    const entry = byParent.get(key) ?? { procedureId: parent, events: [] };
    entry.events.push(event);
    byParent.set(key, entry);
  });
  return [...byParent]
    .map(([key, entry]) => summarise(key, entry.procedureId, entry.events))
    .sort((a, b) => compareNs(b.timeNs, a.timeNs));
}
