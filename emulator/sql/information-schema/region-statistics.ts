/**
 * information_schema.region_statistics: per reported region, sizes and rows from the storage
 * model, so they move with time and change after flush and compact. v1.2 inserts the query load
 * at positions 6–7 (`query_cpu_time_millis` = heartbeat ns ÷ 10^6, integer division), 15 columns
 * (region_statistics.rs@v1.1.4 / @v1.2.0-beta.2, API.md §3.5).
 */
import type { SqlApiVersion } from '../../model/types.ts';
import type { SystemTable } from '../context.ts';
import type { ColumnDef } from '../values.ts';
import { reportedRegions } from './reported-regions.ts';

const HEAD: ColumnDef[] = [
  { name: 'region_id', type: 'UInt64' },
  { name: 'table_id', type: 'UInt32' },
  { name: 'region_number', type: 'UInt32' },
  { name: 'region_rows', type: 'UInt64' },
  { name: 'written_bytes_since_open', type: 'UInt64' },
];
const QUERY_LOAD: ColumnDef[] = [
  { name: 'query_cpu_time_millis', type: 'UInt64' },
  { name: 'query_scanned_bytes', type: 'UInt64' },
];
const TAIL: ColumnDef[] = [
  { name: 'disk_size', type: 'UInt64' },
  { name: 'memtable_size', type: 'UInt64' },
  { name: 'manifest_size', type: 'UInt64' },
  { name: 'sst_size', type: 'UInt64' },
  { name: 'sst_num', type: 'UInt64' },
  { name: 'index_size', type: 'UInt64' },
  { name: 'engine', type: 'String' },
  { name: 'region_role', type: 'String' },
];

function regionStatistics(version: SqlApiVersion): SystemTable {
  const withQueryLoad = version === 'v1.2';
  return {
    columns: withQueryLoad ? [...HEAD, ...QUERY_LOAD, ...TAIL] : [...HEAD, ...TAIL],
    rows(ctx) {
      const { cluster } = ctx;
      const now = cluster.clock.now();
      return reportedRegions(cluster).map(({ peerId, table, region, role }) => {
        const s = cluster.storage.stats(
          region,
          table,
          now,
          cluster.datanodes.get(peerId)?.epochMs ?? 0,
        );
        const queryLoad = withQueryLoad ? [s.queryCpuTimeNs / 1_000_000n, s.queryScannedBytes] : [];
        return [
          region.regionId,
          BigInt(table.tableId),
          BigInt(region.regionNumber),
          s.rows,
          s.writtenBytesSinceOpen,
          ...queryLoad,
          s.diskSize,
          s.memtableSize,
          s.manifestSize,
          s.sstSize,
          s.sstNum,
          s.indexSize,
          table.engine,
          role,
        ];
      });
    },
  };
}

export const REGION_STATISTICS: Record<SqlApiVersion, SystemTable> = {
  'v1.1': regionStatistics('v1.1'),
  'v1.2': regionStatistics('v1.2'),
};
