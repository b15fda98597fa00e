/**
 * information_schema.region_peers (v0.14+ shape): one row per region leader and one per follower.
 * Leader status is `ALIVE` or the leader state upper-cased (`DOWNGRADING`); `down_seconds` only
 * while downgrading. Logical tables show their physical table's regions, as
 * `batch_find_region_routes` resolves them (v1.1.4 region_peers.rs).
 */
import type { SystemTable } from '../context.ts';
import type { Row } from '../values.ts';
import { physicalTablesFor } from './tables-of.ts';

export const regionPeers: SystemTable = {
  columns: [
    { name: 'table_catalog', type: 'String' },
    { name: 'table_schema', type: 'String' },
    { name: 'table_name', type: 'String' },
    { name: 'region_id', type: 'UInt64' },
    { name: 'peer_id', type: 'UInt64' },
    { name: 'peer_addr', type: 'String' },
    { name: 'is_leader', type: 'String' },
    { name: 'status', type: 'String' },
    { name: 'down_seconds', type: 'Int64' },
  ],
  rows(ctx) {
    const { cluster } = ctx;
    const now = cluster.clock.now();
    const rows: Row[] = [];
    const addr = (id: number) => cluster.datanodes.get(id)?.addr ?? '';
    for (const { table, physical } of physicalTablesFor(cluster)) {
      for (const region of physical.regions) {
        const naming = [table.catalog, table.schema, table.name];
        if (region.leaderPeerId !== null) {
          const downgrading = region.leaderStatus !== null;
          rows.push([
            ...naming,
            region.regionId,
            BigInt(region.leaderPeerId),
            addr(region.leaderPeerId),
            'Yes',
            downgrading ? 'DOWNGRADING' : 'ALIVE',
            downgrading && region.leaderDownSinceMs !== null
              ? BigInt(Math.floor((now - region.leaderDownSinceMs) / 1000))
              : null,
          ]);
        }
        for (const follower of region.followerPeerIds) {
          rows.push([
            ...naming,
            region.regionId,
            BigInt(follower),
            addr(follower),
            'No',
            null,
            null,
          ]);
        }
      }
    }
    return rows;
  },
};
