/**
 * Partition rules: how a table's key space is split into regions, and how each region's share
 * is written into `partition.value_list` by the GreptimeDB version being emulated.
 *
 * v0.7 (`PARTITION ON COLUMNS (c) (expr, ...)`): one `{"Expr":...}` per region, e.g.
 *   `host >= 'h' AND host < 'p'` -> Expr(Expr(host GtEq h) And Expr(host Lt p)).
 * v0.6 (`PARTITION BY RANGE COLUMNS`): the region's exclusive upper bound,
 *   `{"Value":{"String":"p"}}`, or `"MaxValue"` for the last region.
 * Unpartitioned tables: `column_list: []`, `value_list: ["\"MaxValue\""]` in both.
 */
import type { ApiVersion, PartitionValue, RegionPartition } from './types.ts';

const MAX_VALUE = JSON.stringify('MaxValue');

function valueJson(value: PartitionValue): string {
  return value.type === 'String'
    ? `{"String":${JSON.stringify(value.value)}}`
    : `{"Int32":${value.value}}`;
}

function compareExpr(column: string, op: 'Lt' | 'GtEq', value: PartitionValue): string {
  return `{"lhs":{"Column":${JSON.stringify(column)}},"op":"${op}","rhs":{"Value":${valueJson(value)}}}`;
}

function exprBound(column: string, lower: PartitionValue | null, upper: PartitionValue | null) {
  if (lower === null && upper === null) return MAX_VALUE;
  if (lower === null && upper !== null) return `{"Expr":${compareExpr(column, 'Lt', upper)}}`;
  if (lower !== null && upper === null) return `{"Expr":${compareExpr(column, 'GtEq', lower)}}`;
  if (lower === null || upper === null) return MAX_VALUE;
  const left = `{"Expr":${compareExpr(column, 'GtEq', lower)}}`;
  const right = `{"Expr":${compareExpr(column, 'Lt', upper)}}`;
  return `{"Expr":{"lhs":${left},"op":"And","rhs":${right}}}`;
}

/** The region's `partition` object as `[column_list, value_list]`, or null for `"partition": null`. */
export function renderPartition(
  partition: RegionPartition,
  api: ApiVersion,
): { columnList: string[]; valueList: string[] } | null {
  switch (partition.kind) {
    case 'none':
      return null;
    case 'unpartitioned':
      return { columnList: [], valueList: [MAX_VALUE] };
    case 'raw':
      return { columnList: partition.columnList, valueList: partition.valueList };
    case 'range':
      if (api === 'v0.6') {
        const upper = partition.upper;
        return {
          columnList: [partition.column],
          valueList: [upper === null ? MAX_VALUE : `{"Value":${valueJson(upper)}}`],
        };
      }
      return {
        columnList: [partition.column],
        valueList: [exprBound(partition.column, partition.lower, partition.upper)],
      };
  }
}

/**
 * Splits a key space into `count` contiguous ranges. String columns use two-letter split
 * points ('aa'..'zz'), which keeps bounds readable; past 600 regions the split switches to an
 * Int32 column so every bound stays distinct.
 */
export function rangePartitions(count: number, column: string): RegionPartition[] {
  if (count <= 1) return [{ kind: 'unpartitioned' }];
  const numeric = count > 600;
  const splits: PartitionValue[] = [];
  for (let i = 1; i < count; i += 1) {
    if (numeric) {
      splits.push({ type: 'Int32', value: i * 1000 });
    } else {
      const pos = Math.floor((i * 676) / count);
      const text =
        String.fromCharCode(97 + Math.floor(pos / 26)) + String.fromCharCode(97 + (pos % 26));
      splits.push({ type: 'String', value: text });
    }
  }
  const result: RegionPartition[] = [];
  for (let i = 0; i < count; i += 1) {
    result.push({
      kind: 'range',
      column,
      lower: i === 0 ? null : (splits[i - 1] ?? null),
      upper: i === count - 1 ? null : (splits[i] ?? null),
    });
  }
  return result;
}

/** The partition column's name for a table split into `count` regions (see rangePartitions). */
export function partitionColumnFor(count: number, stringColumn: string): string {
  return count > 600 ? 'shard_id' : stringColumn;
}
