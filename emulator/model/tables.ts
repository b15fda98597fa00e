/**
 * Builds table records the way `CREATE TABLE` leaves them in MetaSrv: region ids
 * `RegionId::new(table_id, i)` for i = 0..n, version 0, no followers, empty name and attrs.
 */
import { composeRegionId } from '../../contract/region-id.ts';
import { partitionColumnFor, rangePartitions } from './partition.ts';
import type { Rng } from './rng.ts';
import type {
  ColumnSpec,
  LogicalTable,
  PhysicalTable,
  RegionPartition,
  RegionRecord,
} from './types.ts';

export const DEFAULT_CATALOG = 'greptime';
export const DEFAULT_SCHEMA = 'public';

export interface PhysicalTableSpec {
  tableId: number;
  name: string;
  catalog?: string;
  schema?: string;
  engine?: 'mito' | 'metric';
  /** Leader peer per region number; its length is the region count. */
  leaderPeerIds: (number | null)[];
  /** Overrides the generated range partitions (one per region). */
  partitions?: RegionPartition[];
  /** The partition column (an Int32 column unless `host`); generated tables pick their own. */
  partitionColumn?: string;
  createdOnMs: number;
  hasTableInfo?: boolean;
  writtenByV05?: boolean;
  /** Fixed sizes per region (fixtures); otherwise drawn from the rng. */
  approximateBytes?: number[];
}

/** A realistic region size: log-uniform between 256 KiB and 4 GiB, in whole KiB. */
function drawRegionBytes(rng: Rng): number {
  const exponent = 18 + rng.next() * 14;
  return Math.floor(2 ** exponent / 1024) * 1024;
}

function columnsFor(partitionColumn: string | null): ColumnSpec[] {
  const columns: ColumnSpec[] = [
    { name: 'host', type: 'String', isTimeIndex: false, isPrimaryKey: true },
  ];
  if (partitionColumn !== null && partitionColumn !== 'host') {
    columns.push({ name: partitionColumn, type: 'Int32', isTimeIndex: false, isPrimaryKey: true });
  }
  columns.push(
    { name: 'ts', type: 'TimestampMillisecond', isTimeIndex: true, isPrimaryKey: false },
    { name: 'cpu', type: 'Float64', isTimeIndex: false, isPrimaryKey: false },
    { name: 'memory', type: 'Float64', isTimeIndex: false, isPrimaryKey: false },
  );
  return columns;
}

export function buildPhysicalTable(spec: PhysicalTableSpec, rng: Rng): PhysicalTable {
  const count = spec.leaderPeerIds.length;
  const partitionColumn =
    spec.partitionColumn ?? (count > 1 ? partitionColumnFor(count, 'host') : null);
  const partitions =
    spec.partitions ??
    (partitionColumn === null
      ? rangePartitions(1, 'host')
      : rangePartitions(count, partitionColumn));
  const regions: RegionRecord[] = spec.leaderPeerIds.map((leaderPeerId, regionNumber) => ({
    regionNumber,
    regionId: BigInt(composeRegionId(spec.tableId, regionNumber)),
    partition: partitions[regionNumber] ?? { kind: 'unpartitioned' },
    leaderPeerId,
    followerPeerIds: [],
    leaderStatus: null,
    leaderDownSinceMs: null,
    approximateBytes: spec.approximateBytes?.[regionNumber] ?? drawRegionBytes(rng),
    bytesPerHour: spec.approximateBytes === undefined ? rng.int(0, 64) * 1024 * 1024 : 0,
  }));
  return {
    kind: 'physical',
    tableId: spec.tableId,
    catalog: spec.catalog ?? DEFAULT_CATALOG,
    schema: spec.schema ?? DEFAULT_SCHEMA,
    name: spec.name,
    engine: spec.engine ?? 'mito',
    columns: columnsFor(partitionColumn),
    partitionColumn,
    regions,
    regionsByNumber: new Map(regions.map((r) => [r.regionNumber, r])),
    version: 0,
    createdOnMs: spec.createdOnMs,
    hasTableInfo: spec.hasTableInfo ?? true,
    writtenByV05: spec.writtenByV05 ?? false,
  };
}

export function buildLogicalTable(spec: {
  tableId: number;
  name: string;
  physicalTableId: number;
  createdOnMs: number;
}): LogicalTable {
  return {
    kind: 'logical',
    tableId: spec.tableId,
    catalog: DEFAULT_CATALOG,
    schema: DEFAULT_SCHEMA,
    name: spec.name,
    physicalTableId: spec.physicalTableId,
    columns: columnsFor(null),
    createdOnMs: spec.createdOnMs,
    hasTableInfo: true,
  };
}

/** Round-robin leaders over `datanodeIds`, starting at `offset` (GreptimeDB's default). */
export function roundRobin(count: number, datanodeIds: number[], offset: number): number[] {
  const n = datanodeIds.length;
  return Array.from({ length: count }, (_, i) => datanodeIds[(offset + i) % n] ?? 0);
}

/** Leaders crowded onto the first datanodes, as a table looks after failovers. */
export function skewed(count: number, datanodeIds: number[], rng: Rng): number[] {
  return Array.from({ length: count }, (_, i) => {
    const first = datanodeIds[0] ?? 0;
    if (i === 0 || rng.next() < 0.6) return first;
    return datanodeIds[rng.int(0, Math.min(2, datanodeIds.length - 1))] ?? first;
  });
}
