/**
 * information_schema.region_info (v1.1.0+, unchanged in v1.2; src/store-api/src/region_info.rs,
 * src/mito2/src/region.rs@v1.1.4, API.md §3.5): what each running datanode reports for the mito
 * regions it has open, one row per replica. `state` is `RegionRoleState::as_str` (staging states
 * during a repartition, API.md §7.4), `role` the coarse `RegionRole`, `writable` true only for
 * `Leader(Writable)` and `Leader(Staging)`.
 * Sequences, manifest version and window come from the storage model (illustrative values);
 * `region_options` is the fixture's abbreviated text, not the complete RegionOptions JSON.
 */
import type { SystemTable } from '../context.ts';
import type { Row } from '../values.ts';
import type { RegionRoleState } from './reported-regions.ts';
import { reportedRegions } from './reported-regions.ts';

/** `is_writable`: only a writable or a staging leader (still writable, API.md §7.3). */
const WRITABLE: ReadonlySet<RegionRoleState> = new Set(['Leader(Writable)', 'Leader(Staging)']);

const REGION_OPTIONS =
  '{"ttl":null,"compaction":{"compaction.type":"twcs","compaction.twcs.trigger_file_num":"4"},"append_mode":false,"skip_wal":false,"sst_format":"primary_key"}';

/** Rows per memtable byte, as region-storage counts them. */
const MEMTABLE_BYTES_PER_ROW = 96n;

export const regionInfo: SystemTable = {
  columns: [
    { name: 'region_id', type: 'UInt64' },
    { name: 'table_id', type: 'UInt32' },
    { name: 'region_number', type: 'UInt32' },
    { name: 'region_group', type: 'UInt8' },
    { name: 'region_sequence', type: 'UInt32' },
    { name: 'state', type: 'String' },
    { name: 'role', type: 'String' },
    { name: 'writable', type: 'Boolean' },
    { name: 'committed_sequence', type: 'UInt64' },
    { name: 'flushed_sequence', type: 'UInt64' },
    { name: 'manifest_version', type: 'UInt64' },
    { name: 'compaction_time_window', type: 'String' },
    { name: 'region_options', type: 'String' },
    { name: 'sst_format', type: 'String' },
    { name: 'node_id', type: 'UInt64' },
  ],
  rows(ctx) {
    const { cluster } = ctx;
    const now = cluster.clock.now();
    const rows: Row[] = [];
    for (const { peerId, table, region, state, role } of reportedRegions(cluster)) {
      if (table.engine !== 'mito') continue;
      const s = cluster.storage.stats(
        region,
        table,
        now,
        cluster.datanodes.get(peerId)?.epochMs ?? 0,
      );
      const number = BigInt(region.regionNumber);
      rows.push([
        region.regionId,
        BigInt(table.tableId),
        number,
        // RegionNumber = group (high 8 bits) + sequence (low 24 bits).
        number >> 24n,
        number & 0xff_ffffn,
        state,
        role,
        WRITABLE.has(state),
        s.flushedEntryId + s.memtableSize / MEMTABLE_BYTES_PER_ROW,
        s.flushedEntryId,
        s.manifestVersion,
        '1h',
        REGION_OPTIONS,
        'primary_key',
        BigInt(peerId),
      ]);
    }
    return rows;
  },
};
