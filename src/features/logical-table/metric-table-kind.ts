/**
 * Whether a SQL-path table is a metric-engine logical table, and on which physical table
 * (API.md §3.5). GreptimeDB lists a logical table's regions under the logical table's own id,
 * rebuilt from its physical table's route: same region numbers, same leaders. Those ids are not
 * datanode regions, so datanodes never report them (region_statistics), while the physical
 * table's regions are reported. API.md names no column linking the two tables, so the physical
 * table is the reported metric table whose region numbers and leaders are the same; when
 * several match, all are named.
 */
import { splitRegionId } from '../../../contract/region-id';
import type { MetricRegion } from '../../../contract/sql/region-runtime-types';

export interface MetricTableName {
  tableId: number;
  catalog: string;
  schema: string;
  name: string;
}

export type MetricTableKind =
  /** Not a metric-engine table, or one the datanodes report: nothing to explain. */
  | { kind: 'other' }
  | {
      kind: 'logical';
      table: MetricTableName;
      /** Candidates with the same region numbers and leaders; usually exactly one. */
      physicalTables: MetricTableName[];
      /** This table's region ids (as GreptimeDB lists them) → the physical region number. */
      regionNumbers: ReadonlyMap<string, number>;
    };

/** region number → leader datanode id ('' without a leader) of one table. */
function layoutOf(regions: readonly MetricRegion[]): Map<number, string> {
  return new Map(
    regions.map((region) => [
      splitRegionId(region.regionId).regionNumber,
      region.leaderPeerId ?? '',
    ]),
  );
}

function sameLayout(a: ReadonlyMap<number, string>, b: ReadonlyMap<number, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [number, leader] of a) if (b.get(number) !== leader) return false;
  return true;
}

function nameOf(region: MetricRegion): MetricTableName {
  return {
    tableId: region.tableId,
    catalog: region.catalog,
    schema: region.schema,
    name: region.name,
  };
}

export function classifyMetricTable(
  tableId: number,
  rows: readonly MetricRegion[],
): MetricTableKind {
  const byTable = new Map<number, MetricRegion[]>();
  for (const row of rows) byTable.set(row.tableId, [...(byTable.get(row.tableId) ?? []), row]);
  const own = byTable.get(tableId) ?? [];
  const first = own[0];
  // Reported by a datanode: a real (physical) region, so a physical table.
  if (first === undefined || own.some((region) => region.isReported)) return { kind: 'other' };
  const layout = layoutOf(own);
  const physicalTables = [...byTable.entries()]
    .filter(([id, regions]) => id !== tableId && regions.some((region) => region.isReported))
    .filter(([, regions]) => sameLayout(layout, layoutOf(regions)))
    .map(([, regions]) => nameOf(regions[0] ?? first));
  // Nothing matches: the physical table may be unreported too (its datanode down); no claim.
  if (physicalTables.length === 0) return { kind: 'other' };
  return {
    kind: 'logical',
    table: nameOf(first),
    physicalTables,
    regionNumbers: new Map(own.map((r) => [r.regionId, splitRegionId(r.regionId).regionNumber])),
  };
}
