/**
 * Joins answer as the nested loop defines them (every pair ON holds for, unmatched LEFT rows with
 * NULLs), whether the executor indexes the joined table on an `ON x = y` equality or not.
 */
import { describe, expect, it } from 'vitest';
import { regionStatisticsStatement } from '../../contract/sql/statements.ts';
import { buildSqlCluster, runSql } from '../testing/sql-fixture.ts';
import type { EmulatedCluster } from '../model/cluster.ts';

type Cell = string | number | boolean | null;

function rowsOf(cluster: EmulatedCluster, sql: string): Cell[][] {
  const r = runSql(cluster, sql);
  expect(r.status).toBe(200);
  const answer = JSON.parse(r.body) as { output: { records: { rows: Cell[][] } }[] };
  return answer.output[0]?.records.rows ?? [];
}

describe('joins', () => {
  it('names each region’s leader beside its statistics, as region_peers has it (the sampler’s join)', () => {
    const { cluster } = buildSqlCluster();
    const leaders = new Map(
      rowsOf(
        cluster,
        "SELECT region_id, peer_id FROM information_schema.region_peers WHERE is_leader = 'Yes'",
      ).map(([regionId, peerId]) => [regionId, peerId]),
    );
    const statistics = rowsOf(
      cluster,
      'SELECT region_id FROM information_schema.region_statistics',
    );
    const joined = rowsOf(cluster, regionStatisticsStatement(undefined));
    expect(statistics.length).toBeGreaterThan(0);
    expect(joined).toHaveLength(statistics.length);
    for (const [leaderPeerId, regionId] of joined) {
      expect(leaderPeerId).toBe(leaders.get(regionId ?? null));
    }
  });

  it('keeps every left row once with NULLs where ON never holds, and pairs every match otherwise', () => {
    const { cluster } = buildSqlCluster();
    const peers = rowsOf(cluster, 'SELECT region_id FROM information_schema.region_peers');
    const none = rowsOf(
      cluster,
      'SELECT r.region_id, s.region_id FROM information_schema.region_peers r ' +
        'LEFT JOIN information_schema.region_statistics s ' +
        "ON s.region_id = r.region_id AND r.is_leader = 'Never'",
    );
    expect(none).toHaveLength(peers.length);
    expect(none.every(([, right]) => right === null)).toBe(true);
    // A key many rows share (a peer id): every pair of matching rows, as the nested loop pairs them.
    const byPeer = rowsOf(
      cluster,
      'SELECT r.region_id FROM information_schema.region_peers r ' +
        'JOIN information_schema.region_peers q ON q.peer_id = r.peer_id',
    );
    const perPeer = new Map<Cell, number>();
    for (const [peerId] of rowsOf(cluster, 'SELECT peer_id FROM information_schema.region_peers')) {
      perPeer.set(peerId ?? null, (perPeer.get(peerId ?? null) ?? 0) + 1);
    }
    expect(byPeer).toHaveLength([...perPeer.values()].reduce((sum, n) => sum + n * n, 0));
  });
});
