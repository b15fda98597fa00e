/**
 * Reads a migration's progress from the table route, the only evidence legacy MetaSrv gives
 * over HTTP (API.md §2): Downgrade sets `leader_status`, Upgrade moves the leader to the
 * target and clears it, Rollback clears it with the leader still on the source. Pure: the
 * tracker feeds it each route read and journals what it returns.
 */
import {
  GIVE_UP_MARGIN_MS,
  type MigrationOutcome,
  type RegionState,
  type SeenState,
  type TrackedMigration,
} from '../../contract/tracked-migration.ts';

export function describeState(
  state: RegionState,
  migration: Pick<TrackedMigration, 'request'>,
): Omit<SeenState, 'atMs'> {
  const { from_peer_id: source, to_peer_id: target } = migration.request;
  switch (state.kind) {
    case 'missing':
      return { code: 'missing', label: 'Region not in the route' };
    case 'no-leader':
      return { code: 'no-leader', label: 'No leader' };
    case 'led':
      if (state.isDowngraded) {
        return {
          code: 'downgraded',
          label: `Downgraded (leader still datanode ${state.leaderPeerId})`,
        };
      }
      if (state.leaderPeerId === target) {
        return { code: 'leader-moved', label: `Leader moved to datanode ${target}` };
      }
      if (state.leaderPeerId === source) {
        return { code: 'leader-on-source', label: `Leader on datanode ${source}` };
      }
      return { code: 'elsewhere', label: `Leader on datanode ${state.leaderPeerId}` };
  }
}

function finish(
  migration: TrackedMigration,
  outcome: MigrationOutcome,
  atMs: number,
): TrackedMigration {
  return { ...migration, phase: 'finished', outcome, finishedAtMs: atMs };
}

export function giveUpIfPastBound(migration: TrackedMigration, nowMs: number): TrackedMigration {
  if (nowMs - migration.submittedAtMs <= migration.boundMs + GIVE_UP_MARGIN_MS) return migration;
  const sawChange = migration.states.some(
    (s) => s.code !== 'submitted' && s.code !== 'leader-on-source',
  );
  return finish(migration, { kind: 'not-progressing', sawChange }, nowMs);
}

/**
 * One route read at `atMs`. Appends the state when it differs from the last one seen, and
 * ends the migration when the route shows an outcome. Only records in `following` change.
 */
export function applyObservation(
  migration: TrackedMigration,
  state: RegionState,
  atMs: number,
): TrackedMigration {
  if (migration.phase !== 'following') return migration;
  const seen = describeState(state, migration);
  const last = migration.states.at(-1);
  const next: TrackedMigration =
    last !== undefined && last.label === seen.label && last.code === seen.code
      ? { ...migration, lastReadError: null }
      : { ...migration, lastReadError: null, states: [...migration.states, { ...seen, atMs }] };

  const { from_peer_id: source, to_peer_id: target } = migration.request;
  if (state.kind === 'missing') {
    return finish(
      next,
      { kind: 'diverged', reason: 'The region is no longer in the table’s route.' },
      atMs,
    );
  }
  if (state.kind === 'no-leader') return giveUpIfPastBound(next, atMs);
  // Upgrade clears the status in the same update that moves the leader.
  if (state.leaderPeerId === target) {
    return state.isDowngraded
      ? giveUpIfPastBound(next, atMs)
      : finish(next, { kind: 'done' }, atMs);
  }
  if (state.leaderPeerId === source) {
    const sawDowngrade = next.states.some((s) => s.code === 'downgraded');
    if (!state.isDowngraded && sawDowngrade) return finish(next, { kind: 'rolled-back' }, atMs);
    return giveUpIfPastBound(next, atMs);
  }
  return finish(
    next,
    {
      kind: 'diverged',
      reason: `The region is now led by datanode ${state.leaderPeerId}, which is neither the source nor the target: something else moved it.`,
    },
    atMs,
  );
}

/** A failed route read: remembered (not journaled as a state); the bound still applies. */
export function applyReadFailure(
  migration: TrackedMigration,
  message: string,
  atMs: number,
): TrackedMigration {
  if (migration.phase !== 'following') return migration;
  return giveUpIfPastBound({ ...migration, lastReadError: message }, atMs);
}
