/**
 * The target's lease is judged on MetaSrv's clock (the `Date` of its answer), not on the
 * console's: the two can differ by any amount, and a MetaSrv running ahead would otherwise keep
 * a stopped target "alive" for as long as the difference.
 */
import { describe, expect, it } from 'vitest';
import type { TrackedMigration } from '../../contract/tracked-migration.ts';
import type { LeaderReadResult } from './migration-tracker.ts';
import { observeTarget } from './target-evidence.ts';
import { trackedMigration } from './test-support/tracked-record.ts';

const CONSOLE_NOW_MS = 1_700_000_000_000;
/** MetaSrv's clock, a minute ahead of the console's. */
const METASRV_NOW_MS = CONSOLE_NOW_MS + 60_000;

const record: TrackedMigration = {
  ...trackedMigration('m1', 'following'),
  target: {
    addr: 'dn-2:4001',
    leaseAtSubmissionMs: METASRV_NOW_MS - 30_000,
    lastLeaseMs: METASRV_NOW_MS - 30_000,
    leaseLostAtMs: null,
    reportedRegionAtMs: null,
  },
};

function leasesAnswer(leaseMs: number, dateMs?: number): LeaderReadResult {
  const body = JSON.stringify([
    {
      name: { cluster_id: 0, node_id: 2 },
      lease: { timestamp_millis: leaseMs, node_addr: 'dn-2:4001' },
    },
  ]);
  return {
    kind: 'response',
    addr: 'metasrv-0:3002',
    status: 200,
    body,
    ...(dateMs === undefined ? {} : { dateMs }),
  };
}

function readsOf(leases: LeaderReadResult) {
  return (pathAndQuery: string): Promise<LeaderReadResult> =>
    Promise.resolve(
      pathAndQuery.startsWith('/admin/node-lease')
        ? leases
        : { kind: 'failed', message: 'no heartbeat read here' },
    );
}

describe('observeTarget', () => {
  it('counts a lease 15 s old on MetaSrv’s clock as lost, though the console’s clock is behind', async () => {
    const lastLeaseMs = METASRV_NOW_MS - 15_000;
    const evidence = await observeTarget(
      record,
      readsOf(leasesAnswer(lastLeaseMs, METASRV_NOW_MS)),
      () => CONSOLE_NOW_MS,
    );
    expect(evidence.leaseLostAtMs).toBe(lastLeaseMs + 10_000);
  });

  it('counts a lease renewed 2 s ago on MetaSrv’s clock as held', async () => {
    const evidence = await observeTarget(
      record,
      readsOf(leasesAnswer(METASRV_NOW_MS - 2_000, METASRV_NOW_MS)),
      // The console's clock far ahead must not expire it either.
      () => METASRV_NOW_MS + 3_600_000,
    );
    expect(evidence.leaseLostAtMs).toBeNull();
    expect(evidence.lastLeaseMs).toBe(METASRV_NOW_MS - 2_000);
  });

  it('learns nothing from a lease read that failed', async () => {
    const evidence = await observeTarget(
      record,
      readsOf({ kind: 'failed', message: 'no leader' }),
      () => METASRV_NOW_MS + 3_600_000,
    );
    expect(evidence).toEqual(record.target);
  });
});
