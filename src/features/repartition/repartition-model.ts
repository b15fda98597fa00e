/**
 * What the split and merge forms check before anything is sent, and how a record reads. The
 * rules themselves are the contract's (contract/repartition): this file shapes the table page's
 * data into them, decides which issue belongs next to which field, and words the outcome.
 */
import { parseHumantimeDuration } from '../../../contract/duration';
import {
  inferPartitionColumns,
  type InferredColumn,
} from '../../../contract/repartition/partition-columns';
import {
  META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
  type RepartitionPrecondition,
} from '../../../contract/repartition/preconditions';
import {
  checkMerge,
  checkSplit,
  type RepartitionIssue,
  type RepartitionPlan,
  type RepartitionTable,
} from '../../../contract/repartition/repartition-plan';
import type {
  RepartitionChange,
  TrackedRepartition,
} from '../../../contract/repartition/repartition-api';
import type { RegionRoute } from '../../domain/cluster-types';
import type { TableSummary } from '../../../contract/sql-types';

export type RepartitionKind = 'split' | 'merge';

export interface RepartitionSubject {
  table: RepartitionTable;
  columns: InferredColumn[];
}

/** The rule of a region as the SQL path shows it (partition_description), or null. */
function descriptionOf(route: RegionRoute): string | null {
  const bound = route.partition?.bounds[0];
  if (bound === undefined || typeof bound === 'string') return null;
  return bound.kind === 'parsed' ? bound.text : bound.raw;
}

/** The table as the plan checks see it: its name, partition columns and partitions in route order. */
export function repartitionSubjectOf(
  summary: TableSummary,
  regionRoutes: readonly RegionRoute[],
): RepartitionSubject {
  const names =
    regionRoutes.find((r) => (r.partition?.columns.length ?? 0) > 0)?.partition?.columns ?? [];
  const partitions = regionRoutes.map((r) => ({
    regionId: r.regionId,
    description: descriptionOf(r),
  }));
  const columns = inferPartitionColumns(
    names,
    partitions.map((p) => p.description),
  );
  return {
    table: {
      catalog: summary.catalog,
      schema: summary.schema,
      name: summary.name,
      partitionColumns: columns.map(({ name, kind }) => ({ name, kind })),
      partitions,
      // MetaSrv's max_region_number is not shown over SQL (API.md §7.4).
      maxRegionNumber: undefined,
    },
    columns,
  };
}

export type FormCheck =
  /** Something is still to be chosen or written; issues of what is written already show. */
  | {
      kind: 'incomplete';
      hint: string;
      fieldIssues: (RepartitionIssue | undefined)[];
      issues: RepartitionIssue[];
    }
  | { kind: 'invalid'; fieldIssues: (RepartitionIssue | undefined)[]; issues: RepartitionIssue[] }
  | { kind: 'ok'; plan: RepartitionPlan };

/**
 * The split form: a partition and the new expressions, checked with `checkSplit`. An empty
 * field is not an error yet (the form starts with two); what is written is checked as typed.
 */
export function checkSplitForm(
  table: RepartitionTable,
  sourceRegionId: string | null,
  texts: readonly string[],
): FormCheck {
  const fieldCount = texts.length;
  const noFieldIssues = texts.map(() => undefined);
  if (sourceRegionId === null) {
    return {
      kind: 'incomplete',
      hint: 'Choose the partition to split.',
      fieldIssues: noFieldIssues,
      issues: [],
    };
  }
  const blanks = texts.map((text) => text.trim() === '');
  const check = checkSplit(table, sourceRegionId, texts);
  if (check.ok) return { kind: 'ok', plan: check.plan };
  const fieldIssues: (RepartitionIssue | undefined)[] = [...noFieldIssues];
  const issues: RepartitionIssue[] = [];
  for (const issue of check.issues) {
    if (issue.target === null || issue.target >= fieldCount) issues.push(issue);
    else if (blanks[issue.target] !== true) fieldIssues[issue.target] ??= issue;
  }
  const written = texts.filter((_, i) => blanks[i] !== true).length;
  if (written < fieldCount || fieldCount < 2) {
    // checkSplit refuses fewer than two expressions at table level: the hint says it instead.
    const remaining = fieldCount < 2 ? [] : issues;
    return {
      kind: 'incomplete',
      hint:
        fieldCount < 2
          ? 'A split needs at least two new expressions.'
          : 'Write every new expression (one per field), or remove the empty ones.',
      fieldIssues,
      issues: remaining,
    };
  }
  return { kind: 'invalid', fieldIssues, issues };
}

/** The merge form: partitions chosen, checked in route order with `checkMerge`. */
export function checkMergeForm(table: RepartitionTable, selected: ReadonlySet<string>): FormCheck {
  const ordered = table.partitions.map((p) => p.regionId).filter((id) => selected.has(id));
  if (ordered.length < 2) {
    return {
      kind: 'incomplete',
      hint: 'Choose at least two adjacent partitions.',
      fieldIssues: [],
      issues: [],
    };
  }
  const check = checkMerge(table, ordered);
  return check.ok
    ? { kind: 'ok', plan: check.plan }
    : { kind: 'invalid', fieldIssues: [], issues: check.issues };
}

/** What the server is asked: the partitions by their rules as the table shows them. */
export function changeOf(table: RepartitionTable, plan: RepartitionPlan): RepartitionChange {
  const shown = (regionId: string) =>
    table.partitions.find((p) => p.regionId === regionId)?.description ?? '';
  const sources = plan.replaced.map((r) => shown(r.regionId) || r.rule);
  if (plan.kind === 'merge') return { kind: 'merge', sources };
  return { kind: 'split', source: sources[0] ?? '', targets: plan.targetExprs };
}

export type TimeoutCheck =
  { ok: true; timeout: string | undefined } | { ok: false; message: string };

/** Empty: GreptimeDB's default of 60 s applies (API.md §7.1). */
export function checkTimeout(text: string): TimeoutCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, timeout: undefined };
  const parsed = parseHumantimeDuration(trimmed);
  if (!parsed.ok) return { ok: false, message: `Not a duration GreptimeDB reads: ${parsed.error}` };
  if (parsed.nanos === 0n) return { ok: false, message: 'The timeout must be longer than zero.' };
  return { ok: true, timeout: trimmed };
}

/** The longest literal part of a precondition's error text: what a failure text must contain. */
function fragmentsOf(precondition: RepartitionPrecondition): string[] {
  const text = precondition.error.replace(META_CLIENT_INVALID_ARGUMENTS_SUFFIX, '');
  return text
    .split(' / ')
    .map((alternative) =>
      alternative
        .split(/<[^>]+>/)
        .map((piece) => piece.trim())
        .reduce((longest, piece) => (piece.length > longest.length ? piece : longest), ''),
    )
    .filter((fragment) => fragment.length >= 12);
}

/** The precondition a GreptimeDB error text names, where one does. */
export function unmetPrecondition(
  text: string,
  preconditions: readonly RepartitionPrecondition[],
): RepartitionPrecondition | null {
  return (
    preconditions.find((p) => fragmentsOf(p).some((fragment) => text.includes(fragment))) ?? null
  );
}

function qualified(record: TrackedRepartition): string {
  return `${record.table.schema}.${record.table.name}`;
}

/** "split region 4398046511104 of public.monitor into 2 partitions" */
export function describeChange(record: TrackedRepartition): string {
  const regions = record.replaced.map((r) => r.regionId);
  if (record.kind === 'split') {
    return `split region ${regions[0] ?? '?'} of ${qualified(record)} into ${String(record.targetExprs.length)} partitions`;
  }
  return `merge regions ${regions.join(', ')} of ${qualified(record)} into region ${regions[0] ?? '?'}`;
}

export function isRolledBack(record: TrackedRepartition): boolean {
  return record.states.some((s) => s.status === 'RollingBack' || s.status === 'PrepareRollback');
}

export function headline(record: TrackedRepartition): string {
  const change = describeChange(record);
  const outcome = record.outcome;
  if (outcome === null) {
    return record.phase === 'submitting' ? `Submitting: ${change}…` : `Running: ${change}…`;
  }
  switch (outcome.kind) {
    case 'done':
      return `Done: ${change}.`;
    case 'failed':
      return `Failed: the procedure did not ${change}${isRolledBack(record) ? ' and rolled back' : ''}.`;
    case 'timed-out':
      return outcome.byProcedure
        ? `Timed out: the procedure ran out of its timeout and did not ${change}.`
        : `Timed out: the console stopped following before the procedure ended; it may still ${change}.`;
    case 'refused':
      return `Refused: GreptimeDB did not start to ${change}.`;
    case 'not-submitted':
      return `Not submitted: nothing reached the cluster to ${change}.`;
  }
}
