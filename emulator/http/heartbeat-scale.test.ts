/**
 * Heartbeat stat history quirks and scale, on a ManualClock and the pure admin handler
 * (no sockets): stored histories hold exactly 1 or 10 stats, a moved region lingers on its
 * source, and a 100,000-region cluster builds in seconds and answers a route read in ms.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../clock.ts';
import { EmulatedCluster } from '../model/cluster.ts';
import { handleAdminRequest } from './legacy-admin.ts';

const StatSchema = z.object({
  timestamp_millis: z.number(),
  id: z.number(),
  region_num: z.number(),
  region_stats: z.array(
    z.object({
      // Region ids are below 2^53 in this test, so JSON.parse keeps them exact.
      id: z.number(),
      rcus: z.literal(0),
      wcus: z.literal(0),
      approximate_bytes: z.number().int().positive(),
      approximate_rows: z.literal(0),
      engine: z.enum(['mito', 'metric']),
      role: z.enum(['Leader', 'Follower']),
    }),
  ),
});
const HeartbeatSchema = z.array(z.array(StatSchema));

function heartbeat(cluster: EmulatedCluster) {
  const r = handleAdminRequest({ cluster, api: 'v0.7', nodeIndex: 0 }, '/admin/heartbeat');
  return HeartbeatSchema.parse(JSON.parse(r.body));
}

describe('heartbeat stats', () => {
  it('holds exactly 1 or 10 stats per datanode, with realistic sizes and zero rcus/wcus/rows', () => {
    const cluster = new EmulatedCluster(new ManualClock(), { seed: 4, datanodes: 4 });
    const histories = heartbeat(cluster);
    expect(histories).toHaveLength(4);
    for (const history of histories) {
      expect([1, 10]).toContain(history.length);
      for (const stat of history) expect(stat.region_num).toBe(stat.region_stats.length);
    }
  });

  it('starts over with 1 stat per datanode on a new leader, missing until the first heartbeat', () => {
    const clock = new ManualClock();
    const cluster = new EmulatedCluster(clock, { seed: 4, datanodes: 4 });
    cluster.stopMetasrv(0);
    clock.advance(3_000);
    expect(heartbeat(cluster).length).toBe(0);
    clock.advance(3_000);
    expect(heartbeat(cluster).map((h) => h.length)).toEqual([1, 1, 1, 1]);
    clock.advance(30_000);
    expect(heartbeat(cluster).map((h) => h.length)).toEqual([10, 10, 10, 10]);
  });

  it('keeps showing a moved region on its source for a while, as v0.7.2 does', () => {
    const clock = new ManualClock();
    const cluster = new EmulatedCluster(clock, { seed: 4, datanodes: 4, empty: true });
    cluster.createPhysicalTable({
      tableId: 3000,
      name: 'moved',
      leaderPeerIds: [0, 1],
      createdOnMs: clock.now(),
    });
    const regionId = (3000n << 32n) | 0n;
    const id = cluster.submitRegionMigration(
      0,
      { clusterId: 0n, regionId, fromPeerId: 0n, toPeerId: 3n, replayTimeoutMs: 5_000 },
      'v0.7',
    );
    if (id === null) throw new Error('not submitted');
    while (cluster.procedure(id)?.status === 'Running') clock.advance(10);
    expect(cluster.regionLeader(regionId)).toBe(3);
    const latestHas = (peer: number) =>
      heartbeat(cluster)
        .filter((h) => h[0]?.id === peer)
        .some((h) => h.at(-1)?.region_stats.some((s) => s.id === Number(regionId)) === true);
    // Stored histories lag (flushed every 10 heartbeats): the source still reports it.
    expect(latestHas(0)).toBe(true);
    clock.advance(60_000);
    expect(latestHas(0)).toBe(false);
    expect(latestHas(3)).toBe(true);
  });
});

describe('scale', () => {
  // How fast it builds and answers is the bench's to measure (npm run bench), not a test's.
  it('builds 100,000 regions over 200 datanodes and answers a route and the leases', () => {
    const cluster = new EmulatedCluster(new ManualClock(), {
      seed: 9,
      datanodes: 200,
      tables: 5_000,
      regions: 100_000,
    });
    let regions = 0;
    for (const t of cluster.allTables()) if (t.kind === 'physical') regions += t.regions.length;
    expect(regions).toBe(100_000);

    const r = handleAdminRequest(
      { cluster, api: 'v0.7', nodeIndex: 0 },
      `/admin/route?table_id=${1024 + 4_321}`,
    );
    expect(r.status).toBe(200);
    const lease = handleAdminRequest(
      { cluster, api: 'v0.7', nodeIndex: 0 },
      '/admin/node-lease?cluster_id=0',
    );
    expect(z.array(z.unknown()).parse(JSON.parse(lease.body))).toHaveLength(200);
  });
});
