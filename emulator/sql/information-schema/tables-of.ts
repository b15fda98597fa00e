/** Tables in catalog order with their physical table (itself, or a logical table's physical). */
import type { EmulatedCluster } from '../../model/cluster.ts';
import type { PhysicalTable, RegionRecord, TableRecord } from '../../model/types.ts';

/**
 * The region id region_peers and partitions show: a logical (metric) table's rows come from the
 * physical route with the id rebuilt from the logical table's own id,
 * `RegionId::new(logical_table_id, physical_region_number)` (API.md §3.5).
 */
export function shownRegionId(table: TableRecord, region: RegionRecord): bigint {
  return table.kind === 'logical'
    ? (BigInt(table.tableId) << 32n) | BigInt(region.regionNumber)
    : region.regionId;
}

export function physicalTablesFor(
  cluster: EmulatedCluster,
): { table: TableRecord; physical: PhysicalTable }[] {
  const out: { table: TableRecord; physical: PhysicalTable }[] = [];
  const sorted = [...cluster.allTables()].sort((a, b) => a.tableId - b.tableId);
  for (const table of sorted) {
    if (table.kind === 'physical') {
      out.push({ table, physical: table });
      continue;
    }
    const physical = cluster.table(table.physicalTableId);
    if (physical?.kind === 'physical') out.push({ table, physical });
  }
  return out;
}
