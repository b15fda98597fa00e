/** A minimal tracked migration record, for tests of what stores records. */
import type { TrackedMigration } from '../../../contract/tracked-migration.ts';

export function trackedMigration(id: string, phase: TrackedMigration['phase']): TrackedMigration {
  return {
    id,
    clusterId: 'default',
    idempotencyKey: null,
    request: {
      region_id: '4398046511104',
      from_peer_id: '1',
      to_peer_id: '2',
      replay_timeout: '5s',
    },
    tableId: 1024,
    replayTimeoutMs: 5000,
    boundMs: 30_000,
    startedBy: null,
    planRunId: null,
    submittedAtMs: 1_700_000_000_000,
    phase,
    procedureId: null,
    metasrvAddr: null,
    submissionNote: null,
    states: [],
    outcome: null,
    finishedAtMs: null,
    lastReadError: null,
  };
}
