import { describe, expect, it } from 'vitest';
import {
  OPEN_CANDIDATE_RETRY_BUDGET_MS,
  isPastOwnBound,
  procedureRetryDelayMs,
  procedureOwnBoundMs,
  sqlProcedureBoundMs,
  type TrackedMigration,
} from './tracked-migration.ts';

function following(boundMs: number): TrackedMigration {
  return {
    id: 'm1',
    clusterId: 'default',
    idempotencyKey: null,
    request: {
      region_id: '4398046511104',
      from_peer_id: '1',
      to_peer_id: '2',
      replay_timeout: '5m',
    },
    tableId: 1024,
    replayTimeoutMs: 300_000,
    boundMs,
    startedBy: null,
    planRunId: null,
    submittedAtMs: 0,
    phase: 'following',
    procedureId: null,
    metasrvAddr: null,
    submissionNote: null,
    states: [],
    outcome: null,
    finishedAtMs: null,
    lastReadError: null,
  };
}

describe('procedure bounds', () => {
  it('legacy: 10 s lease wait plus 3 tries of (replay timeout + 1 s)', () => {
    expect(procedureOwnBoundMs(5_000)).toBe(10_000 + 3 * 6_000);
  });

  it('SQL path: the overall timeout (v0.9.4+) is the bound, a replay timeout gives the legacy one', () => {
    expect(sqlProcedureBoundMs(300, 'overall')).toBe(300_000);
    expect(sqlProcedureBoundMs(10, 'replay')).toBe(procedureOwnBoundMs(10_000));
  });

  it('warns against the bound recorded with the migration, not one recomputed from its replay timeout', () => {
    const overall = following(30_000);
    expect(isPastOwnBound(overall, 29_000)).toBe(false);
    expect(isPastOwnBound(overall, 31_000)).toBe(true);
    expect(isPastOwnBound({ ...overall, phase: 'finished' }, 31_000)).toBe(false);
  });
});

describe('the procedure manager retry policy (v0.7.2)', () => {
  it('waits 0.5 s, doubling, capped at 60 s, and allows OpenCandidateRegion 376.5 s in all', () => {
    const delays = Array.from({ length: 12 }, (_, i) => procedureRetryDelayMs(i + 1));
    expect(delays).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000, 60_000,
    ]);
    expect(OPEN_CANDIDATE_RETRY_BUDGET_MS).toBe(376_500);
  });
});
