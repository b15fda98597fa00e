import { describe, expect, it } from 'vitest';
import type { NodeLeases, RegionRoute } from '../../domain/cluster-types';
import { INITIAL_REGION_LIST_QUERY } from '../../domain/region-list-query';
import { buildGridModel, describeBounds, describeSpread, selectRows } from './grid-model';
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

describe('selectRows', () => {
  // Regions 0..11 led round-robin by datanodes 0, 1, 2; region 5 also has a follower on 10.
  const routes = Array.from({ length: 12 }, (_, n) =>
    region(n, String(n % 3), n === 5 ? { followerPeers: [peer('10')] } : {}),
  );
  const model = buildGridModel(routes, leases);
  const ids = (order: Uint32Array) => [...order].map((i) => model.rows[i]?.regionNumber);
  const q = INITIAL_REGION_LIST_QUERY;

  it('keeps route order when nothing is asked', () => {
    expect(ids(selectRows(model, q, null))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('searches by the start of a region id, or by region number', () => {
    const id11 = String((1024n << 32n) | 11n);
    expect(ids(selectRows(model, { ...q, search: id11 }, null))).toEqual([11]);
    // Every id of the table starts with the same digits.
    expect(selectRows(model, { ...q, search: id11.slice(0, 6) }, null)).toHaveLength(12);
    expect(ids(selectRows(model, { ...q, search: '7' }, null))).toEqual([7]);
    expect(selectRows(model, { ...q, search: '99' }, null)).toHaveLength(0);
  });

  it('filters by datanode, followers included', () => {
    const index = (peerId: string) => model.datanodes.findIndex((d) => d.peerId === peerId);
    expect(ids(selectRows(model, { ...q, datanodeIndex: index('1') }, null))).toEqual([
      1, 4, 7, 10,
    ]);
    expect(ids(selectRows(model, { ...q, datanodeIndex: index('10') }, null))).toEqual([5]);
  });

  it('sorts by region id descending, and by size with unknown sizes last', () => {
    expect(ids(selectRows(model, { ...q, isDescending: true }, null)).slice(0, 3)).toEqual([
      11, 10, 9,
    ]);
    const sizes = Float64Array.from(model.rows, (row) =>
      row.regionNumber === 4 ? Number.NaN : (row.regionNumber * 7) % 12,
    );
    const bySize = ids(selectRows(model, { ...q, sort: 'bytes', isDescending: true }, sizes));
    expect(bySize.slice(0, 2)).toEqual([5, 10]);
    expect(bySize.at(-1)).toBe(4);
  });
});
