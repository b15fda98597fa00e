/**
 * Whether a set of rules covers the key space exactly once, checked the way GreptimeDB's
 * `PartitionChecker` does (`src/partition/src/checker.rs`, GreptimeDB main; API.md §7.2 step 6
 * quotes its two texts): per column, the sorted distinct literals give checkpoints — below the
 * first, each literal, between two literals, above the last — and every combination of
 * checkpoints (columns sorted by name, the first varying slowest) must satisfy exactly one rule.
 * The first point that fails names the error: `Checkpoint \`device_id=50\` is not covered`.
 */
import { compareLiterals, literalDisplay } from './partition-expr.ts';
import type { ComparisonOp, PartitionLiteral, PartitionRule } from './partition-expr.ts';

export interface CoverageIssue {
  kind: 'not-covered' | 'overlapped';
  /** GreptimeDB's checkpoint text, e.g. `device_id=50` or `5<id<10, area<m`. */
  checkpoint: string;
  /** Indexes of the rules that hold at the checkpoint (empty when not covered). */
  matching: number[];
}

/** GreptimeDB's error text for an issue (400, code 1004). */
export function coverageErrorText(issue: CoverageIssue): string {
  return `Checkpoint \`${issue.checkpoint}\` is ${issue.kind === 'overlapped' ? 'overlapped' : 'not covered'}`;
}

/** Bounds the work of one check: a partition rule with more checkpoints is refused. */
const MAX_CHECKPOINTS = 1_000_000;

interface Axis {
  column: string;
  values: PartitionLiteral[];
}

/** A rule compiled against the axes: column index, doubled literal index, operator. */
type CompiledComparison = [axis: number, at: number, op: ComparisonOp];

function holds(position: number, at: number, op: ComparisonOp): boolean {
  switch (op) {
    case '<':
      return position < at;
    case '<=':
      return position <= at;
    case '>':
      return position > at;
    case '>=':
      return position >= at;
    case '=':
      return position === at;
    case '<>':
      return position !== at;
  }
}

/** Positions are doubled literal indexes: 2i is literal i, odd numbers lie between, -1 below. */
function checkpointText(axis: Axis, position: number): string {
  const { column, values } = axis;
  const at = (i: number) => literalDisplay(values[i] ?? { kind: 'string', value: 'unknown' });
  if (position % 2 === 0) return `${column}=${at(position / 2)}`;
  if (position < 0) return `${column}<${at(0)}`;
  const lower = (position - 1) / 2;
  if (lower === values.length - 1) return `${column}>${at(lower)}`;
  return `${at(lower)}<${column}<${at(lower + 1)}`;
}

function axesOf(rules: readonly PartitionRule[]): Axis[] {
  const byColumn = new Map<string, PartitionLiteral[]>();
  for (const rule of rules) {
    for (const c of rule) {
      const values = byColumn.get(c.column) ?? [];
      if (!values.some((v) => compareLiterals(v, c.value) === 0)) values.push(c.value);
      byColumn.set(c.column, values);
    }
  }
  return [...byColumn.keys()]
    .sort()
    .map((column) => ({ column, values: (byColumn.get(column) ?? []).sort(compareLiterals) }));
}

/**
 * Walks every checkpoint of `rules` and calls `visit` with the indexes of the rules that hold
 * there and the checkpoint's text; stops at the first non-null answer and returns it.
 */
export function findCheckpoint<T>(
  rules: readonly PartitionRule[],
  visit: (matching: number[], checkpoint: () => string) => T | null,
): T | null {
  const axes = axesOf(rules);
  if (axes.length === 0) return null;
  const index = new Map(axes.map((axis, i) => [axis.column, i]));
  const compiled: CompiledComparison[][] = rules.map((rule) =>
    rule.map((c) => {
      const axis = index.get(c.column) ?? 0;
      const values = axes[axis]?.values ?? [];
      return [axis, 2 * values.findIndex((v) => compareLiterals(v, c.value) === 0), c.op];
    }),
  );
  const sizes = axes.map((axis) => 2 * axis.values.length + 1);
  if (sizes.reduce((a, b) => a * b, 1) > MAX_CHECKPOINTS) {
    throw new RangeError('partition rule has too many checkpoints to check');
  }
  // Odometer over the doubled positions -1 .. 2n-1 of every axis; the last axis turns fastest.
  const position = axes.map(() => -1);
  for (;;) {
    const matching: number[] = [];
    compiled.forEach((rule, i) => {
      if (rule.every(([axis, at, op]) => holds(position[axis] ?? -1, at, op))) matching.push(i);
    });
    const answer = visit(matching, () =>
      axes.map((axis, i) => checkpointText(axis, position[i] ?? -1)).join(', '),
    );
    if (answer !== null) return answer;
    let axis = axes.length - 1;
    for (; axis >= 0; axis -= 1) {
      const next = (position[axis] ?? -1) + 1;
      if (next < (sizes[axis] ?? 0) - 1) {
        position[axis] = next;
        break;
      }
      position[axis] = -1;
    }
    if (axis < 0) return null;
  }
}

/** The first checkpoint covered by no rule or by several, or null when the set is exact. */
export function checkCoverage(rules: readonly PartitionRule[]): CoverageIssue | null {
  return findCheckpoint(rules, (matching, checkpoint) => {
    if (matching.length === 1) return null;
    return {
      kind: matching.length === 0 ? 'not-covered' : 'overlapped',
      checkpoint: checkpoint(),
      matching,
    };
  });
}
