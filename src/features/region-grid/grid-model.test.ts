// @vitest-environment jsdom
// jsdom: the table model is a React hook (useTable), exercised through renderHook.
import { describe, expect, it } from 'vitest';
import type { NodeLeases, RegionRoute } from '../../domain/cluster-types';
import { renderHook } from '@testing-library/react';
import type { RegionSize } from '../../../contract/sql-types';
import { INITIAL_REGION_LIST_QUERY, type RegionListQuery } from '../../domain/region-list-query';
import {
  buildGridModel,
  datanodeAddressLabels,
  describeBounds,
  describeSpread,
} from './grid-model';
import { useRegionTable } from './region-grid-columns';
import { toRegionRow } from '../../domain/region-row';

const NOW = 1_700_000_000_000;
const peer = (id: string) => ({ id, addr: `10.0.0.${id}:4001` });
function region(n: number, leader: string, extra: Partial<RegionRoute> = {}): RegionRoute {
  return {
    regionId: String((1024n << 32n) | BigInt(n)),
    regionNumber: n,
    name: '',
    partition: null,
    leaderPeer: peer(leader),
    followerPeers: [],
    leaderStatus: null,
    leaderDownSinceMs: null,
    ...extra,
  };
}
const leases: NodeLeases = {
  leases: ['10', '0', '1', '2'].map((id) => ({
    peerId: id,
    addr: `10.0.0.${id}:4001`,
    timestampMs: id === '2' ? NOW - 60_000 : NOW - 1_000,
    humanTime: '',
  })),
  metasrvNowMs: NOW,
};

describe('buildGridModel', () => {
  it('makes one column per datanode from leases plus route peers, sorted by peer id', () => {
    const model = buildGridModel([region(0, '0'), region(1, '7')], leases);
    expect(model.datanodes.map((d) => d.peerId)).toEqual(['0', '1', '2', '7', '10']);
    expect(model.datanodes.find((d) => d.peerId === '7')?.liveness).toEqual({ kind: 'no-lease' });
  });

  it('counts Downgraded leaders and followers per datanode and flags an uneven spread', () => {
    const routes = [
      region(0, '0'),
      region(1, '0'),
      region(2, '0', { leaderStatus: 'Downgraded' }),
      region(3, '0', { followerPeers: [peer('1')] }),
      region(4, '10'),
    ];
    const model = buildGridModel(routes, leases);
    const byId = new Map(model.datanodes.map((d) => [d.peerId, d]));
    expect(byId.get('0')).toMatchObject({ leaderCount: 4, spread: 'over' });
    expect(byId.get('1')).toMatchObject({ leaderCount: 0, followerCount: 1, spread: 'under' });
    // Dead and empty: not a place regions could go, so not "under".
    expect(byId.get('2')).toMatchObject({ leaderCount: 0, spread: 'even' });
    expect(model.evenShare).toBeCloseTo(5 / 3);
    expect(describeSpread(model)).toBe(
      'Uneven spread: datanode 0 leads 4, datanode 1 leads 0 of 5 regions; an even share is 1.7 per datanode.',
    );
  });

  it('calls a round-robin layout even', () => {
    const model = buildGridModel([region(0, '0'), region(1, '1'), region(2, '10')], leases);
    expect(model.isUneven).toBe(false);
    expect(describeSpread(model)).toBeNull();
  });
});

describe('describeBounds', () => {
  const withPartition = (columns: string[], bounds: RegionRoute['partition']) =>
    toRegionRow(region(0, '0', { partition: bounds === null ? null : { ...bounds, columns } }));

  it('puts v0.6 upper bounds behind their columns', () => {
    const row = withPartition(['host'], {
      columns: [],
      bounds: [{ kind: 'parsed', text: "'hz'" }],
    });
    expect(describeBounds(row)).toEqual([{ kind: 'text', text: "host < 'hz'" }]);
    const tuple = withPartition(['a', 'b'], {
      columns: [],
      bounds: [
        { kind: 'parsed', text: "'x'" },
        { kind: 'parsed', text: '10' },
      ],
    });
    expect(describeBounds(tuple)).toEqual([{ kind: 'text', text: "(a, b) < ('x', 10)" }]);
  });

  it('shows v0.7 expressions as they are, and unpartitioned tables plainly', () => {
    const expr = withPartition(['host'], {
      columns: [],
      bounds: [{ kind: 'parsed', text: "host >= 'h' AND host < 'm'" }],
    });
    expect(describeBounds(expr)).toEqual([{ kind: 'text', text: "host >= 'h' AND host < 'm'" }]);
    const whole = withPartition([], {
      columns: [],
      bounds: [{ kind: 'parsed', text: 'MAXVALUE' }],
    });
    expect(describeBounds(whole)).toEqual([{ kind: 'text', text: 'MAXVALUE (not partitioned)' }]);
  });

  it('keeps unparsed bounds raw, never dropped', () => {
    const row = withPartition(['host'], {
      columns: [],
      bounds: [
        { kind: 'parsed', text: "'a'" },
        { kind: 'raw', raw: '{"Future":true}' },
      ],
    });
    expect(describeBounds(row)).toEqual([
      { kind: 'text', text: "'a'" },
      { kind: 'raw', raw: '{"Future":true}' },
    ]);
  });
});

describe('the grid table model (sorting, filtering, row ids)', () => {
  // Regions 0..11 led round-robin by datanodes 0, 1, 2; region 5 also has a follower on 10.
  const routes = Array.from({ length: 12 }, (_, n) =>
    region(n, String(n % 3), n === 5 ? { followerPeers: [peer('10')] } : {}),
  );
  const model = buildGridModel(routes, leases);
  const q = INITIAL_REGION_LIST_QUERY;
  type Sizes = Parameters<typeof useRegionTable>[0]['sizes'];
  /** The regions the table shows, by region number, in display order. */
  function shown(query: RegionListQuery, sizes?: Sizes) {
    const { result } = renderHook(() =>
      useRegionTable({ model, sizes, query, isLeaderColumnShown: false }),
    );
    return result.current.getRowModel().rows.map((row) => row.original.region.regionNumber);
  }

  it('keeps region order to start with, with each row id the decimal region id', () => {
    const { result } = renderHook(() =>
      useRegionTable({ model, sizes: undefined, query: q, isLeaderColumnShown: false }),
    );
    const rows = result.current.getRowModel().rows;
    expect(rows.map((row) => row.original.region.regionNumber)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    expect(rows[11]?.id).toBe('4398046511115');
    expect(typeof rows[11]?.id).toBe('string');
  });

  it('sorts a route that lists its regions out of order by region id', () => {
    const reversed = buildGridModel([...routes].reverse(), leases);
    const { result } = renderHook(() =>
      useRegionTable({ model: reversed, sizes: undefined, query: q, isLeaderColumnShown: false }),
    );
    expect(
      result.current.getRowModel().rows.map((row) => row.original.region.regionNumber),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('searches by the start of a region id, or by region number; no match shows nothing', () => {
    const id11 = String((1024n << 32n) | 11n);
    expect(shown({ ...q, search: id11 })).toEqual([11]);
    // Every id of the table starts with the same digits.
    expect(shown({ ...q, search: id11.slice(0, 6) })).toHaveLength(12);
    expect(shown({ ...q, search: '7' })).toEqual([7]);
    expect(shown({ ...q, search: '99' })).toEqual([]);
  });

  it('filters by datanode, followers included; a datanode that is gone matches nothing', () => {
    const index = (peerId: string) => model.datanodes.findIndex((d) => d.peerId === peerId);
    expect(shown({ ...q, datanodeIndex: index('1') })).toEqual([1, 4, 7, 10]);
    expect(shown({ ...q, datanodeIndex: index('10') })).toEqual([5]);
    expect(shown({ ...q, datanodeIndex: 99 })).toEqual([]);
  });

  it('sorts by region id descending, by leader datanode, and by size with unknown sizes last', () => {
    expect(shown({ ...q, isDescending: true }).slice(0, 3)).toEqual([11, 10, 9]);
    expect(shown({ ...q, sort: 'datanode' })).toEqual([0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
    const sizes = model.rows.map((row) =>
      row.regionNumber === 4 ? undefined : sizeOf((row.regionNumber * 7) % 12),
    );
    const bySize = shown({ ...q, sort: 'bytes', isDescending: true }, sizes);
    expect(bySize.slice(0, 2)).toEqual([5, 10]);
    expect(bySize.at(-1)).toBe(4);
    expect(shown({ ...q, sort: 'bytes' }, sizes).at(-1)).toBe(4);
  });

  it('shows the Leader on column only when asked, and size columns only with sizes', () => {
    const { result } = renderHook(() =>
      useRegionTable({ model, sizes: undefined, query: q, isLeaderColumnShown: true }),
    );
    expect(result.current.getVisibleLeafColumns().map((c) => c.id)).toEqual([
      'regionId',
      'regionNumber',
      'partition',
      'leaderOn',
    ]);
  });
});

function sizeOf(diskSize: number): RegionSize {
  return {
    regionId: '0',
    tableId: 1024,
    regionNumber: 0,
    leaderPeerId: null,
    diskSize,
    rows: null,
    memtableSize: null,
    sstSize: null,
    sstNum: null,
    indexSize: null,
    manifestSize: null,
    engine: null,
    role: null,
  };
}

describe('datanodeAddressLabels', () => {
  it('elides what Kubernetes datanode addresses share, keeping the word (and a lone port)', () => {
    const addrs = [0, 1, 2, 10].map(
      (n) => `greptimedb-datanode-${String(n)}.greptimedb-datanode.my-greptimedb:4001`,
    );
    expect(datanodeAddressLabels(addrs)).toEqual([
      '…datanode-0…',
      '…datanode-1…',
      '…datanode-2…',
      '…datanode-10…',
    ]);
    expect(datanodeAddressLabels(['greptimedb-dn-1:4001', 'greptimedb-dn-2:4001'])).toEqual([
      '…dn-1:4001',
      '…dn-2:4001',
    ]);
  });

  it('keeps addresses that share nothing, and a single datanode, whole', () => {
    expect(datanodeAddressLabels(['alpha.example:4001', 'beta.example:4002'])).toEqual([
      'alpha.example:4001',
      'beta.example:4002',
    ]);
    expect(datanodeAddressLabels(['greptimedb-datanode-0.svc:4001'])).toEqual([
      'greptimedb-datanode-0.svc:4001',
    ]);
    expect(datanodeAddressLabels([])).toEqual([]);
  });

  it('shows IP addresses from the differing octet on', () => {
    expect(datanodeAddressLabels(['10.0.0.1:4001', '10.0.0.2:4001'])).toEqual([
      '…0.1:4001',
      '…0.2:4001',
    ]);
  });
});
