/** A move of a stored plan run, in a given status, as the executor would have left it. */
import type { PlanRunMove } from '../../../contract/plan-run-contract.ts';

export function planRunMove(regionId: string, status: PlanRunMove['status']): PlanRunMove {
  return {
    regionId,
    tableId: 1024,
    fromPeerId: '1',
    toPeerId: '2',
    bytes: 0,
    status,
    reason: null,
    migrationId: status === 'pending' ? null : `m-${regionId}`,
    startedAtMs: status === 'pending' ? null : 1_000,
    finishedAtMs: status === 'done' ? 2_000 : null,
  };
}
