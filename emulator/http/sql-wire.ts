/**
 * v1.1.4 MetaSrv JSON bodies (API.md §3.1): node-lease without cluster_id and with workloads,
 * heartbeat `Stat[][]` in the v1 `Stat`/`RegionStat` shape with storage figures from the model,
 * inner arrays of 1 or `flush_stats_factor` (3) entries, `role` as the datanode reported it at
 * each stat's time (`DowngradingLeader`, `StagingLeader`). Keys in Rust declaration order.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import { storedStatTimes } from '../model/heartbeats.ts';
import type { RegionStorageReading } from '../model/region-storage.ts';
import type { PhysicalTable, RegionRecord, SqlApiVersion } from '../model/types.ts';
import { writeJson } from './json.ts';
import type { JsonValue } from './json.ts';
import { forEachStatAt, hashOrder, humanTime, regionStatHead, regionsByLeader } from './wire.ts';

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

/** `region_manifest` from one storage reading (its fields do not depend on the open time). */
function regionManifestText(engine: PhysicalTable['engine'], s: RegionStorageReading): string {
  if (engine === 'metric') {
    return `{"Metric":{"data_manifest_version":${String(s.manifestVersion)},"data_flushed_entry_id":${String(s.flushedEntryId)},"metadata_manifest_version":1,"metadata_flushed_entry_id":${String(s.flushedEntryId)}}}`;
  }
  return `{"Mito":{"manifest_version":${String(s.manifestVersion)},"flushed_entry_id":${String(s.flushedEntryId)},"file_removed_cnt":${String(s.fileRemovedCount)}}}`;
}

/**
 * `/admin/heartbeat` (v1 shape), filtered by `addr`. Written straight into strings, like the
 * legacy body (wire.ts): at 100k regions it is ~120 MB.
 */
export function v1HeartbeatBody(
  cluster: EmulatedCluster,
  addrFilter: string | undefined,
  version: SqlApiVersion,
): string {
  if (cluster.leader() === null) return '[]';
  const ledBy = regionsByLeader(cluster);
  const { repartition } = cluster;
  const now = cluster.clock.now();
  const histories: string[] = [];
  for (const dn of hashOrder([...cluster.datanodes.values()], cluster.options.seed ^ 7)) {
    const times = storedStatTimes(dn, cluster.leaderSinceMs(), now, V1_STATS_BATCH);
    if (times.length === 0) continue;
    if (addrFilter !== undefined && dn.addr !== addrFilter) continue;
    const led =
      ledBy.get(dn.id) ?? new Map<bigint, { region: RegionRecord; table: PhysicalTable }>();
    const head = `"id":${writeJson(dn.id)},"addr":${JSON.stringify(dn.addr)},"rcus":0,"wcus":0,`;
    const tail = `"topic_stats":[],"node_epoch":${writeJson(dn.epochMs)},"datanode_workloads":{"types":[0]},"gc_stat":null}`;
    const entries = times.map((t) => {
      const regionStats: string[] = [];
      forEachStatAt(cluster, dn, led, t, (region, table, _bytes, engine, statRole) => {
        const s = cluster.storage.reading(region, table, t, dn.epochMs);
        // v1.2 RegionStat: query counters right after written_bytes (datanode.rs@v1.2.0-beta.2).
        const queryLoad =
          version === 'v1.2'
            ? `"query_cpu_time":${String(s.queryCpuTimeNs)},"query_scanned_bytes":${String(s.queryScannedBytes)},`
            : '';
        const downgrading =
          statRole === 'Follower' && region.leaderPeerId === dn.id && region.leaderStatus !== null;
        // RegionRole::StagingLeader only once the datanode is in `Leader(Staging)` (API.md §7.4).
        const staging =
          statRole === 'Leader' &&
          repartition.hasStaged &&
          repartition.regionInfoStateOf(region.regionId, t) === 'Leader(Staging)';
        const role = downgrading ? 'DowngradingLeader' : staging ? 'StagingLeader' : statRole;
        regionStats.push(
          `${regionStatHead(region)}${String(s.diskSize)},"engine":"${engine}","role":"${role}","num_rows":${String(s.rows)},"memtable_size":${String(s.memtableSize)},"manifest_size":${String(s.manifestSize)},"sst_size":${String(s.sstSize)},"sst_num":${String(s.sstNum)},"index_size":${String(s.indexSize)},"region_manifest":${regionManifestText(table.engine, s)},"written_bytes":${String(s.writtenBytesSinceOpen)},${queryLoad}"data_topic_latest_entry_id":0,"metadata_topic_latest_entry_id":0}`,
        );
      });
      return `{"timestamp_millis":${writeJson(t)},${head}"region_num":${String(regionStats.length)},"region_stats":[${regionStats.join(',')}],${tail}`;
    });
    histories.push(`[${entries.join(',')}]`);
  }
  return `[${histories.join(',')}]`;
}
