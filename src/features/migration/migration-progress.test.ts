/**
 * The classifier is pure, so these tests build observation sequences by hand: what a 1 s poll
 * of the route would have seen at each moment after submission (t = 0).
 */
import { describe, expect, it } from 'vitest';
import type { TableRoute } from '../../domain/cluster-types';
import {
  classifyMigration,
  recordObservation,
  regionStateOf,
  type Observation,
  type RegionState,
} from './migration-progress';
import { procedureBoundMs } from './replay-timeout';

const SOURCE = '0';
const TARGET = '2';
const BOUND = procedureBoundMs(1_000); // replay timeout 1 s -> 10 + 3 x 2 + 15 = 31 s

const onSource: RegionState = { kind: 'led', leaderPeerId: SOURCE, isDowngraded: false };
const downgraded: RegionState = { kind: 'led', leaderPeerId: SOURCE, isDowngraded: true };
const onTarget: RegionState = { kind: 'led', leaderPeerId: TARGET, isDowngraded: false };

function follow(seen: Array<[number, RegionState]>, nowMs: number) {
  const observations = seen.reduce<readonly Observation[]>(
    (acc, [atMs, state]) => recordObservation(acc, { atMs, state }),
    [],
  );
  return classifyMigration({
    sourcePeerId: SOURCE,
    targetPeerId: TARGET,
    submittedAtMs: 0,
    boundMs: BOUND,
    observations,
    nowMs,
  });
}

describe('classifyMigration', () => {
  it('is done when the target leads and leader_status is gone', () => {
    const progress = follow(
      [
        [300, onSource],
        [1_300, downgraded],
        [2_300, downgraded],
        [3_300, onTarget],
      ],
      3_500,
    );
    expect(progress.outcome).toEqual({ kind: 'done' });
    expect(progress.isTerminal).toBe(true);
    expect(progress.states.map((s) => s.label)).toEqual([
      'Leader on datanode 0',
      'Downgraded (leader still datanode 0)',
      'Leader on datanode 2',
    ]);
    // Each state keeps the time it was first seen; elapsed stops at the decisive read.
    expect(progress.states[1]?.atMs).toBe(1_300);
    expect(progress.elapsedMs).toBe(3_300);
  });

  it('is done even when the Downgraded phase fell between two reads', () => {
    expect(follow([[1_000, onTarget]], 1_200).outcome).toEqual({ kind: 'done' });
  });

  it('is rolled back when Downgraded clears with the leader still on the source', () => {
    const progress = follow(
      [
        [500, onSource],
        [1_500, downgraded],
        [9_500, onSource],
      ],
      9_600,
    );
    expect(progress.outcome).toEqual({ kind: 'rolled-back' });
    expect(progress.isTerminal).toBe(true);
    expect(progress.elapsedMs).toBe(9_500);
  });

  it('is in progress while Downgraded, within the bound', () => {
    const progress = follow(
      [
        [500, onSource],
        [1_500, downgraded],
      ],
      20_000,
    );
    expect(progress.outcome).toEqual({ kind: 'in-progress' });
    expect(progress.isTerminal).toBe(false);
    expect(progress.elapsedMs).toBe(20_000);
  });

  it('is in progress before anything changed, within the bound', () => {
    expect(follow([[500, onSource]], 5_000).outcome).toEqual({ kind: 'in-progress' });
    expect(follow([], 5_000).outcome).toEqual({ kind: 'in-progress' });
  });

  it('is not progressing when still Downgraded past the bound', () => {
    const progress = follow(
      [
        [500, onSource],
        [1_500, downgraded],
      ],
      BOUND + 1,
    );
    expect(progress.outcome).toEqual({ kind: 'not-progressing', sawChange: true });
    expect(progress.isTerminal).toBe(true);
  });

  it('is not progressing when nothing changed within the bound', () => {
    expect(follow([[500, onSource]], BOUND + 1).outcome).toEqual({
      kind: 'not-progressing',
      sawChange: false,
    });
    expect(follow([], BOUND + 1).outcome.kind).toBe('not-progressing');
  });

  it('reports a route that moved somewhere else', () => {
    const progress = follow([[800, { kind: 'led', leaderPeerId: '3', isDowngraded: false }]], 900);
    expect(progress.outcome.kind).toBe('diverged');
    expect(follow([[800, { kind: 'missing' }]], 900).outcome.kind).toBe('diverged');
  });

  it('scales the bound with the replay timeout', () => {
    expect(procedureBoundMs(300_000)).toBe(10_000 + 3 * 301_000 + 15_000);
  });
});

describe('regionStateOf', () => {
  const route: TableRoute = {
    type: 'physical',
    tableId: 1024,
    version: '3',
    wireForm: 'object',
    regionRoutes: [
      {
        regionId: '4398046511104',
        regionNumber: 0,
        name: '',
        partition: null,
        leaderPeer: { id: '0', addr: '127.0.0.1:4100' },
        followerPeers: [],
        leaderStatus: 'Downgraded',
        leaderDownSinceMs: 1,
      },
    ],
  };

  it('reads the leader and status of one region', () => {
    expect(regionStateOf(route, '4398046511104')).toEqual(downgraded);
    expect(regionStateOf(route, '4398046511105')).toEqual({ kind: 'missing' });
  });
});
