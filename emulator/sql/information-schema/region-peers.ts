/**
 * information_schema.region_peers (v0.14+ shape): one row per region leader and one per follower.
 * Leader status is `ALIVE` or the leader state upper-cased (`DOWNGRADING` during a migration,
 * `STAGING` during a repartition, API.md §7.4); `down_seconds` only while downgrading. A region without a leader still has its leader row (`Yes`, null peer).
 * Logical tables show their physical table's regions under their own ids (v1.1.4
 * region_peers.rs `add_region_peers`, API.md §3.5).
 */
import type { SystemTable } from '../context.ts';
import type { Row } from '../values.ts';
import { physicalTablesFor, shownRegionId } from './tables-of.ts';

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
        const regionId = shownRegionId(table, region);
        const leader = region.leaderPeerId;
        const downgrading = region.leaderStatus !== null;
        const staging = cluster.repartition.leaderStateOf(region.regionId) !== null;
        rows.push([
          ...naming,
          regionId,
          leader === null ? null : BigInt(leader),
          leader === null ? null : addr(leader),
          'Yes',
          downgrading ? 'DOWNGRADING' : staging ? 'STAGING' : 'ALIVE',
          downgrading && region.leaderDownSinceMs !== null
            ? BigInt(Math.floor((now - region.leaderDownSinceMs) / 1000))
            : null,
        ]);
        for (const follower of region.followerPeerIds) {
          rows.push([...naming, regionId, BigInt(follower), addr(follower), 'No', null, null]);
        }
      }
    }
    return rows;
  },
};
