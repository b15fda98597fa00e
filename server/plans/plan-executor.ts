/**
 * Runs drain/rebalance plans in the server process, so a run goes on when every tab is
 * closed. One executor per cluster, one active run per cluster. For each move, in order:
 *   1. check the region is not in flight: no migration this console follows (checked when
 *      the run starts too, so such a region is never part of it), no Downgraded mark in the
 *      route, no running procedure in procedure_info on a SQL-path cluster; and re-read its
 *      route (heartbeat data behind the plan can be ~30 s old; on a SQL-path cluster,
 *      region_peers); skip the move, with the reason, if it is in flight or no longer where
 *      the plan thought;
 *   2. submit it through the MigrationTracker (server/migrations), which journals it in the
 *      migration history with this run's id, and submits with `ADMIN migrate_region` on a
 *      SQL-path cluster;
 *   3. wait until the tracker has seen the outcome in the route: each move is confirmed done
 *      before the next one starts (or before a slot frees, with concurrency > 1).
 * Pause stops starting moves; cancel lets in-flight moves finish and marks the rest cancelled;
 * a failed move stops the run unless it was started with continueOnFailure.
 * Every change is persisted (plan-store.ts); after a restart an active run is resumed: moves
 * that were in flight are awaited through the tracker's journal, never submitted twice.
 */
import { randomUUID } from 'node:crypto';
import type { RegionMigrationRequest } from '../../contract/api-contract.ts';
import {
  ACTIVE_RUN_STATES,
  type PlanRun,
  type PlanRunControlRequest,
  type PlanRunMove,
  type StartPlanRunRequest,
} from '../../contract/plan-run-contract.ts';
import {
  isInFlight,
  type MigrationOutcome,
  type RegionState,
  type TrackedMigration,
} from '../../contract/tracked-migration.ts';
import type {
  LeaderReadResult,
  MigrationTracker,
  SubmitMeta,
} from '../migrations/migration-tracker.ts';
import { regionStateFromRouteBody } from '../migrations/route-evidence.ts';
import {
  readRegionStateOverSql,
  readRunningMigrationProcedure,
  type SqlMigrationAccess,
} from '../migrations/sql-migration.ts';
import { adminPath } from '../proxy/endpoints.ts';
import { pruneRuns, type PlanRunStore } from './plan-store.ts';
import { cancelledWhenReadOnly, shownWhenReadOnly } from './read-only-runs.ts';

export type TrackerPort = Pick<MigrationTracker, 'submit' | 'waitForOutcome' | 'get' | 'list'>;

export interface PlanExecutorOptions {
  clusterId: string;
  tracker: TrackerPort;
  readFromLeader: (pathAndQuery: string) => Promise<LeaderReadResult>;
  /** The cluster's SQL path (v0.8+): when it is the cluster's generation, regions are re-read with region_peers. */
  sql?: SqlMigrationAccess | undefined;
  store: PlanRunStore;
  /** Nothing may reach the cluster: no run is started or resumed (read-only-runs.ts). */
  isReadOnly?: boolean;
  /** Runs of every cluster share one store; this executor touches only its own. */
  now?: () => number;
  newId?: () => string;
  log?: (message: string) => void;
  /** Told about every changed run, e.g. to push its progress to browsers. */
  onRunChanged?: (run: PlanRun) => void;
}

export type PlanExecutorFactoryOptions = Omit<PlanExecutorOptions, 'store'>;

export type StartResult = { ok: true; run: PlanRun } | { ok: false; active: PlanRun };
export type ControlResult =
  | { ok: true; run: PlanRun }
  | { ok: false; kind: 'not-found' | 'not-active' | 'read-only'; message: string };

function isActive(run: PlanRun): boolean {
  return ACTIVE_RUN_STATES.includes(run.state);
}

export class PlanExecutor {
  private runs: PlanRun[];
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly log: (message: string) => void;
  private wake: (() => void) | null = null;
  private inFlight = 0;
  private driving = false;
  /** Set when a move failed and the run must stop (continueOnFailure off). */
  private failure: string | null = null;

  constructor(private readonly options: PlanExecutorOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.log = options.log ?? (() => undefined);
    this.runs = options.store.load();
    const active = this.runs.find((r) => r.clusterId === options.clusterId && isActive(r));
    if (active !== undefined && options.isReadOnly === true) {
      this.log(`Region Console: plan run ${active.id} is not resumed: read-only mode.`);
    } else if (active !== undefined) {
      this.log(`Region Console: resuming plan run ${active.id} (${active.state}) after a restart.`);
      this.drive(active.id);
    }
  }

  list(): PlanRun[] {
    return this.runs
      .filter((r) => r.clusterId === this.options.clusterId)
      .map((r) => (this.options.isReadOnly === true ? shownWhenReadOnly(r) : r))
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
  }

  start(request: StartPlanRunRequest, startedBy: string | null): StartResult {
    const active = this.list().find(isActive);
    if (active !== undefined) return { ok: false, active };
    const id = this.newId();
    const run: PlanRun = {
      id,
      clusterId: this.options.clusterId,
      kind: request.kind,
      title: request.title,
      state: 'running',
      concurrency: request.concurrency,
      continueOnFailure: request.continueOnFailure,
      replayTimeout: request.replayTimeout,
      startedBy,
      createdAtMs: this.now(),
      finishedAtMs: null,
      note: null,
      moves: request.moves.map((m) => {
        const followed = this.followedMigrationReason(m.regionId, id);
        return {
          ...m,
          status: followed === null ? 'pending' : 'skipped',
          reason: followed,
          migrationId: null,
          startedAtMs: null,
          finishedAtMs: null,
        };
      }),
    };
    this.runs = [...this.runs, run];
    this.persist();
    this.options.onRunChanged?.(run);
    this.drive(run.id);
    return { ok: true, run };
  }

  control({ runId, action }: PlanRunControlRequest): ControlResult {
    const run = this.find(runId);
    if (run === undefined)
      return { ok: false, kind: 'not-found', message: `No plan run ${runId}.` };
    if (!isActive(run)) {
      return {
        ok: false,
        kind: 'not-active',
        message: `Plan run ${runId} has already ended (${run.state}).`,
      };
    }
    if (this.options.isReadOnly === true) {
      if (action !== 'cancel') {
        return {
          ok: false,
          kind: 'read-only',
          message: `The console runs in read-only mode: plan run ${runId} can only be cancelled.`,
        };
      }
      this.log(`Region Console: plan run ${runId} cancelled in read-only mode.`);
      return { ok: true, run: this.update(runId, (r) => cancelledWhenReadOnly(r, this.now())) };
    }
    const next =
      action === 'pause'
        ? run.state === 'running'
          ? 'paused'
          : run.state
        : action === 'resume'
          ? run.state === 'paused'
            ? 'running'
            : run.state
          : 'cancelling';
    const updated = this.update(runId, (r) => ({ ...r, state: next }));
    this.signal();
    return { ok: true, run: updated };
  }

  private find(runId: string): PlanRun | undefined {
    return this.runs.find((r) => r.id === runId && r.clusterId === this.options.clusterId);
  }

  private persist(): void {
    this.runs = pruneRuns(this.runs);
    this.options.store.save(this.runs);
  }

  private update(runId: string, change: (run: PlanRun) => PlanRun): PlanRun {
    let updated: PlanRun | undefined;
    this.runs = this.runs.map((r) => {
      if (r.id !== runId) return r;
      updated = change(r);
      return updated;
    });
    if (updated === undefined) throw new Error(`plan run ${runId} vanished`);
    this.persist();
    this.options.onRunChanged?.(updated);
    return updated;
  }

  private updateMove(runId: string, regionId: string, change: Partial<PlanRunMove>): void {
    this.update(runId, (r) => ({
      ...r,
      moves: r.moves.map((m) => (m.regionId === regionId ? { ...m, ...change } : m)),
    }));
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private drive(runId: string): void {
    if (this.driving) return;
    this.driving = true;
    this.failure = null;
    this.loop(runId)
      .catch((error: unknown) => {
        this.log(`Region Console: plan run ${runId} stopped by a bug: ${String(error)}`);
        this.finish(runId, 'interrupted', `The executor failed: ${String(error)}`);
      })
      .finally(() => {
        this.driving = false;
      });
  }

  private async loop(runId: string): Promise<void> {
    // Moves that were in flight when the server stopped: await them, never submit again.
    const start = this.find(runId);
    for (const move of start?.moves ?? []) {
      if (move.status !== 'running') continue;
      if (move.migrationId !== null) this.launch(runId, move, move.migrationId);
      else this.updateMove(runId, move.regionId, { status: 'pending', startedAtMs: null });
    }
    for (;;) {
      const run = this.find(runId);
      if (run === undefined) return;
      const stopping = run.state === 'cancelling' || this.failure !== null;
      if (stopping) {
        if (this.inFlight === 0) {
          if (this.failure !== null) {
            this.skipRest(
              runId,
              'skipped',
              `not run: the plan stopped after a failure (${this.failure})`,
            );
            this.finish(runId, 'failed', `Stopped after a failed move: ${this.failure}`);
          } else {
            this.skipRest(runId, 'cancelled', 'cancelled before it started');
            this.finish(runId, 'cancelled', 'Cancelled; moves already started were finished.');
          }
          return;
        }
      } else if (run.state === 'running') {
        const pending = run.moves.filter((m) => m.status === 'pending');
        if (pending.length === 0 && this.inFlight === 0) {
          const failed = run.moves.filter((m) => m.status === 'failed').length;
          this.finish(
            runId,
            'completed',
            failed > 0 ? `${failed} move(s) failed; the run continued past them as asked.` : null,
          );
          return;
        }
        for (const move of pending.slice(0, Math.max(0, run.concurrency - this.inFlight))) {
          this.launch(runId, move, null);
        }
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private launch(runId: string, move: PlanRunMove, migrationId: string | null): void {
    this.inFlight += 1;
    if (move.status !== 'running') {
      this.updateMove(runId, move.regionId, { status: 'running', startedAtMs: this.now() });
    }
    void this.carryOut(runId, move, migrationId)
      .catch((error: unknown) => ({
        status: 'failed' as const,
        reason: `console error: ${String(error)}`,
      }))
      .then((result) => {
        this.updateMove(runId, move.regionId, { ...result, finishedAtMs: this.now() });
        const run = this.find(runId);
        if (result.status === 'failed' && run !== undefined && !run.continueOnFailure) {
          this.failure ??= `region ${move.regionId}: ${result.reason}`;
        }
      })
      .finally(() => {
        this.inFlight -= 1;
        this.signal();
      });
  }

  private async carryOut(
    runId: string,
    move: PlanRunMove,
    knownMigrationId: string | null,
  ): Promise<Pick<PlanRunMove, 'status' | 'reason'>> {
    let migrationId = knownMigrationId ?? this.adoptable(runId, move.regionId);
    if (migrationId === null) {
      const blocked =
        this.followedMigrationReason(move.regionId, runId) ?? (await this.checkRoute(move));
      if (blocked !== null) return { status: 'skipped', reason: blocked };
      const run = this.find(runId);
      const request: RegionMigrationRequest = {
        region_id: move.regionId,
        from_peer_id: move.fromPeerId,
        to_peer_id: move.toPeerId,
        replay_timeout: run?.replayTimeout ?? '5m',
      };
      const meta: SubmitMeta = { startedBy: run?.startedBy ?? null, planRunId: runId };
      const record = await this.options.tracker.submit(this.options.clusterId, request, meta);
      migrationId = record.id;
      this.updateMove(runId, move.regionId, { migrationId });
    }
    if (this.options.tracker.get(migrationId) === undefined) {
      return { status: 'failed', reason: 'its migration record was lost (journal unreadable?)' };
    }
    const finished = await this.options.tracker.waitForOutcome(migrationId);
    return outcomeToStatus(finished);
  }

  /** A submission cut off by a restart is in the tracker's journal with this run's id. */
  private adoptable(runId: string, regionId: string): string | null {
    const record = this.options.tracker
      .list(this.options.clusterId)
      .find((m) => m.planRunId === runId && m.request.region_id === regionId);
    return record?.id ?? null;
  }

  /** Why the region is in flight by a migration this console follows (not this run's), or null. */
  private followedMigrationReason(regionId: string, runId: string): string | null {
    const followed = this.options.tracker
      .list(this.options.clusterId)
      .find((m) => m.request.region_id === regionId && isInFlight(m) && m.planRunId !== runId);
    if (followed === undefined) return null;
    const by = followed.planRunId === null ? 'manual' : `plan run ${followed.planRunId}`;
    return `in flight: this console follows its migration to datanode ${followed.request.to_peer_id} (${by}, record ${followed.id})`;
  }

  /**
   * Where the region's leader is now: the table route from the MetaSrv leader on a legacy
   * cluster, region_peers on a SQL-path one (the same reader the tracker follows with).
   */
  private async regionNow(
    move: PlanRunMove,
  ): Promise<{ ok: true; state: RegionState } | { ok: false; problem: string }> {
    const { sql } = this.options;
    if (sql !== undefined && (await sql.usesSqlGeneration().catch(() => false))) {
      // A procedure still before its downgrade shows only here; a failed read (before v0.9.4
      // there is no procedure_info) leaves region_peers' downgraded status as the check.
      const procedure = await readRunningMigrationProcedure(move.regionId, sql);
      if (procedure.ok && procedure.value !== null) {
        return { ok: false, problem: `in flight: procedure ${procedure.value} is migrating it` };
      }
      const read = await readRegionStateOverSql(move, sql);
      return read.ok
        ? { ok: true, state: read.value }
        : { ok: false, problem: `the region could not be re-read: ${read.problem}` };
    }
    const read = await this.options.readFromLeader(
      adminPath('/admin/route', [['region_id', move.regionId]]),
    );
    if (read.kind === 'failed') {
      return { ok: false, problem: `the route could not be re-read: ${read.message}` };
    }
    if (read.status !== 200) {
      return { ok: false, problem: `the route could not be re-read: MetaSrv said "${read.body}"` };
    }
    const evidence = regionStateFromRouteBody(read.body, move.regionId);
    return evidence.ok
      ? { ok: true, state: evidence.state }
      : { ok: false, problem: `the route could not be understood: ${evidence.problem}` };
  }

  /** Null when the region still sits where the plan expects; otherwise why it is skipped. */
  private async checkRoute(move: PlanRunMove): Promise<string | null> {
    const now = await this.regionNow(move);
    if (!now.ok) return now.problem;
    const { state } = now;
    if (state.kind === 'missing') return 'the region is no longer in its table route';
    if (state.kind === 'no-leader') return 'the region has no leader right now';
    if (state.isDowngraded) return 'in flight: the route marks its leader Downgraded';
    if (state.leaderPeerId === move.toPeerId) {
      return `already moved: datanode ${move.toPeerId} leads it`;
    }
    if (state.leaderPeerId !== move.fromPeerId) {
      return `moved meanwhile: datanode ${state.leaderPeerId} leads it, not ${move.fromPeerId}`;
    }
    return null;
  }

  private skipRest(runId: string, status: 'skipped' | 'cancelled', reason: string): void {
    this.update(runId, (r) => ({
      ...r,
      moves: r.moves.map((m) => (m.status === 'pending' ? { ...m, status, reason } : m)),
    }));
  }

  private finish(runId: string, state: PlanRun['state'], note: string | null): void {
    this.update(runId, (r) => ({ ...r, state, note, finishedAtMs: this.now() }));
  }
}

function outcomeToStatus(record: TrackedMigration): Pick<PlanRunMove, 'status' | 'reason'> {
  const outcome: MigrationOutcome | null = record.outcome;
  if (outcome === null) return { status: 'failed', reason: 'no outcome recorded' };
  switch (outcome.kind) {
    case 'done':
      return { status: 'done', reason: null };
    case 'already-there':
      return { status: 'skipped', reason: 'already on the target (MetaSrv started no procedure)' };
    case 'rolled-back':
      // The tracker's evidence (on the SQL path procedure_state's own reason, e.g. a target
      // MetaSrv could not reach) is what tells the operator why: keep it with the move.
      return {
        status: 'failed',
        reason:
          outcome.evidence === undefined
            ? 'rolled back: the region stayed on its source'
            : `rolled back: the region stayed on its source. Evidence: ${outcome.evidence}`,
      };
    case 'not-progressing':
      return {
        status: 'failed',
        reason: outcome.inferredFailure ?? 'not progressing within the procedure’s own bound',
      };
    case 'diverged':
      return { status: 'failed', reason: outcome.reason };
    case 'refused':
      // On the SQL path the frontend answered the statement (with MetaSrv's error inside).
      return {
        status: 'failed',
        reason: `${record.sql === undefined ? 'MetaSrv' : 'The frontend'} refused: ${outcome.text}`,
      };
    case 'not-submitted':
      return { status: 'failed', reason: `not submitted: ${outcome.message}` };
  }
}
