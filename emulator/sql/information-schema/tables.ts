/**
 * information_schema.tables (v1.1.4 column order): user tables (BASE TABLE), the emulated
 * information_schema tables (LOCAL TEMPORARY) and greptime_private.events once it exists. Size
 * columns sum the regions' storage; unmodelled columns are 0 or null.
 */
import type { SystemTable } from '../context.ts';
import type { Row } from '../values.ts';
import { physicalTablesFor } from './tables-of.ts';

/** Table ids GreptimeDB gives its information_schema tables (v1.1.4 table_names.rs). */
export const INFORMATION_SCHEMA_IDS: Record<string, number> = {
  tables: 3,
  partitions: 28,
  region_peers: 29,
  cluster_info: 31,
  region_statistics: 35,
  procedure_info: 34,
};

export const EVENTS_TABLE_ID = 1023;

export const tables: SystemTable = {
  columns: [
    { name: 'table_catalog', type: 'String' },
    { name: 'table_schema', type: 'String' },
    { name: 'table_name', type: 'String' },
    { name: 'table_type', type: 'String' },
    { name: 'table_id', type: 'UInt32' },
    { name: 'data_length', type: 'UInt64' },
    { name: 'max_data_length', type: 'UInt64' },
    { name: 'index_length', type: 'UInt64' },
    { name: 'max_index_length', type: 'UInt64' },
    { name: 'avg_row_length', type: 'UInt64' },
    { name: 'engine', type: 'String' },
    { name: 'version', type: 'UInt64' },
    { name: 'row_format', type: 'String' },
    { name: 'table_rows', type: 'UInt64' },
    { name: 'data_free', type: 'UInt64' },
    { name: 'auto_increment', type: 'UInt64' },
    { name: 'create_time', type: 'TimestampSecond' },
    { name: 'update_time', type: 'TimestampSecond' },
    { name: 'check_time', type: 'TimestampSecond' },
    { name: 'table_collation', type: 'String' },
    { name: 'checksum', type: 'UInt64' },
    { name: 'create_options', type: 'String' },
    { name: 'table_comment', type: 'String' },
    { name: 'temporary', type: 'String' },
  ],
  rows(ctx) {
    const { cluster } = ctx;
    const now = cluster.clock.now();
    const rows: Row[] = [];
    for (const [name, id] of Object.entries(INFORMATION_SCHEMA_IDS)) {
      rows.push([
        'greptime',
        'information_schema',
        name,
        'LOCAL TEMPORARY',
        BigInt(id),
        0n,
        0n,
        0n,
        0n,
        0n,
        null,
        0n,
        'Fixed',
        0n,
        0n,
        0n,
        null,
        null,
        null,
        null,
        0n,
        '',
        null,
        'Y',
      ]);
    }
    if (cluster.events.visible(now).length > 0) {
      rows.push([
        'greptime',
        'greptime_private',
        'events',
        'BASE TABLE',
        BigInt(EVENTS_TABLE_ID),
        0n,
        0n,
        0n,
        0n,
        0n,
        'mito',
        0n,
        'Fixed',
        0n,
        0n,
        0n,
        null,
        null,
        null,
        null,
        0n,
        'ttl=90d',
        null,
        'N',
      ]);
    }
    for (const { table, physical } of physicalTablesFor(cluster)) {
      let data = 0n;
      let index = 0n;
      let count = 0n;
      if (table.kind === 'physical') {
        for (const region of physical.regions) {
          const s = cluster.storage.stats(region, physical, now, 0);
          data += s.sstSize + s.memtableSize;
          index += s.indexSize;
          count += s.rows;
        }
      }
      rows.push([
        table.catalog,
        table.schema,
        table.name,
        'BASE TABLE',
        BigInt(table.tableId),
        data,
        0n,
        index,
        0n,
        count === 0n ? 0n : data / count,
        table.kind === 'physical' ? table.engine : 'metric',
        0n,
        'Fixed',
        count,
        0n,
        0n,
        BigInt(Math.floor(table.createdOnMs / 1000)),
        null,
        null,
        null,
        0n,
        '',
        null,
        'N',
      ]);
    }
    return rows;
  },
};
