/**
 * information_schema.partitions (v1.1.4 partitions.rs): one row per region. Only names, ordinal,
 * method, expression (partition columns), description (the region's rule, PartitionExpr Display,
 * values unquoted), create_time and greptime_partition_id are filled; the rest is null.
 */
import type { PartitionValue, RegionPartition } from '../../model/types.ts';
import type { SystemTable } from '../context.ts';
import type { ColumnDef, Row } from '../values.ts';
import { physicalTablesFor, shownRegionId } from './tables-of.ts';

const COLUMNS: ColumnDef[] = [
  { name: 'table_catalog', type: 'String' },
  { name: 'table_schema', type: 'String' },
  { name: 'table_name', type: 'String' },
  { name: 'partition_name', type: 'String' },
  { name: 'subpartition_name', type: 'String' },
  { name: 'partition_ordinal_position', type: 'Int64' },
  { name: 'subpartition_ordinal_position', type: 'Int64' },
  { name: 'partition_method', type: 'String' },
  { name: 'subpartition_method', type: 'String' },
  { name: 'partition_expression', type: 'String' },
  { name: 'subpartition_expression', type: 'String' },
  { name: 'partition_description', type: 'String' },
  { name: 'table_rows', type: 'Int64' },
  { name: 'avg_row_length', type: 'Int64' },
  { name: 'data_length', type: 'Int64' },
  { name: 'max_data_length', type: 'Int64' },
  { name: 'index_length', type: 'Int64' },
  { name: 'data_free', type: 'Int64' },
  { name: 'create_time', type: 'TimestampSecond' },
  { name: 'update_time', type: 'TimestampSecond' },
  { name: 'check_time', type: 'TimestampSecond' },
  { name: 'checksum', type: 'Int64' },
  { name: 'partition_comment', type: 'String' },
  { name: 'nodegroup', type: 'String' },
  { name: 'tablespace_name', type: 'String' },
  { name: 'greptime_partition_id', type: 'UInt64' },
];

function valueText(v: PartitionValue): string {
  return String(v.value);
}

/** The region's partition rule as PartitionExpr Display, or null when it has none. */
export function partitionDescription(partition: RegionPartition): string | null {
  switch (partition.kind) {
    case 'range': {
      const lower =
        partition.lower === null ? null : `${partition.column} >= ${valueText(partition.lower)}`;
      const upper =
        partition.upper === null ? null : `${partition.column} < ${valueText(partition.upper)}`;
      if (lower !== null && upper !== null) return `${lower} AND ${upper}`;
      return lower ?? upper;
    }
    case 'raw':
      return partition.valueList.join(', ');
    default:
      return null;
  }
}

export const partitions: SystemTable = {
  columns: COLUMNS,
  rows(ctx) {
    const rows: Row[] = [];
    for (const { table, physical } of physicalTablesFor(ctx.cluster)) {
      const expression = table.kind === 'physical' ? physical.partitionColumn : null;
      physical.regions.forEach((region, index) => {
        const row: Row = new Array<null>(COLUMNS.length).fill(null);
        row[0] = table.catalog;
        row[1] = table.schema;
        row[2] = table.name;
        row[3] = `p${index}`;
        row[5] = BigInt(index + 1);
        row[7] = 'RANGE';
        row[9] = expression;
        row[11] = table.kind === 'physical' ? partitionDescription(region.partition) : null;
        row[18] = BigInt(Math.floor(table.createdOnMs / 1000));
        row[25] = shownRegionId(table, region);
        rows.push(row);
      });
    }
    return rows;
  },
};
