/** Tables in catalog order with their physical table (itself, or a logical table's physical). */
import type { EmulatedCluster } from '../../model/cluster.ts';
import type { PhysicalTable, TableRecord } from '../../model/types.ts';

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
