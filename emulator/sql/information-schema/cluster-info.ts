/**
 * information_schema.cluster_info (v1.0+ 14 columns): MetaSrv nodes (peer_id -1, reported gRPC
 * address, `{"is_leader":true}` on the leader only, active_time null), the frontend, and every
 * datanode with leader/follower region counts. Uptime and active time are humantime strings.
 */
import { lastHeartbeatSeen } from '../../model/heartbeats.ts';
import { GREPTIME_GIT_COMMIT, greptimeVersionOf } from '../context.ts';
import type { SystemTable } from '../context.ts';
import { formatHumantime } from '../humantime.ts';
import type { Row } from '../values.ts';
import { reportedRegions } from './reported-regions.ts';

const GIB = 1024n * 1024n * 1024n;

export const clusterInfo: SystemTable = {
  columns: [
    { name: 'peer_id', type: 'Int64' },
    { name: 'peer_type', type: 'String' },
    { name: 'peer_addr', type: 'String' },
    { name: 'peer_hostname', type: 'String' },
    { name: 'total_cpu_millicores', type: 'Int64' },
    { name: 'total_memory_bytes', type: 'Int64' },
    { name: 'cpu_usage_millicores', type: 'Int64' },
    { name: 'memory_usage_bytes', type: 'Int64' },
    { name: 'version', type: 'String' },
    { name: 'git_commit', type: 'String' },
    { name: 'start_time', type: 'TimestampMillisecond' },
    { name: 'uptime', type: 'String' },
    { name: 'active_time', type: 'String' },
    { name: 'node_status', type: 'String' },
  ],
  rows(ctx) {
    const { cluster, frontend } = ctx;
    const version = greptimeVersionOf(ctx.version);
    const now = cluster.clock.now();
    const rows: Row[] = [];
    const leader = cluster.leader();
    // MetaSrv processes started together with the cluster (leaderSince of the first term).
    const metaStart = now - 2 * 3_600_000;
    for (const m of cluster.metasrvs) {
      if (!m.running) continue;
      rows.push([
        -1n,
        'METASRV',
        m.addr,
        `greptimedb-meta-${m.index}`,
        2000n,
        4n * GIB,
        BigInt(30 + (((now / 1000) % 10) | 0)),
        268_435_456n,
        version,
        GREPTIME_GIT_COMMIT,
        BigInt(metaStart),
        formatHumantime(now - metaStart),
        null,
        leader === m.index ? '{"is_leader":true}' : null,
      ]);
    }
    rows.push([
      -1n,
      'FRONTEND',
      frontend.peerAddr,
      frontend.hostname,
      2000n,
      4n * GIB,
      20n,
      201_326_592n,
      version,
      GREPTIME_GIT_COMMIT,
      BigInt(frontend.startMs),
      formatHumantime(now - frontend.startMs),
      formatHumantime(1000 + (now % 2000)),
      null,
    ]);
    const reported = reportedRegions(cluster);
    const ids = [...cluster.datanodes.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const dn = cluster.datanode(id);
      const seen = lastHeartbeatSeen(dn, Number.NEGATIVE_INFINITY, now);
      const mine = reported.filter((r) => r.peerId === id);
      const leaders = mine.filter((r) => r.role !== 'Follower').length;
      rows.push([
        BigInt(id),
        'DATANODE',
        dn.addr,
        `greptimedb-datanode-${id}`,
        4000n,
        8n * GIB,
        dn.running ? BigInt(100 + mine.length * 5) : 0n,
        dn.running ? GIB + BigInt(mine.length) * 8_388_608n : 0n,
        version,
        GREPTIME_GIT_COMMIT,
        BigInt(dn.epochMs),
        formatHumantime(now - dn.epochMs),
        seen === null ? null : formatHumantime(now - seen),
        `{"workloads":["hybrid"],"leader_regions":${leaders},"follower_regions":${mine.length - leaders}}`,
      ]);
    }
    return rows;
  },
};
