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
import { describeEvidence, inferFailure, lastPossibleRouteChangeMs } from './inferred-failure.ts';

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

/** The route's states and procedure_state's are two streams of evidence, read in turns. */
function streamOf(code: SeenState['code']): 'procedure' | 'region-info' | 'route' | 'other' {
  if (code === 'procedure-state') return 'procedure';
  if (code === 'region-info') return 'region-info';
  return code === 'submitted' || code === 'reopened' ? 'other' : 'route';
}

/**
 * Appends a state only when it differs from the last one of its own stream: on the SQL path a
 * poll reads procedure_state and region_peers, so comparing with the very last entry would
 * repeat "Procedure Running" after every route state.
 */
export function withSeenState(
  migration: TrackedMigration,
  seen: Omit<SeenState, 'atMs'>,
  atMs: number,
): TrackedMigration {
  const stream = streamOf(seen.code);
  const last = migration.states.findLast((s) => streamOf(s.code) === stream);
  if (last?.code === seen.code && last.label === seen.label) return migration;
  return { ...migration, states: [...migration.states, { ...seen, atMs }] };
}

function finish(
  migration: TrackedMigration,
  outcome: MigrationOutcome,
  atMs: number,
): TrackedMigration {
  return { ...migration, phase: 'finished', outcome, finishedAtMs: atMs };
}

function sawRouteChange(migration: TrackedMigration): boolean {
  return migration.states.some(
    (s) =>
      s.code !== 'submitted' &&
      s.code !== 'leader-on-source' &&
      s.code !== 'reopened' &&
      // What datanodes report is not the route.
      s.code !== 'region-info',
  );
}

/** Not progressing, naming whatever evidence the record holds. */
function notProgressing(
  migration: TrackedMigration,
  nowMs: number,
  inferredFailure: string | null,
): TrackedMigration {
  const evidence = describeEvidence(migration);
  return finish(
    migration,
    {
      kind: 'not-progressing',
      sawChange: sawRouteChange(migration),
      ...(evidence === null ? {} : { evidence }),
      ...(inferredFailure === null ? {} : { inferredFailure }),
    },
    nowMs,
  );
}

export function giveUpIfPastBound(migration: TrackedMigration, nowMs: number): TrackedMigration {
  if (nowMs - migration.submittedAtMs <= migration.boundMs + GIVE_UP_MARGIN_MS) return migration;
  return notProgressing(migration, nowMs, null);
}

export function isInferredFailure(migration: TrackedMigration): boolean {
  return (
    migration.outcome?.kind === 'not-progressing' && migration.outcome.inferredFailure !== undefined
  );
}

/**
 * After "Failed (inferred)" the route is still read until no procedure could change it any
 * more: the inference is not MetaSrv's word, so a later change must be shown.
 */
export function isWatchedAfterInference(migration: TrackedMigration, nowMs: number): boolean {
  return isInferredFailure(migration) && nowMs <= lastPossibleRouteChangeMs(migration);
}

/**
 * A route read of a record ended as "Failed (inferred)": when the route moved the way this
 * migration moves it (Downgraded, or the leader elsewhere), the record reopens and follows.
 */
export function reopenIfRouteMoved(
  migration: TrackedMigration,
  state: RegionState,
  atMs: number,
): TrackedMigration {
  if (!isInferredFailure(migration)) return migration;
  const isUnchanged =
    state.kind === 'led' &&
    state.leaderPeerId === migration.request.from_peer_id &&
    !state.isDowngraded;
  if (isUnchanged) return migration;
  const reopened: TrackedMigration = {
    ...migration,
    phase: 'following',
    outcome: null,
    finishedAtMs: null,
    states: [
      ...migration.states,
      {
        code: 'reopened',
        label: 'The route changed after “Failed (inferred)”: following again',
        atMs,
      },
    ],
  };
  return applyObservation(reopened, state, atMs);
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
  const next: TrackedMigration = {
    ...withSeenState(migration, describeState(state, migration), atMs),
    lastReadError: null,
  };

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
    if (!state.isDowngraded && sawDowngrade) {
      // The route is conclusive; a lost lease tells why (a candidate that stopped).
      const isTargetLost = (next.target?.leaseLostAtMs ?? null) !== null;
      const evidence = isTargetLost ? describeEvidence(next) : null;
      return finish(
        next,
        { kind: 'rolled-back', ...(evidence === null ? {} : { evidence }) },
        atMs,
      );
    }
    const inferred = state.isDowngraded || sawDowngrade ? null : inferFailure(next, atMs);
    if (inferred !== null) return notProgressing(next, atMs, inferred);
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

/**
 * A diverged record whose region a later migration from this console moved: the reason names
 * that migration and its actor instead of "something else".
 */
export function attributeDivergence(
  migration: TrackedMigration,
  others: readonly TrackedMigration[],
): TrackedMigration {
  if (migration.outcome?.kind !== 'diverged') return migration;
  const lastSeen = migration.states.at(-1);
  const mover = others.find((m) => {
    if (m.request.region_id !== migration.request.region_id) return false;
    if (m.submittedAtMs <= migration.submittedAtMs) return false;
    const ledByItsTarget: RegionState = {
      kind: 'led',
      leaderPeerId: m.request.to_peer_id,
      isDowngraded: false,
    };
    return lastSeen?.label === describeState(ledByItsTarget, migration).label;
  });
  if (mover === undefined) return migration;
  const by = mover.planRunId === null ? 'a manual migration' : `plan run ${mover.planRunId}`;
  return {
    ...migration,
    outcome: {
      kind: 'diverged',
      reason: `This console moved the region meanwhile: ${by} (record ${mover.id}) to datanode ${mover.request.to_peer_id}.`,
    },
  };
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
