/**
 * Reads a migration's outcome from the table route, the only evidence legacy MetaSrv gives
 * over HTTP (no procedure-state endpoint before v0.8). Pure: the dialog feeds it what it saw
 * and when, and renders what it says.
 *
 * Route changes during a migration (API.md §2): Downgrade sets leader_status "Downgraded";
 * Upgrade moves the leader to the target and clears the status; Rollback clears the status
 * with the leader still on the source.
 */
import type { RegionRoute, TableRoute } from '../../domain/cluster-types';

/** What one route read said about the region. */
export type RegionState =
  | { kind: 'missing' }
  | { kind: 'no-leader' }
  | { kind: 'led'; leaderPeerId: string; isDowngraded: boolean };

export interface Observation {
  /** When the route was read (browser clock; only differences of these are shown). */
  atMs: number;
  state: RegionState;
}

export interface SeenState {
  label: string;
  /** First time this state was seen. */
  atMs: number;
}

export type MigrationOutcome =
  | { kind: 'in-progress' }
  | { kind: 'done' }
  /** Downgraded was seen, then cleared with the leader still on the source. */
  | { kind: 'rolled-back' }
  /** The bound has passed and the route still shows no outcome (`sawChange` tells which case). */
  | { kind: 'not-progressing'; sawChange: boolean }
  /** The route went somewhere this migration cannot explain (another operator, a failover). */
  | { kind: 'diverged'; reason: string };

export interface MigrationProgress {
  outcome: MigrationOutcome;
  isTerminal: boolean;
  /** Each distinct state in order, e.g. "Leader on datanode 0", "Downgraded", "Leader on datanode 2". */
  states: SeenState[];
  /** Since submission; frozen at the observation that ended it. */
  elapsedMs: number;
}

export interface MigrationFollowInput {
  sourcePeerId: string;
  targetPeerId: string;
  submittedAtMs: number;
  /** The procedure's own time bound (see procedureBoundMs). */
  boundMs: number;
  /** Route reads after submission, oldest first. */
  observations: readonly Observation[];
  nowMs: number;
}

export function regionStateOf(route: TableRoute, regionId: string): RegionState {
  if (route.type !== 'physical') return { kind: 'missing' };
  const region: RegionRoute | undefined = route.regionRoutes.find((r) => r.regionId === regionId);
  if (region === undefined) return { kind: 'missing' };
  if (region.leaderPeer === null) return { kind: 'no-leader' };
  return {
    kind: 'led',
    leaderPeerId: region.leaderPeer.id,
    isDowngraded: region.leaderStatus === 'Downgraded',
  };
}

export function describeRegionState(state: RegionState): string {
  switch (state.kind) {
    case 'missing':
      return 'Region not in the route';
    case 'no-leader':
      return 'No leader';
    case 'led':
      return state.isDowngraded
        ? `Downgraded (leader still datanode ${state.leaderPeerId})`
        : `Leader on datanode ${state.leaderPeerId}`;
  }
}

/** Appends an observation unless it repeats the last state (keeps the first time seen). */
export function recordObservation(
  observations: readonly Observation[],
  next: Observation,
): readonly Observation[] {
  const last = observations.at(-1);
  if (last !== undefined && describeRegionState(last.state) === describeRegionState(next.state)) {
    return observations;
  }
  return [...observations, next];
}

export function classifyMigration(input: MigrationFollowInput): MigrationProgress {
  const { sourcePeerId, targetPeerId, submittedAtMs, boundMs, observations, nowMs } = input;
  const states = observations.map((o) => ({ label: describeRegionState(o.state), atMs: o.atMs }));
  const last = observations.at(-1);
  const sawDowngrade = observations.some(
    (o) => o.state.kind === 'led' && o.state.isDowngraded && o.state.leaderPeerId === sourcePeerId,
  );
  const isPastBound = nowMs - submittedAtMs > boundMs;

  const finish = (outcome: MigrationOutcome): MigrationProgress => ({
    outcome,
    isTerminal: outcome.kind !== 'in-progress',
    states,
    elapsedMs:
      (outcome.kind === 'in-progress' || outcome.kind === 'not-progressing' || last === undefined
        ? nowMs
        : last.atMs) - submittedAtMs,
  });
  const sawChange = observations.some(
    (o) => o.state.kind !== 'led' || o.state.leaderPeerId !== sourcePeerId || o.state.isDowngraded,
  );
  const waitOrGiveUp = () =>
    finish(isPastBound ? { kind: 'not-progressing', sawChange } : { kind: 'in-progress' });

  if (last === undefined) return waitOrGiveUp();
  const state = last.state;
  if (state.kind === 'missing') {
    return finish({ kind: 'diverged', reason: 'The region is no longer in the table’s route.' });
  }
  if (state.kind === 'no-leader') return waitOrGiveUp();
  if (state.leaderPeerId === targetPeerId) {
    // Upgrade clears the status in the same update that moves the leader.
    return state.isDowngraded ? waitOrGiveUp() : finish({ kind: 'done' });
  }
  if (state.leaderPeerId === sourcePeerId) {
    if (!state.isDowngraded && sawDowngrade) return finish({ kind: 'rolled-back' });
    // Still Downgraded, or not changed yet. A rollback always passes through Downgraded for
    // at least 3 x (replay timeout + 1 s), so 1 s polling sees it; a route that never changed
    // within the bound means the procedure failed or stalled out of the route's sight.
    return waitOrGiveUp();
  }
  return finish({
    kind: 'diverged',
    reason: `The region is now led by datanode ${state.leaderPeerId}, which is neither the source nor the target: something else moved it.`,
  });
}
