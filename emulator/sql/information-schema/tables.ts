/**
 * information_schema.tables (v1.1.4 column order, `add_table` in tables.rs@v1.1.4, API.md §3.5):
 * the information_schema tables of the version (LOCAL TEMPORARY), greptime_private.events once it
 * exists, and user tables (BASE TABLE). `version` is always 11, `row_format` Fixed, collation
 * utf8_bin. Physical tables sum their regions' storage: data_length = Σ sst_size, index_length =
 * Σ index_size, table_rows = Σ rows, avg_row_length = (Σ sst + Σ memtable) ÷ rows; logical
 * tables report 0. Columns API.md does not give a value for stay 0, '' or null.
 */
import type { SystemTable } from '../context.ts';
import { eventsTable } from '../events-table.ts';
import type { Row } from '../values.ts';
import { INFORMATION_SCHEMA_IDS } from './table-ids.ts';
import { physicalTablesFor } from './tables-of.ts';

/** Not modelled as a table with regions: API.md gives it an id from 1024 on, set at creation. */
export const EVENTS_TABLE_ID = 1023;
/** MariaDB's default, what GreptimeDB always reports. */
const MARIADB_VERSION = 11n;
const COLLATION = 'utf8_bin';

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
    for (const [name, id] of Object.entries(INFORMATION_SCHEMA_IDS[ctx.version])) {
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
        MARIADB_VERSION,
        'Fixed',
        0n,
        0n,
        0n,
        null,
        null,
        null,
        COLLATION,
        0n,
        '',
        null,
        'Y',
      ]);
    }
    if (eventsTable(ctx) !== null) {
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
        MARIADB_VERSION,
        'Fixed',
        0n,
        0n,
        0n,
        null,
        null,
        null,
        COLLATION,
        0n,
        'ttl=90d',
        null,
        'N',
      ]);
    }
    for (const { table, physical } of physicalTablesFor(cluster)) {
      let data = 0n;
      let memtable = 0n;
      let index = 0n;
      let count = 0n;
      if (table.kind === 'physical') {
        for (const region of physical.regions) {
          const s = cluster.storage.stats(region, physical, now, 0);
          data += s.sstSize;
          memtable += s.memtableSize;
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
        count === 0n ? 0n : (data + memtable) / count,
        table.kind === 'physical' ? table.engine : 'metric',
        MARIADB_VERSION,
        'Fixed',
        count,
        0n,
        0n,
        BigInt(Math.floor(table.createdOnMs / 1000)),
        null,
        null,
        COLLATION,
        0n,
        '',
        null,
        'N',
      ]);
    }
    return rows;
  },
};
