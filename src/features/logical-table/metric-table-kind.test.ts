import { describe, expect, it } from 'vitest';
import type { MetricRegion } from '../../../contract/sql/region-runtime-types';
import { classifyMetricTable } from './metric-table-kind';

// Ids as fixture sql-region-peers-logical.json gives them: physical 1024, logical 1025 on it.
function region(
  tableId: number,
  name: string,
  regionId: string,
  leaderPeerId: string | null,
  isReported: boolean,
): MetricRegion {
  return {
    tableId,
    catalog: 'greptime',
    schema: 'public',
    name,
    regionId,
    leaderPeerId,
    isReported,
  };
}

const PHYSICAL = [
  region(1024, 'greptime_physical_table', '4398046511104', '0', true),
  region(1024, 'greptime_physical_table', '4398046511105', '1', true),
];
const CPU = [
  region(1025, 'cpu', '4402341478400', '0', false),
  region(1025, 'cpu', '4402341478401', '1', false),
];

describe('classifyMetricTable', () => {
  it('names the physical table of a logical table and maps its region ids', () => {
    const kind = classifyMetricTable(1025, [...PHYSICAL, ...CPU]);
    expect(kind).toMatchObject({
      kind: 'logical',
      table: { tableId: 1025, name: 'cpu' },
      physicalTables: [{ tableId: 1024, name: 'greptime_physical_table' }],
    });
    expect(kind.kind === 'logical' && [...kind.regionNumbers]).toEqual([
      ['4402341478400', 0],
      ['4402341478401', 1],
    ]);
  });

  it('leaves a physical table alone: datanodes report its regions', () => {
    expect(classifyMetricTable(1024, [...PHYSICAL, ...CPU])).toEqual({ kind: 'other' });
  });

  it('leaves a table without metric regions alone (mito, or not found)', () => {
    expect(classifyMetricTable(1030, PHYSICAL)).toEqual({ kind: 'other' });
  });

  it('makes no claim when no reported table has the same regions and leaders', () => {
    // The physical table's datanode 1 is down, or a migration moved one region: no match.
    const moved = [
      PHYSICAL[0],
      region(1024, 'greptime_physical_table', '4398046511105', '2', true),
    ];
    expect(classifyMetricTable(1025, [...moved.filter((r) => r !== undefined), ...CPU])).toEqual({
      kind: 'other',
    });
  });

  it('names every physical table that matches when several do', () => {
    const twin = PHYSICAL.map((r) => ({ ...r, tableId: 1040, name: 'other_physical' }));
    const kind = classifyMetricTable(1025, [...PHYSICAL, ...twin, ...CPU]);
    expect(kind.kind === 'logical' && kind.physicalTables.map((t) => t.tableId)).toEqual([
      1024, 1040,
    ]);
  });
});
