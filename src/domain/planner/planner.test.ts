/**
 * Property-based checks of the planners' promises (fast-check): random clusters of up to 9
 * datanodes (some dead) and 120 regions over a few tables, with and without a cap. Minimality
 * of the count rebalance is checked against two lower bounds every plan must pay: each move
 * takes one region off one datanode and puts it on one other, so reaching max − min ≤ 1 needs
 * at least Σ max(0, nᵢ − ⌈mean⌉) and at least Σ max(0, ⌊mean⌋ − nᵢ) moves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeRegionId } from '../../../contract/region-id.ts';
import { applyPlan } from './apply-plan.ts';
import { planDrain } from './drain.ts';
import { planRebalanceByBytes } from './rebalance-by-bytes.ts';
import { countTargets, planRebalanceByCount } from './rebalance-by-count.ts';
import { skewOf } from './skew.ts';
import { BYTES_CV_TOLERANCE, type Plan, type PlannerInput } from './planner-types.ts';

const EPS = 1e-9;

const clusterArb = (options: { allAlive?: boolean } = {}) =>
  fc
    .record({
      alive: fc.array(options.allAlive === true ? fc.constant(true) : fc.boolean(), {
        minLength: 1,
        maxLength: 9,
      }),
      regions: fc.array(
        fc.record({
          table: fc.integer({ min: 0, max: 3 }),
          node: fc.nat(),
          bytes: fc.integer({ min: 0, max: 10_000 }),
        }),
        { maxLength: 120 },
      ),
    })
    .map(({ alive, regions }): PlannerInput => {
      const numbers = new Map<number, number>();
      return {
        datanodes: alive.map((isAlive, i) => ({ peerId: String(i), isAlive })),
        regions: regions.map((r) => {
          const tableId = 1024 + r.table;
          const regionNumber = numbers.get(tableId) ?? 0;
          numbers.set(tableId, regionNumber + 1);
          return {
            regionId: composeRegionId(tableId, regionNumber),
            tableId,
            peerId: String(r.node % alive.length),
            bytes: r.bytes,
          };
        }),
      };
    });

const capArb = fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined });

function assertValidMoves(input: PlannerInput, plan: Plan): void {
  const alive = new Set(input.datanodes.filter((d) => d.isAlive).map((d) => d.peerId));
  const where = new Map(input.regions.map((r) => [r.regionId, r.peerId]));
  const moved = new Set<string>();
  for (const move of plan.moves) {
    expect(move.toPeerId).not.toBe(move.fromPeerId);
    expect(alive.has(move.toPeerId)).toBe(true);
    expect(where.get(move.regionId)).toBe(move.fromPeerId);
    expect(moved.has(move.regionId)).toBe(false);
    moved.add(move.regionId);
  }
}

function aliveCounts(input: PlannerInput): number[] {
  const counts = new Map(input.datanodes.filter((d) => d.isAlive).map((d) => [d.peerId, 0]));
  for (const r of input.regions) {
    const c = counts.get(r.peerId);
    if (c !== undefined) counts.set(r.peerId, c + 1);
  }
  return [...counts.values()];
}

describe('planner properties', () => {
  it('moves a region at most once in a bytes rebalance (fast-check counterexample, seed 46033877)', () => {
    const input: PlannerInput = {
      datanodes: ['0', '1', '2'].map((peerId) => ({ peerId, isAlive: true })),
      regions: [
        { regionId: '4398046511104', tableId: 1024, peerId: '0', bytes: 6 },
        { regionId: '4398046511105', tableId: 1024, peerId: '0', bytes: 2309 },
        { regionId: '4398046511106', tableId: 1024, peerId: '2', bytes: 2304 },
        { regionId: '4398046511107', tableId: 1024, peerId: '1', bytes: 4 },
        { regionId: '4398046511108', tableId: 1024, peerId: '0', bytes: 2312 },
      ],
    };
    assertValidMoves(input, planRebalanceByBytes(input));
  });

  it('never moves a region to its own datanode or to a dead one, in any plan', () => {
    fc.assert(
      fc.property(clusterArb(), capArb, fc.nat(), (input, cap, pick) => {
        assertValidMoves(input, planRebalanceByCount(input, cap));
        assertValidMoves(input, planRebalanceByBytes(input, cap));
        const peer = input.datanodes[pick % input.datanodes.length]?.peerId ?? '0';
        assertValidMoves(input, planDrain(input, { peerId: peer, maxMoves: cap }));
      }),
    );
  });

  it('applying a rebalance never increases skew, whatever the cap', () => {
    fc.assert(
      fc.property(clusterArb(), capArb, (input, cap) => {
        const byCount = applyPlan(input, planRebalanceByCount(input, cap).moves);
        expect(byCount.countSkewAfter.cv).toBeLessThanOrEqual(byCount.countSkewBefore.cv + EPS);
        expect(byCount.countSkewAfter.maxOverMean).toBeLessThanOrEqual(
          byCount.countSkewBefore.maxOverMean + EPS,
        );
        const bytesPlan = planRebalanceByBytes(input, cap);
        const byBytes = applyPlan(input, bytesPlan.moves);
        expect(byBytes.bytesSkewAfter.cv).toBeLessThanOrEqual(byBytes.bytesSkewBefore.cv + EPS);
        expect(byBytes.bytesSkewAfter.maxOverMean).toBeLessThanOrEqual(
          byBytes.bytesSkewBefore.maxOverMean + EPS,
        );
      }),
    );
  });

  it('a count rebalance reaches max − min ≤ 1 in exactly the minimum number of moves', () => {
    fc.assert(
      fc.property(clusterArb({ allAlive: true }), (input) => {
        const plan = planRebalanceByCount(input);
        const before = aliveCounts(input);
        const { mean } = skewOf(before);
        const overCeil = before.reduce((s, n) => s + Math.max(0, n - Math.ceil(mean)), 0);
        const underFloor = before.reduce((s, n) => s + Math.max(0, Math.floor(mean) - n), 0);
        const after = applyPlan(input, plan.moves).datanodes.map((d) => d.countAfter);
        expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
        // Both bounds hold for every plan; meeting the larger one proves minimality.
        expect(plan.moves).toHaveLength(Math.max(overCeil, underFloor));
        expect(plan.cutByCap).toBe(0);
      }),
    );
  });

  it('a capped count rebalance makes exactly min(cap, minimum) moves', () => {
    fc.assert(
      fc.property(clusterArb(), fc.integer({ min: 0, max: 20 }), (input, cap) => {
        const alive = input.datanodes.filter((d) => d.isAlive);
        const { minimalMoves } = countTargets(
          alive.map((d) => ({
            peerId: d.peerId,
            count: input.regions.filter((r) => r.peerId === d.peerId).length,
          })),
        );
        const expected = alive.length < 2 ? 0 : Math.min(cap, minimalMoves);
        expect(planRebalanceByCount(input, cap).moves).toHaveLength(expected);
      }),
    );
  });

  it('a bytes rebalance stays within the cap and reports the CV it reaches', () => {
    fc.assert(
      fc.property(clusterArb(), capArb, (input, cap) => {
        const plan = planRebalanceByBytes(input, cap);
        if (cap !== undefined) expect(plan.moves.length).toBeLessThanOrEqual(cap);
        const alive = new Set(input.datanodes.filter((d) => d.isAlive).map((d) => d.peerId));
        const after = applyPlan(input, plan.moves).datanodes.filter((d) => alive.has(d.peerId));
        expect(plan.cvAfter).toBeCloseTo(skewOf(after.map((d) => d.bytesAfter)).cv, 9);
      }),
    );
  });

  it('a drain empties the datanode (of the chosen tables) when another datanode is alive', () => {
    fc.assert(
      fc.property(
        clusterArb(),
        fc.nat(),
        fc.option(fc.subarray([1024, 1025, 1026, 1027]), { nil: undefined }),
        (input, pick, tables) => {
          const peerId = input.datanodes[pick % input.datanodes.length]?.peerId ?? '0';
          const tableIds = tables === undefined ? undefined : new Set(tables);
          const plan = planDrain(input, { peerId, tableIds });
          const hasTarget = input.datanodes.some((d) => d.isAlive && d.peerId !== peerId);
          const chosen = (t: number) => tableIds === undefined || tableIds.has(t);
          const left = input.regions.filter((r) => r.peerId === peerId && chosen(r.tableId));
          if (hasTarget) {
            expect(plan.moves).toHaveLength(left.length);
          } else {
            expect(plan.moves).toHaveLength(0);
          }
          const after = applyPlan(input, plan.moves).datanodes.find((d) => d.peerId === peerId);
          const kept = input.regions.filter((r) => r.peerId === peerId && !chosen(r.tableId));
          if (hasTarget) expect(after?.countAfter).toBe(kept.length);
        },
      ),
    );
  });
});

describe('drain to a chosen target (move a table from datanode A to datanode B)', () => {
  const input: PlannerInput = {
    regions: [
      { regionId: '4398046511104', tableId: 1024, peerId: '0', bytes: 10 },
      { regionId: '4398046511105', tableId: 1024, peerId: '0', bytes: 20 },
      { regionId: '4398046511106', tableId: 1024, peerId: '1', bytes: 30 },
      { regionId: '4402341478400', tableId: 1025, peerId: '0', bytes: 40 },
    ],
    datanodes: [
      { peerId: '0', isAlive: true },
      { peerId: '1', isAlive: true },
      { peerId: '2', isAlive: true },
      { peerId: '3', isAlive: false },
    ],
  };

  it('moves every region of the table on A to B, and nothing else', () => {
    const plan = planDrain(input, { peerId: '0', tableIds: new Set([1024]), targetPeerId: '2' });
    expect(plan.moves.map((m) => [m.regionId, m.fromPeerId, m.toPeerId])).toEqual([
      ['4398046511104', '0', '2'],
      ['4398046511105', '0', '2'],
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('drains a whole datanode to the chosen target, up to the cap', () => {
    const plan = planDrain(input, { peerId: '0', targetPeerId: '1', maxMoves: 2 });
    expect(plan.moves.map((m) => m.toPeerId)).toEqual(['1', '1']);
    expect(plan.cutByCap).toBe(1);
  });

  it('refuses a dead or unknown target, and the drained datanode itself, saying why', () => {
    for (const [target, note] of [
      ['3', 'Datanode 3 is not alive (or unknown), so it cannot take regions.'],
      ['9', 'Datanode 9 is not alive (or unknown), so it cannot take regions.'],
      ['0', 'The target is the drained datanode itself.'],
    ] as const) {
      const plan = planDrain(input, {
        peerId: '0',
        tableIds: new Set([1024]),
        targetPeerId: target,
      });
      expect(plan.moves).toEqual([]);
      expect(plan.cutByCap).toBe(2);
      expect(plan.notes).toEqual([note]);
    }
  });
});

describe('rebalance by count: bytes', () => {
  /** Bytes CV over the alive datanodes, before and after the plan's moves. */
  function aliveBytesCv(input: PlannerInput, plan: Plan) {
    const alive = applyPlan(input, plan.moves).datanodes.filter((d) => d.isAlive);
    return {
      before: skewOf(alive.map((d) => d.bytesBefore)).cv,
      after: skewOf(alive.map((d) => d.bytesAfter)).cv,
    };
  }

  it('never raises the bytes CV by more than 0.01 without saying so, with both figures (up to 8 datanodes)', () => {
    const upTo8 = clusterArb().filter((input) => input.datanodes.length <= 8);
    fc.assert(
      fc.property(upTo8, capArb, (input, cap) => {
        const plan = planRebalanceByCount(input, cap);
        const { before, after } = aliveBytesCv(input, plan);
        if (input.datanodes.filter((d) => d.isAlive).length < 2) return;
        expect(plan.bytesCv?.before).toBeCloseTo(before, 9);
        expect(plan.bytesCv?.after).toBeCloseTo(after, 9);
        const isWorse = after > before + BYTES_CV_TOLERANCE;
        expect(plan.bytesCv?.isWorse).toBe(isWorse);
        if (isWorse) expect(plan.notes.join(' ')).toMatch(/raises the bytes CV from/);
      }),
    );
  });

  it('moves the regions that keep bytes even: small ones off a datanode crowded with them', () => {
    // Counts 4, 1, 1 (bytes 8, 8, 8): two moves off datanode 0 are needed whatever is chosen.
    const region = (n: number, peerId: string, bytes: number) => ({
      regionId: composeRegionId(1024, n),
      tableId: 1024,
      peerId,
      bytes,
    });
    const input: PlannerInput = {
      datanodes: ['0', '1', '2'].map((peerId) => ({ peerId, isAlive: true })),
      regions: [
        region(0, '0', 5),
        region(1, '0', 1),
        region(2, '0', 1),
        region(3, '0', 1),
        region(4, '1', 8),
        region(5, '2', 8),
      ],
    };
    const plan = planRebalanceByCount(input);
    expect(plan.moves.map((m) => m.bytes)).toEqual([1, 1]);
    const after = applyPlan(input, plan.moves).datanodes.map((d) => d.bytesAfter);
    expect(after).toEqual([6, 9, 9]);
    // Unavoidable here (datanode 0 must lose bytes), so the plan says so with both figures.
    expect(plan.bytesCv).toMatchObject({ before: 0, isWorse: true });
    expect(plan.notes).toContain(
      'Balancing region counts raises the bytes CV from 0.000 to 0.177 (by more than 0.01).',
    );
  });
});

describe('planner examples', () => {
  it('needs one move for counts 2, 2, 0 (the ⌈mean⌉ formula alone says 0)', () => {
    const input: PlannerInput = {
      datanodes: ['0', '1', '2'].map((peerId) => ({ peerId, isAlive: true })),
      regions: [
        { regionId: composeRegionId(1024, 0), tableId: 1024, peerId: '0', bytes: 1 },
        { regionId: composeRegionId(1024, 1), tableId: 1024, peerId: '0', bytes: 1 },
        { regionId: composeRegionId(1025, 0), tableId: 1025, peerId: '1', bytes: 1 },
        { regionId: composeRegionId(1025, 1), tableId: 1025, peerId: '1', bytes: 1 },
      ],
    };
    const plan = planRebalanceByCount(input);
    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]?.toPeerId).toBe('2');
  });

  it('spreads a crowded table over the datanodes it moves to', () => {
    const regions = Array.from({ length: 12 }, (_, i) => ({
      regionId: composeRegionId(1026, i),
      tableId: 1026,
      peerId: '0',
      bytes: 100,
    }));
    const input: PlannerInput = {
      datanodes: ['0', '1', '2', '3'].map((peerId) => ({ peerId, isAlive: true })),
      regions,
    };
    const after = applyPlan(input, planRebalanceByCount(input).moves);
    expect(after.datanodes.map((d) => d.countAfter)).toEqual([3, 3, 3, 3]);
  });
});
