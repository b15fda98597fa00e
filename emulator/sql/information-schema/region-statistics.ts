/**
 * information_schema.region_statistics (v1.1.4): per reported region, sizes and rows from the
 * storage model, so they move with time and change after flush and compact.
 */
import type { SystemTable } from '../context.ts';
import { reportedRegions } from './reported-regions.ts';

export const regionStatistics: SystemTable = {
  columns: [
    { name: 'region_id', type: 'UInt64' },
    { name: 'table_id', type: 'UInt32' },
    { name: 'region_number', type: 'UInt32' },
    { name: 'region_rows', type: 'UInt64' },
    { name: 'written_bytes_since_open', type: 'UInt64' },
    { name: 'disk_size', type: 'UInt64' },
    { name: 'memtable_size', type: 'UInt64' },
    { name: 'manifest_size', type: 'UInt64' },
    { name: 'sst_size', type: 'UInt64' },
    { name: 'sst_num', type: 'UInt64' },
    { name: 'index_size', type: 'UInt64' },
    { name: 'engine', type: 'String' },
    { name: 'region_role', type: 'String' },
  ],
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
      return [
        region.regionId,
        BigInt(table.tableId),
        BigInt(region.regionNumber),
        s.rows,
        s.writtenBytesSinceOpen,
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
