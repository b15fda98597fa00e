import { describe, expect, it } from 'vitest';
import type { NodeLeases } from './cluster-types';
import type { ClusterNode, RegionSize } from '../../contract/sql-types';
import { buildDatanodeFigures, describeLoad } from './datanode-figures';

const NOW = 1_700_000_000_000;
const leases: NodeLeases = {
  leases: [
    { peerId: '1', addr: 'dn-1:4001', timestampMs: NOW - 2_000, humanTime: '' },
    { peerId: '0', addr: 'dn-0:4001', timestampMs: NOW - 30_000, humanTime: '' },
  ],
  metasrvNowMs: NOW,
};

const node = (peerId: string, peerType = 'DATANODE'): ClusterNode => ({
  peerId,
  peerType,
  addr: `dn-${peerId}:4001`,
  version: '1.1.4',
  uptime: '2h 3m',
  activeTime: '1s 200ms',
  startTimeMs: NOW - 7_380_000,
  workloads: ['hybrid'],
  leaderRegions: null,
  followerRegions: null,
});

const size = (
  regionId: string,
  tableId: number,
  leaderPeerId: string | null,
  role: string,
  diskSize: number,
): RegionSize => ({
  regionId,
  tableId,
  regionNumber: 0,
  leaderPeerId,
  rows: 1_000,
  diskSize,
  memtableSize: 10,
  manifestSize: 1,
  sstSize: diskSize - 11,
  sstNum: 1,
  indexSize: 0,
  engine: 'mito',
  role,
});

describe('datanode figures on the SQL path', () => {
  const sizes = [
    size('4398046511104', 1024, '0', 'Leader', 2048),
    size('4398046511105', 1024, '1', 'Leader(Downgrading)', 1024),
    size('4402341478400', 1025, '1', 'Leader', 1024),
    // The source of a just-moved region still reports it: not counted twice, nor as a leader.
    size('4398046511105', 1024, '1', 'Follower', 999_999),
    size('4402341478401', 1025, null, 'Leader', 999_999),
  ];

  it('joins cluster_info and leases, and sums region_statistics over the regions each leads', () => {
    const figures = buildDatanodeFigures(
      { leases, nodes: [node('-1', 'FRONTEND'), node('1'), node('2')], sizes },
      1024,
    );
    expect(figures.map((f) => [f.peerId, f.liveness.kind, f.node?.version ?? null])).toEqual([
      ['0', 'expired', null],
      ['1', 'alive', '1.1.4'],
      // Known to cluster_info but holding no lease: listed, and said so.
      ['2', 'no-lease', '1.1.4'],
    ]);
    expect(figures.map((f) => [f.tableRegions, f.clusterRegions, f.storage?.diskSize])).toEqual([
      [1, 1, 2048],
      [1, 2, 2048],
      [0, 0, 0],
    ]);
    expect(figures[1]?.storage?.rows).toBe(2_000);
    expect(describeLoad(figures[1])).toBe(
      'leader regions: 1 of this table, 2 in the cluster · disk 2.0 KiB · 2,000 rows',
    );
  });

  it('has no counts while region_statistics has not answered', () => {
    const [figure] = buildDatanodeFigures({ leases, nodes: [node('0')] }, 1024);
    expect(figure?.clusterRegions).toBeNull();
    expect(describeLoad(figure)).toBeNull();
  });
});
