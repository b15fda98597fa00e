/**
 * v1.1.4 MetaSrv JSON bodies (API.md §3.1): node-lease without cluster_id and with workloads,
 * heartbeat `Stat[][]` in the v1 `Stat`/`RegionStat` shape with storage figures from the model,
 * inner arrays of 1 or `flush_stats_factor` (3) entries. Keys in Rust declaration order.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import { storedStatTimes } from '../model/heartbeats.ts';
import type { PhysicalTable, RegionRecord } from '../model/types.ts';
import { writeJson } from './json.ts';
import type { JsonValue } from './json.ts';
import { findRegion, hashOrder, humanTime, statsAt } from './wire.ts';

/** collect_stats_handler: `flush_stats_factor` default. */
export const V1_STATS_BATCH = 3;

/** `Timestamp::to_local_string` in UTC: no timezone suffix since v0.13. */
export function localTime(ms: number): string {
  return humanTime(ms, 'v0.7').replace(/\+0000$/, '');
}

/** `/admin/node-lease`: every datanode lease the leader holds (not filtered by liveness). */
export function v1NodeLeaseBody(cluster: EmulatedCluster): string {
  const entries: JsonValue[] = [];
  for (const dn of hashOrder([...cluster.datanodes.values()], cluster.options.seed)) {
    const ts = cluster.leaseTimestamp(dn);
    if (ts === null) continue;
    entries.push({
      name: { node_id: dn.id },
      human_time: localTime(ts),
      lease: { timestamp_millis: ts, node_addr: dn.addr, workloads: { Datanode: { types: [0] } } },
    });
  }
  return writeJson(entries);
}

function regionManifest(
  cluster: EmulatedCluster,
  table: PhysicalTable,
  region: RegionRecord,
  atMs: number,
): JsonValue {
  const s = cluster.storage.stats(region, table, atMs, 0);
  if (table.engine === 'metric') {
    return {
      Metric: {
        data_manifest_version: s.manifestVersion,
        data_flushed_entry_id: s.flushedEntryId,
        metadata_manifest_version: 1,
        metadata_flushed_entry_id: s.flushedEntryId,
      },
    };
  }
  return {
    Mito: {
      manifest_version: s.manifestVersion,
      flushed_entry_id: s.flushedEntryId,
      file_removed_cnt: s.fileRemovedCount,
    },
  };
}

/** `/admin/heartbeat` (v1 shape), filtered by `addr`. */
export function v1HeartbeatBody(cluster: EmulatedCluster, addrFilter: string | undefined): string {
  if (cluster.leader() === null) return '[]';
  const ledBy = new Map<number, Map<bigint, { region: RegionRecord; table: PhysicalTable }>>();
  for (const table of cluster.allTables()) {
    if (table.kind !== 'physical') continue;
    for (const region of table.regions) {
      if (region.leaderPeerId === null) continue;
      const led =
        ledBy.get(region.leaderPeerId) ??
        new Map<bigint, { region: RegionRecord; table: PhysicalTable }>();
      led.set(region.regionId, { region, table });
      ledBy.set(region.leaderPeerId, led);
    }
  }
  const now = cluster.clock.now();
  const out: JsonValue[] = [];
  for (const dn of hashOrder([...cluster.datanodes.values()], cluster.options.seed ^ 7)) {
    const times = storedStatTimes(dn, cluster.leaderSinceMs(), now, V1_STATS_BATCH);
    if (times.length === 0) continue;
    if (addrFilter !== undefined && dn.addr !== addrFilter) continue;
    const led =
      ledBy.get(dn.id) ?? new Map<bigint, { region: RegionRecord; table: PhysicalTable }>();
    out.push(
      times.map((t): JsonValue => {
        const stats = statsAt(cluster, dn, led, t);
        return {
          timestamp_millis: t,
          id: dn.id,
          addr: dn.addr,
          rcus: 0,
          wcus: 0,
          region_num: stats.length,
          region_stats: stats.flatMap((stat): JsonValue[] => {
            const found = findRegion(cluster, stat.regionId);
            if (found === undefined) return [];
            const { region, table } = found;
            const s = cluster.storage.stats(region, table, t, dn.epochMs);
            const downgrading =
              stat.role === 'Follower' &&
              region.leaderPeerId === dn.id &&
              region.leaderStatus !== null;
            return [
              {
                id: stat.regionId,
                rcus: 0,
                wcus: 0,
                approximate_bytes: s.diskSize,
                engine: stat.engine,
                role: downgrading ? 'DowngradingLeader' : stat.role,
                num_rows: s.rows,
                memtable_size: s.memtableSize,
                manifest_size: s.manifestSize,
                sst_size: s.sstSize,
                sst_num: s.sstNum,
                index_size: s.indexSize,
                region_manifest: regionManifest(cluster, table, region, t),
                written_bytes: s.writtenBytesSinceOpen,
                data_topic_latest_entry_id: 0,
                metadata_topic_latest_entry_id: 0,
              },
            ];
          }),
          topic_stats: [],
          node_epoch: dn.epochMs,
          datanode_workloads: { types: [0] },
          gc_stat: null,
        };
      }),
    );
  }
  return writeJson(out);
}
