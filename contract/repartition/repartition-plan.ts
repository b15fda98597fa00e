/**
 * Checks a split or a merge against the table's partition columns and current rule before
 * anything is sent, and previews what GreptimeDB will make of it (API.md §7.2 steps 4–6, §7.4):
 * the partitions after, the regions replaced, and the region numbers allocated.
 *
 * The caller passes what information_schema shows (API.md §3.5): the partition columns with
 * their kind, and the table's partitions in route order (`partition_ordinal_position`) with
 * `greptime_partition_id` and `partition_description`.
 */
import { splitRegionId, composeRegionId } from '../region-id.ts';
import { checkCoverage, coverageErrorText, findCheckpoint } from './coverage.ts';
import {
  compareLiterals,
  parsePartitionDescription,
  parsePartitionExpr,
  partitionExprDisplay,
  partitionExprSql,
} from './partition-expr.ts';
import type {
  PartitionColumn,
  PartitionComparison,
  PartitionLiteral,
  PartitionRule,
} from './partition-expr.ts';
import { repartitionErrors } from './preconditions.ts';

export interface RepartitionTable {
  catalog: string;
  schema: string;
  name: string;
  /** The table's partition columns, in their declared order; empty when it has none. */
  partitionColumns: readonly PartitionColumn[];
  /** Route order; `description` null for a region without a rule. */
  partitions: readonly { regionId: string; description: string | null }[];
  /**
   * MetaSrv's `max_region_number` when the caller knows it. It is not shown over SQL and only
   * grows (API.md §7.4); without it the preview counts from the highest region number present.
   */
  maxRegionNumber?: number | undefined;
}

export interface RepartitionIssue {
  /** Null: the selection or the table; a number: the i-th new expression. */
  target: number | null;
  message: string;
  /** What GreptimeDB answers for the same statement, where API.md gives the text. */
  greptimeError?: string;
}

export interface PlannedPartition {
  /** `p<index>`: positional, it shifts after a merge (API.md §7.4). */
  partitionName: string;
  regionId: string;
  rule: string;
  change: 'unchanged' | 'new rule' | 'new region';
}

export interface RepartitionPlan {
  kind: 'split' | 'merge';
  /** The statement's source expressions, canonical SQL, in route order. */
  sourceExprs: string[];
  /** SPLIT: the INTO list; MERGE: the single simplified rule GreptimeDB writes. */
  targetExprs: string[];
  /** The same rules as partition_description and the events show them (Display). */
  targetRules: string[];
  replaced: { regionId: string; rule: string }[];
  resulting: PlannedPartition[];
  allocatedRegionIds: string[];
  deallocatedRegionIds: string[];
  /** False when `maxRegionNumber` was unknown: allocated numbers may be higher than shown. */
  isNumberingExact: boolean;
}

export type RepartitionCheck =
  { ok: true; plan: RepartitionPlan } | { ok: false; issues: RepartitionIssue[] };

interface CurrentPartition {
  regionId: string;
  regionNumber: number;
  rule: PartitionRule;
}

function fullName(table: RepartitionTable): string {
  return `${table.catalog}.${table.schema}.${table.name}`;
}

function refuse(message: string, greptimeError?: string): RepartitionCheck {
  const issue: RepartitionIssue = { target: null, message };
  if (greptimeError !== undefined) issue.greptimeError = greptimeError;
  return { ok: false, issues: [issue] };
}

/** The current rule of every region, or the reason the table cannot be repartitioned here. */
function readCurrent(table: RepartitionTable): CurrentPartition[] | RepartitionCheck {
  if (table.partitionColumns.length === 0) {
    const text = repartitionErrors.noPartitionColumns(fullName(table));
    return refuse(`${table.name} has no partition columns, so it cannot be repartitioned`, text);
  }
  const current: CurrentPartition[] = [];
  for (const p of table.partitions) {
    if (p.description === null) {
      return refuse(
        `region ${p.regionId} has no partition rule; the table cannot be repartitioned`,
      );
    }
    const parsed = parsePartitionDescription(p.description, table.partitionColumns);
    if (!parsed.ok) return refuse(`the current rule of region ${p.regionId}: ${parsed.error}`);
    current.push({
      regionId: p.regionId,
      regionNumber: splitRegionId(p.regionId).regionNumber,
      rule: parsed.value,
    });
  }
  return current;
}

/** The whole table's rule after the change must still cover the space exactly once (§7.2.6). */
function greptimeCoverageError(rules: PartitionRule[]): string | undefined {
  const issue = checkCoverage(rules);
  return issue === null ? undefined : coverageErrorText(issue);
}

/**
 * Route after the change (API.md §7.4): the first min(#sources, #targets) targets reuse the
 * source regions in order, extra targets get `max_region_number + 1, + 2, …` appended to the
 * route, extra sources are deleted from it.
 */
function plan(
  table: RepartitionTable,
  current: CurrentPartition[],
  sources: CurrentPartition[],
  targets: PartitionRule[],
  kind: 'split' | 'merge',
): RepartitionPlan {
  const tableId = splitRegionId(sources[0]?.regionId ?? '0').tableId;
  let next = table.maxRegionNumber ?? Math.max(...current.map((p) => p.regionNumber));
  const reused = new Map<string, PartitionRule>();
  const allocated: { regionId: string; rule: PartitionRule }[] = [];
  targets.forEach((rule, i) => {
    const source = sources[i];
    if (source !== undefined) {
      reused.set(source.regionId, rule);
      return;
    }
    next += 1;
    allocated.push({ regionId: composeRegionId(tableId, next), rule });
  });
  const deallocated = sources.slice(targets.length).map((s) => s.regionId);
  const resulting: PlannedPartition[] = [];
  for (const p of current) {
    if (deallocated.includes(p.regionId)) continue;
    const rule = reused.get(p.regionId);
    resulting.push({
      partitionName: `p${resulting.length}`,
      regionId: p.regionId,
      rule: partitionExprDisplay(rule ?? p.rule),
      change: rule === undefined ? 'unchanged' : 'new rule',
    });
  }
  for (const a of allocated) {
    resulting.push({
      partitionName: `p${resulting.length}`,
      regionId: a.regionId,
      rule: partitionExprDisplay(a.rule),
      change: 'new region',
    });
  }
  return {
    kind,
    sourceExprs: sources.map((s) => partitionExprSql(s.rule)),
    targetExprs: targets.map((t) => partitionExprSql(t)),
    targetRules: targets.map((t) => partitionExprDisplay(t)),
    replaced: sources.map((s) => ({ regionId: s.regionId, rule: partitionExprDisplay(s.rule) })),
    resulting,
    allocatedRegionIds: allocated.map((a) => a.regionId),
    deallocatedRegionIds: deallocated,
    isNumberingExact: table.maxRegionNumber !== undefined,
  };
}

/** Split one partition into the rules a user wrote (`SPLIT PARTITION (…) INTO (…)`). */
export function checkSplit(
  table: RepartitionTable,
  sourceRegionId: string,
  targetTexts: readonly string[],
): RepartitionCheck {
  const current = readCurrent(table);
  if (!Array.isArray(current)) return current;
  const source = current.find((p) => p.regionId === sourceRegionId);
  if (source === undefined)
    return refuse(`region ${sourceRegionId} is not a partition of ${table.name}`);
  if (targetTexts.length < 2) return refuse('a split needs at least two new expressions');
  const issues: RepartitionIssue[] = [];
  const targets: PartitionRule[] = [];
  targetTexts.forEach((text, i) => {
    const parsed = parsePartitionExpr(text, table.partitionColumns);
    if (parsed.ok) {
      targets.push(parsed.value);
      return;
    }
    const issue: RepartitionIssue = { target: i, message: parsed.error };
    if (parsed.greptimeError !== undefined) issue.greptimeError = parsed.greptimeError;
    issues.push(issue);
  });
  if (issues.length > 0) return { ok: false, issues };

  const sourceText = partitionExprDisplay(source.rule);
  const resultingRules = [...current.filter((p) => p !== source).map((p) => p.rule), ...targets];
  const greptimeError = greptimeCoverageError(resultingRules);
  // Relative to the partition being split: inside it exactly one new rule holds, outside none.
  const relative = findCheckpoint([source.rule, ...targets], (matching, checkpoint) => {
    const inSource = matching[0] === 0;
    const hits = matching.filter((i) => i > 0).map((i) => i - 1);
    if (inSource && hits.length === 0) {
      return {
        target: null,
        message: `no new expression covers ${checkpoint()}, which is in ${sourceText}`,
      };
    }
    if (inSource && hits.length > 1) {
      const [a = 0, b = 0] = hits;
      return {
        target: b,
        message: `${checkpoint()} falls in both new expression ${a + 1} and ${b + 1}`,
      };
    }
    const [outside] = hits;
    if (!inSource && outside !== undefined) {
      return {
        target: outside,
        message: `new expression ${outside + 1} reaches ${checkpoint()}, outside the partition being split (${sourceText})`,
      };
    }
    return null;
  });
  if (relative !== null) {
    const issue: RepartitionIssue = relative;
    if (greptimeError !== undefined) issue.greptimeError = greptimeError;
    return { ok: false, issues: [issue] };
  }
  if (greptimeError !== undefined) {
    return refuse(`the table's rule would not cover every value exactly once`, greptimeError);
  }
  return { ok: true, plan: plan(table, current, [source], targets, 'split') };
}

// ---- Merge ------------------------------------------------------------------------------

interface Bound {
  value: PartitionLiteral;
  inclusive: boolean;
}

interface Interval {
  lower: Bound | null;
  upper: Bound | null;
}

/** A rule as one interval per column; null when it is not a box (`<>`). */
function boxOf(rule: PartitionRule): Map<string, Interval> | null {
  const box = new Map<string, Interval>();
  for (const c of rule) {
    if (c.op === '<>') return null;
    const interval = box.get(c.column) ?? { lower: null, upper: null };
    const bound = { value: c.value, inclusive: c.op === '<=' || c.op === '>=' || c.op === '=' };
    if (c.op !== '<' && c.op !== '<=') interval.lower = tighter(interval.lower, bound, 1);
    if (c.op !== '>' && c.op !== '>=') interval.upper = tighter(interval.upper, bound, -1);
    box.set(c.column, interval);
  }
  return box;
}

/** The bound that restricts more: the greater lower (sign 1) or the smaller upper (sign -1). */
function tighter(current: Bound | null, bound: Bound, sign: 1 | -1): Bound {
  if (current === null) return bound;
  const order = compareLiterals(bound.value, current.value) * sign;
  if (order !== 0) return order > 0 ? bound : current;
  return bound.inclusive ? current : bound;
}

function sameBound(a: Bound | null, b: Bound | null): boolean {
  if (a === null || b === null) return a === b;
  return a.inclusive === b.inclusive && compareLiterals(a.value, b.value) === 0;
}

/** `upper` of one interval meets `lower` of the next with nothing between and no overlap. */
function meets(upper: Bound | null, lower: Bound | null): boolean {
  return (
    upper !== null &&
    lower !== null &&
    compareLiterals(upper.value, lower.value) === 0 &&
    upper.inclusive !== lower.inclusive
  );
}

/** Two boxes equal on every column but one, where they meet: their union is a box. */
function unionOf(a: Map<string, Interval>, b: Map<string, Interval>): Map<string, Interval> | null {
  const columns = new Set([...a.keys(), ...b.keys()]);
  const open: Interval = { lower: null, upper: null };
  let union: Map<string, Interval> | null = null;
  for (const column of columns) {
    const x = a.get(column) ?? open;
    const y = b.get(column) ?? open;
    if (sameBound(x.lower, y.lower) && sameBound(x.upper, y.upper)) continue;
    if (union !== null) return null;
    let merged: Interval;
    if (meets(x.upper, y.lower)) merged = { lower: x.lower, upper: y.upper };
    else if (meets(y.upper, x.lower)) merged = { lower: y.lower, upper: x.upper };
    else return null;
    union = new Map(a);
    union.set(column, merged);
  }
  return union;
}

function ruleOfBox(box: Map<string, Interval>, columns: readonly PartitionColumn[]): PartitionRule {
  const rule: PartitionComparison[] = [];
  for (const { name } of columns) {
    const { lower, upper } = box.get(name) ?? { lower: null, upper: null };
    if (
      lower !== null &&
      upper !== null &&
      lower.inclusive &&
      upper.inclusive &&
      compareLiterals(lower.value, upper.value) === 0
    ) {
      rule.push({ column: name, op: '=', value: lower.value });
      continue;
    }
    if (lower !== null)
      rule.push({ column: name, op: lower.inclusive ? '>=' : '>', value: lower.value });
    if (upper !== null)
      rule.push({ column: name, op: upper.inclusive ? '<=' : '<', value: upper.value });
  }
  return rule;
}

/**
 * Merge adjacent partitions (`MERGE PARTITION (…)`). GreptimeDB ORs the sources and simplifies
 * (`simplify_merged_partition_expr`, API.md §7.1); the console accepts only partitions whose
 * union is again one interval per column, so the simplified rule is that box: merging
 * `id >= 10 AND id < 20` and `id >= 20` gives `id >= 10`.
 */
export function checkMerge(
  table: RepartitionTable,
  regionIds: readonly string[],
): RepartitionCheck {
  const current = readCurrent(table);
  if (!Array.isArray(current)) return current;
  if (new Set(regionIds).size !== regionIds.length) return refuse('a partition is selected twice');
  if (regionIds.length < 2) return refuse('a merge needs at least two partitions');
  const missing = regionIds.find((id) => !current.some((p) => p.regionId === id));
  if (missing !== undefined) return refuse(`region ${missing} is not a partition of ${table.name}`);
  // The statement lists the sources in the order given and the first one survives (§7.4: the
  // targets reuse the sources "in order"); the console passes them in route order.
  const sources = regionIds.flatMap((id) => current.filter((p) => p.regionId === id));
  const boxes = sources.map((s) => ({ source: s, box: boxOf(s.rule) }));
  const notBox = boxes.find((b) => b.box === null);
  if (notBox !== undefined) {
    return refuse(
      `region ${notBox.source.regionId} (${partitionExprDisplay(notBox.source.rule)}) uses <>, so it cannot be merged here`,
    );
  }
  let pending = boxes.flatMap((b) => (b.box === null ? [] : [b.box]));
  let merged = pending.shift() ?? new Map<string, Interval>();
  while (pending.length > 0) {
    const index = pending.findIndex((box) => unionOf(merged, box) !== null);
    const box = pending[index];
    const union = box === undefined ? null : unionOf(merged, box);
    if (union === null) {
      const names = sources.map((s) => partitionExprDisplay(s.rule)).join(', ');
      return refuse(
        `the selected partitions are not adjacent (${names}): their union is not one range`,
      );
    }
    merged = union;
    pending = pending.filter((_, i) => i !== index);
  }
  const target = ruleOfBox(merged, table.partitionColumns);
  if (target.length === 0) {
    // API.md §7 does not say what rule GreptimeDB writes when every partition is merged.
    return refuse('merging every partition of the table is not supported by this console');
  }
  return { ok: true, plan: plan(table, current, sources, [target], 'merge') };
}
