/**
 * The region-migration procedure of MetaSrv v0.6/v0.7 (API.md §2), as a state machine on the
 * injected clock. Steps and their effects on the route:
 *
 *   RegionMigrationStart -> OpenCandidateRegion -> UpdateMetadata::Downgrade (Downgraded, v+1)
 *   -> DowngradeLeaderRegion -> UpgradeCandidateRegion -> UpdateMetadata::Upgrade (leader
 *   flips, v+1) -> RegionMigrationEnd (Done)
 *   ... UpgradeCandidateRegion fails -> UpdateMetadata::Rollback (status cleared, v+1)
 *   -> RegionMigrationAbort (Failed)
 *
 * Procedures are persisted in etcd in GreptimeDB, so when the MetaSrv leader changes they are
 * paused and the new leader re-runs each one from its current state.
 */
import {
  MAILBOX_RTT_MS,
  PROCEDURE_MAX_RETRY_TIMES,
  procedureRetryDelayMs,
} from '../../contract/tracked-migration.ts';
import type { Clock, TimerId } from '../clock.ts';
import type { Rng } from './rng.ts';

export const MIGRATION_STATE_NAMES = [
  'RegionMigrationStart',
  'OpenCandidateRegion',
  /** v1 only (v0.9+): the leader flushes before it is downgraded. */
  'PreFlushRegion',
  'UpdateMetadata::Downgrade',
  'DowngradeLeaderRegion',
  'UpgradeCandidateRegion',
  'UpdateMetadata::Upgrade',
  'UpdateMetadata::Rollback',
  /** v1 only: the source closes its (now follower) region after the upgrade. */
  'CloseDowngradedRegion',
  'RegionMigrationEnd',
  'RegionMigrationAbort',
] as const;
export type MigrationStateName = (typeof MIGRATION_STATE_NAMES)[number];

/**
 * `procedure_state` status values: v0.7.2 has the first four; v1.1.4 procedures that support
 * rollback pass PrepareRollback and RollingBack before Failed.
 */
export type ProcedureStatus =
  'Running' | 'Retrying' | 'Done' | 'Failed' | 'PrepareRollback' | 'RollingBack';

/** v1.1.4 `RegionMigrationTriggerReason` (greptime_private.events). */
export type TriggerReason = 'Manual' | 'Failover' | 'AutoRebalance';

/** The v1.1.4 abort text after a rollback (`output_msg` of MigrationAbort; derived). */
export const V1_UPGRADE_ABORT =
  'The region migration procedure aborted, reason: Failed to upgrade the candidate region.';

/** What the procedure did, in plain words (not a GreptimeDB field; for tests and the control API). */
export type MigrationOutcome =
  'migrated' | 'rolled-back' | 'skipped-leader-changed' | 'already-migrated' | 'failed';

export interface ProcedureSnapshot {
  procedureId: string;
  procedureType: 'metasrv-procedure::RegionMigration';
  regionId: string;
  fromPeerId: number;
  toPeerId: number;
  replayTimeoutMs: number;
  state: MigrationStateName;
  status: ProcedureStatus;
  error: string | null;
  outcome: MigrationOutcome | null;
  /** Every state entered, with the emulated time it was entered. */
  history: { state: MigrationStateName; atMs: number }[];
  submittedAtMs: number;
  finishedAtMs: number | null;
  /** Index of the MetaSrv node that accepted the submission. */
  submittedTo: number;
  upgradeTries: number;
  /** v1 procedures only: GreptimeDB version family, overall timeout and trigger. */
  flavor?: 'sql';
  timeoutMs?: number;
  triggerReason?: TriggerReason;
}

/** What the procedure needs from the cluster. */
export interface MigrationHost {
  readonly clock: Clock;
  readonly rng: Rng;
  /** The leader's current election term; a change pauses every procedure. */
  leaderTerm(): number;
  /** Running and holding a heartbeat stream to the current leader (a mailbox "pusher"). */
  isPeerReachable(peerId: number): boolean;
  /** The region's current leader peer; undefined when its table route or the region is gone. */
  regionLeader(regionId: bigint): number | null | undefined;
  isFollower(regionId: bigint, peerId: number): boolean;
  replayWorkMs(): number;
  /** Replay progress per emulated ms (1 = normal, 0 = stalled). */
  replaySpeed(): number;
  openCandidate(regionId: bigint, peerId: number): void;
  markDowngraded(regionId: bigint, fromPeerId: number): boolean;
  demoteOnDatanode(regionId: bigint, fromPeerId: number): void;
  upgrade(regionId: bigint, fromPeerId: number, toPeerId: number): void;
  rollback(regionId: bigint): void;
  onFinished(procedure: RegionMigrationProcedure): void;
  /** Every procedure status change (v1 records it in greptime_private.events). */
  onStatusChange?(procedure: RegionMigrationProcedure): void;
  /** Every state entered, before the state runs (fault hooks act at exact steps). */
  onStateEntered?(procedure: RegionMigrationProcedure): void;
  /** v1: flush the leader before downgrading it (PreFlushRegion). */
  preFlush?(regionId: bigint, peerId: number): void;
  /** v1: the source closes its (now follower) region (CloseDowngradedRegion). */
  closeDowngraded?(regionId: bigint, peerId: number): void;
}

/** Procedure-level error Display for a non-retryable failure (v0.7.2 common/procedure). */
export const EXTERNAL_ERROR = 'Failed to execute procedure due to external error';
const REGION_LEASE_MS = 10_000;
const UPGRADE_TRIES = 3;
const UPGRADE_RETRY_GAP_MS = 500;

export class RegionMigrationProcedure {
  readonly snapshot: ProcedureSnapshot;
  private timer: TimerId | null = null;
  private term: number;
  /** Replay work left on the candidate, in ms at speed 1; it keeps going between tries. */
  private replayRemainingMs: number;
  private procedureRetries = 0;

  constructor(
    private readonly host: MigrationHost,
    init: {
      procedureId: string;
      regionId: bigint;
      fromPeerId: number;
      toPeerId: number;
      replayTimeoutMs: number;
      submittedTo: number;
      /** v1.1.4 behaviour: extra states, an overall timeout budget, rollback statuses. */
      v1?: { timeoutMs: number; triggerReason: TriggerReason };
    },
  ) {
    const now = host.clock.now();
    this.term = host.leaderTerm();
    this.replayRemainingMs = host.replayWorkMs();
    this.snapshot = {
      procedureId: init.procedureId,
      procedureType: 'metasrv-procedure::RegionMigration',
      regionId: init.regionId.toString(),
      fromPeerId: init.fromPeerId,
      toPeerId: init.toPeerId,
      replayTimeoutMs: init.replayTimeoutMs,
      state: 'RegionMigrationStart',
      status: 'Running',
      error: null,
      outcome: null,
      history: [{ state: 'RegionMigrationStart', atMs: now }],
      submittedAtMs: now,
      finishedAtMs: null,
      submittedTo: init.submittedTo,
      upgradeTries: 0,
    };
    if (init.v1 !== undefined) {
      this.snapshot.flavor = 'sql';
      this.snapshot.timeoutMs = init.v1.timeoutMs;
      this.snapshot.triggerReason = init.v1.triggerReason;
      this.budgetMs = init.v1.timeoutMs;
    }
  }

  get isSqlGeneration(): boolean {
    return this.snapshot.flavor === 'sql';
  }

  /** v1: time left of the overall timeout (downgrade + upgrade operations use it up). */
  private budgetMs = Number.POSITIVE_INFINITY;

  get regionId(): bigint {
    return BigInt(this.snapshot.regionId);
  }

  get isFinished(): boolean {
    return this.snapshot.finishedAtMs !== null;
  }

  /** The HTTP handler returns before the procedure runs: submission is asynchronous. */
  start(): void {
    this.schedule(this.host.rng.int(1, 5), () => {
      this.runState();
    });
  }

  /** The leader that ran it is gone; nothing runs until resume(). */
  pause(): void {
    if (this.timer !== null) this.host.clock.clearTimer(this.timer);
    this.timer = null;
    this.replayWait = null;
  }

  /** A new leader recovered the procedure from the store: re-run the current state. */
  resume(): void {
    if (this.isFinished) return;
    this.pause();
    this.term = this.host.leaderTerm();
    this.schedule(this.host.rng.int(10, 100), () => {
      this.runState();
    });
  }

  private schedule(delayMs: number, fn: () => void): void {
    const term = this.term;
    this.timer = this.host.clock.setTimer(delayMs, () => {
      this.timer = null;
      // A callback from a former leader's term must not act: that process is gone.
      if (term !== this.host.leaderTerm()) return;
      fn();
    });
  }

  private enter(state: MigrationStateName): void {
    this.snapshot.state = state;
    this.snapshot.history.push({ state, atMs: this.host.clock.now() });
    this.host.onStateEntered?.(this);
  }

  private setStatus(status: ProcedureStatus, error: string | null): void {
    this.snapshot.status = status;
    this.snapshot.error = error;
    this.host.onStatusChange?.(this);
  }

  private finish(status: 'Done' | 'Failed', outcome: MigrationOutcome, error: string | null) {
    if (status === 'Failed' && this.isSqlGeneration) {
      // v1.1.4 procedures support rollback: a non-retryable error passes PrepareRollback and
      // RollingBack (each a state change, each an event) before Failed.
      this.setStatus('PrepareRollback', error);
      this.schedule(this.host.rng.int(1, 5), () => {
        this.setStatus('RollingBack', error);
        this.schedule(this.host.rng.int(1, 5), () => {
          this.finishNow(status, outcome, error);
        });
      });
      return;
    }
    this.finishNow(status, outcome, error);
  }

  private finishNow(status: 'Done' | 'Failed', outcome: MigrationOutcome, error: string | null) {
    this.snapshot.outcome = outcome;
    this.snapshot.finishedAtMs = this.host.clock.now();
    this.setStatus(status, error);
    this.host.onFinished(this);
  }

  private runState(): void {
    switch (this.snapshot.state) {
      case 'RegionMigrationStart':
        this.runStart();
        return;
      case 'OpenCandidateRegion':
        this.runOpenCandidate();
        return;
      case 'UpdateMetadata::Downgrade':
        this.runDowngradeMetadata();
        return;
      case 'DowngradeLeaderRegion':
        this.runDowngradeLeader();
        return;
      case 'UpgradeCandidateRegion':
        this.snapshot.upgradeTries = 0;
        this.runUpgradeTry();
        return;
      case 'UpdateMetadata::Upgrade':
        this.runUpgradeMetadata();
        return;
      case 'UpdateMetadata::Rollback':
        this.runRollbackMetadata();
        return;
      case 'RegionMigrationEnd':
      case 'RegionMigrationAbort':
        return;
    }
  }

  private failExternal(v1Error = 'Failed to execute procedure due to external error'): void {
    // Non-retryable errors fail the procedure where it stands; v0.7.2 has no rollback hook.
    // v1.1.4 reports the root cause (`output_msg`), passed in by the failing state.
    this.finish('Failed', 'failed', this.isSqlGeneration ? v1Error : EXTERNAL_ERROR);
  }

  private runStart(): void {
    const { fromPeerId, toPeerId } = this.snapshot;
    const leader = this.host.regionLeader(this.regionId);
    if (leader === undefined || leader === null) {
      this.failExternal(`Failed to find table route for ${this.snapshot.regionId}`);
      return;
    }
    if (leader === toPeerId) {
      this.enter('RegionMigrationEnd');
      this.finish('Done', 'already-migrated', null);
      return;
    }
    if (leader !== fromPeerId) {
      // Quirk kept from GreptimeDB: RegionMigrationAbort with status Done; nothing moved.
      this.enter('RegionMigrationAbort');
      this.finish('Done', 'skipped-leader-changed', null);
      return;
    }
    if (this.host.isFollower(this.regionId, toPeerId)) {
      this.enter('UpdateMetadata::Downgrade');
    } else {
      this.enter('OpenCandidateRegion');
    }
    this.runState();
  }

  private runOpenCandidate(): void {
    const { toPeerId } = this.snapshot;
    if (!this.host.isPeerReachable(toPeerId)) {
      // A stopped datanode's heartbeat stream closed and deregistered its pusher
      // (src/meta-srv/src/service/heartbeat.rs@v0.7.2): PusherNotFound is not retryable, so
      // the procedure fails within milliseconds; the route was never touched
      // (open_candidate_region.rs@v0.7.2, Error::is_retryable in src/meta-srv/src/error.rs).
      // This holds for a target stopped less than 10 s before submission too: MetaSrv's
      // submission checks only the lease (lookup_alive_datanode_peer, src/meta-srv/src/lease.rs
      // and service/admin/region_migration.rs@v0.7.2; lookup_datanode_peer, metasrv.rs and
      // service/procedure.rs@v1.2.0-beta.2), which outlives the stream by up to 10 s. The same
      // in v1.1.4/v1.2 (open_candidate_region.rs, `retry_hint` in error.rs@v1.2.0-beta.2), where
      // procedure_state's error is the root cause: `Pusher not found: <PusherId>`, whose
      // Display is `{:?}-{}` of role and id, `Datanode-2` (src/meta-srv/src/handler.rs@v1.1.4,
      // @v1.2.0-beta.2). v0.7.2 named it `0-2` (Channel::pusher_id, service/mailbox.rs) but
      // shows only the outer EXTERNAL_ERROR, so that form is never visible.
      this.failExternal(`Pusher not found: Datanode-${toPeerId}`);
      return;
    }
    const delay = this.host.rng.int(50, 500);
    this.schedule(delay, () => {
      if (!this.host.isPeerReachable(toPeerId)) {
        // The OpenRegion reply never comes: a mailbox timeout after MAILBOX_RTT_SECS, which
        // is retryable (open_candidate_region.rs@v0.7.2). The re-run then finds no pusher.
        this.schedule(Math.max(0, MAILBOX_RTT_MS - delay), () => {
          this.retryLater();
        });
        return;
      }
      this.host.openCandidate(this.regionId, toPeerId);
      if (this.isSqlGeneration) {
        this.enter('PreFlushRegion');
        this.runPreFlush();
        return;
      }
      this.enter('UpdateMetadata::Downgrade');
      this.runDowngradeMetadata();
    });
  }

  /** v1: PreFlushRegion flushes the leader (best effort: an unreachable leader is skipped). */
  private runPreFlush(): void {
    const { fromPeerId } = this.snapshot;
    const reachable = this.host.isPeerReachable(fromPeerId);
    this.schedule(reachable ? this.host.rng.int(20, 200) : 0, () => {
      if (reachable) this.host.preFlush?.(this.regionId, fromPeerId);
      this.enter('UpdateMetadata::Downgrade');
      this.runDowngradeMetadata();
    });
  }

  /**
   * The procedure manager's retry: exponential backoff from 500 ms capped at 60 s, at most 12
   * times (src/common/procedure/src/local/runner.rs@v0.7.2, backon 0.4.1).
   */
  private retryLater(): void {
    this.procedureRetries += 1;
    if (this.procedureRetries > PROCEDURE_MAX_RETRY_TIMES) {
      this.finish(
        'Failed',
        'failed',
        `Procedure retry exceeded max times, procedure_id: ${this.snapshot.procedureId}`,
      );
      return;
    }
    this.setStatus(
      'Retrying',
      this.isSqlGeneration
        ? `Mailbox received timeout for open candidate region ${this.snapshot.regionId} on datanode ${this.snapshot.toPeerId}`
        : 'Procedure exec failed',
    );
    this.schedule(procedureRetryDelayMs(this.procedureRetries), () => {
      this.setStatus('Running', null);
      this.runState();
    });
  }

  private runDowngradeMetadata(): void {
    this.schedule(this.host.rng.int(2, 10), () => {
      if (this.host.regionLeader(this.regionId) === undefined) {
        this.failExternal();
        return;
      }
      this.host.markDowngraded(this.regionId, this.snapshot.fromPeerId);
      this.enter('DowngradeLeaderRegion');
      this.runDowngradeLeader();
    });
  }

  private runDowngradeLeader(): void {
    const enteredAt = this.host.clock.now();
    const { fromPeerId } = this.snapshot;
    if (this.host.isPeerReachable(fromPeerId)) {
      const took = this.host.rng.int(100, 400);
      this.schedule(took, () => {
        this.budgetMs -= took;
        this.host.demoteOnDatanode(this.regionId, fromPeerId);
        this.enterUpgrade();
      });
      return;
    }
    // The leader cannot be told to step down: wait until its region lease has expired.
    const wait = REGION_LEASE_MS - (this.host.clock.now() - enteredAt);
    this.schedule(wait, () => {
      this.budgetMs -= wait;
      this.enterUpgrade();
    });
  }

  private enterUpgrade(): void {
    this.enter('UpgradeCandidateRegion');
    this.snapshot.upgradeTries = 0;
    this.runUpgradeTry();
  }

  /**
   * One UpgradeRegion instruction: the candidate waits up to replay_timeout for its WAL replay
   * and answers ready or not; the procedure tries 3 times, 500 ms apart, then rolls back.
   */
  private runUpgradeTry(): void {
    if (this.isSqlGeneration) {
      this.runSqlUpgrade();
      return;
    }
    const { toPeerId, replayTimeoutMs } = this.snapshot;
    this.snapshot.upgradeTries += 1;
    if (!this.host.isPeerReachable(toPeerId)) {
      // PusherNotFound is not retried inside the step: straight to rollback
      // (upgrade_region_with_retry, upgrade_candidate_region.rs@v0.7.2).
      this.enter('UpdateMetadata::Rollback');
      this.runRollbackMetadata();
      return;
    }
    // The candidate answers once caught up, or `ready: false` after wait_for_replay_timeout.
    this.waitForReplay(replayTimeoutMs, (isReady, repliedAfterMs) => {
      if (!this.host.isPeerReachable(toPeerId)) {
        // A candidate that stopped mid-try never answers: the mailbox times out at
        // replay_timeout + MAILBOX_RTT_SECS after sending, a retryable failed try
        // (upgrade_candidate_region.rs@v0.7.2 send_upgrade_candidate_region_timeout).
        this.schedule(replayTimeoutMs + MAILBOX_RTT_MS - repliedAfterMs, () => {
          this.afterFailedTry(0);
        });
        return;
      }
      if (!isReady) {
        this.afterFailedTry(this.host.replaySpeed());
        return;
      }
      this.enter('UpdateMetadata::Upgrade');
      this.runUpgradeMetadata();
    });
  }

  /**
   * v1.1.4 UpgradeCandidateRegion: each try may use what is left of the overall timeout
   * (`next_operation_timeout`); a candidate that has not caught up by then exceeds the
   * deadline, and the procedure rolls back.
   */
  private runSqlUpgrade(): void {
    const { toPeerId } = this.snapshot;
    this.snapshot.upgradeTries += 1;
    if (!this.host.isPeerReachable(toPeerId)) {
      this.enter('UpdateMetadata::Rollback');
      this.runRollbackMetadata();
      return;
    }
    this.waitForReplay(Math.max(0, this.budgetMs), (isReady, repliedAfterMs) => {
      this.budgetMs = isReady ? this.budgetMs - repliedAfterMs : 0;
      if (!isReady || !this.host.isPeerReachable(toPeerId)) {
        this.enter('UpdateMetadata::Rollback');
        this.runRollbackMetadata();
        return;
      }
      this.enter('UpdateMetadata::Upgrade');
      this.runUpgradeMetadata();
    });
  }

  /**
   * The candidate's catch-up while an UpgradeRegion instruction waits on it: it answers the
   * moment its replay has caught up, or not ready at `limitMs` (the datanode's
   * `catchup_tasks.wait(…, wait_for_replay_timeout)`, src/datanode/src/heartbeat/handler/
   * upgrade_region.rs@v0.7.2; `tokio::time::timeout` around the catch-up @v1.2.0-beta.2).
   * Replay progresses at the replay speed of the moment: a change re-plans the answer
   * (onReplaySpeedChanged), so a stalled candidate that resumes still answers in time.
   */
  private replayWait: {
    startedAtMs: number;
    /** Since when replay has progressed at `speed`. */
    segmentStartMs: number;
    speed: number;
    limitMs: number;
    onReply: (isReady: boolean, repliedAfterMs: number) => void;
  } | null = null;

  private waitForReplay(
    limitMs: number,
    onReply: (isReady: boolean, repliedAfterMs: number) => void,
  ): void {
    const now = this.host.clock.now();
    this.replayWait = {
      startedAtMs: now,
      segmentStartMs: now,
      speed: this.host.replaySpeed(),
      limitMs,
      onReply,
    };
    this.planReplayReply();
  }

  private planReplayReply(): void {
    const wait = this.replayWait;
    if (wait === null) return;
    const now = this.host.clock.now();
    const left = Math.max(0, wait.startedAtMs + wait.limitMs - now);
    const needed = wait.speed > 0 ? this.replayRemainingMs / wait.speed : Number.POSITIVE_INFINITY;
    const isReady = needed <= left;
    const after = isReady ? needed : left;
    this.schedule(after, () => {
      this.replayRemainingMs = isReady
        ? 0
        : Math.max(0, this.replayRemainingMs - after * wait.speed);
      this.replayWait = null;
      wait.onReply(isReady, this.host.clock.now() - wait.startedAtMs);
    });
  }

  /** The replay speed changed: a candidate being waited on progresses at the new one from now. */
  onReplaySpeedChanged(): void {
    const wait = this.replayWait;
    // No timer: paused by a leader change, whose successor re-runs the state from the start.
    if (wait === null || this.timer === null) return;
    this.host.clock.clearTimer(this.timer);
    this.timer = null;
    const now = this.host.clock.now();
    this.replayRemainingMs = Math.max(
      0,
      this.replayRemainingMs - (now - wait.segmentStartMs) * wait.speed,
    );
    wait.segmentStartMs = now;
    wait.speed = this.host.replaySpeed();
    this.planReplayReply();
  }

  private afterFailedTry(speed: number): void {
    if (this.snapshot.upgradeTries >= UPGRADE_TRIES) {
      this.enter('UpdateMetadata::Rollback');
      this.runRollbackMetadata();
      return;
    }
    this.schedule(UPGRADE_RETRY_GAP_MS, () => {
      this.replayRemainingMs = Math.max(0, this.replayRemainingMs - UPGRADE_RETRY_GAP_MS * speed);
      this.runUpgradeTry();
    });
  }

  private runUpgradeMetadata(): void {
    this.schedule(this.host.rng.int(2, 10), () => {
      if (this.host.regionLeader(this.regionId) === undefined) {
        this.failExternal();
        return;
      }
      this.host.upgrade(this.regionId, this.snapshot.fromPeerId, this.snapshot.toPeerId);
      if (this.isSqlGeneration) {
        this.enter('CloseDowngradedRegion');
        this.schedule(this.host.rng.int(5, 50), () => {
          // v1.1.4/v1.2 send CloseRegions to the source and wait for its reply (best effort: a
          // failure is only logged) before RegionMigrationEnd, so once procedure_state says
          // Done the source no longer reports the region
          // (close_downgraded_region.rs@v1.1.4, @v1.2.0-beta.2).
          this.host.closeDowngraded?.(this.regionId, this.snapshot.fromPeerId);
          this.enter('RegionMigrationEnd');
          this.finish('Done', 'migrated', null);
        });
        return;
      }
      this.enter('RegionMigrationEnd');
      this.finish('Done', 'migrated', null);
    });
  }

  private runRollbackMetadata(): void {
    this.schedule(this.host.rng.int(2, 10), () => {
      this.host.rollback(this.regionId);
      this.enter('RegionMigrationAbort');
      this.finish(
        'Failed',
        'rolled-back',
        this.isSqlGeneration ? V1_UPGRADE_ABORT : EXTERNAL_ERROR,
      );
    });
  }
}
