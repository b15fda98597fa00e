/**
 * The server follows every migration it submits, so the outcome is recorded whether or not
 * a browser is watching: browsers only read these records. Each change is journaled
 * (journal.ts); on start the journal is replayed and migrations still in flight are followed
 * again. Submission goes through the proxy's leader-aware code (server/proxy/region-migration.ts,
 * via ClusterAccess) with its re-send rules, and a repeated idempotency key returns the
 * existing record instead of submitting again: one intent, at most one procedure.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RegionMigrationRequest } from '../../contract/api-contract.ts';
import { parseHumantimeDuration } from '../../contract/duration.ts';
import { splitRegionId } from '../../contract/region-id.ts';
import { procedureOwnBoundMs, type TrackedMigration } from '../../contract/tracked-migration.ts';
import { adminPath, regionMigrationPath } from '../proxy/endpoints.ts';
import type { SubmissionOutcome } from '../proxy/region-migration.ts';
import {
  applyObservation,
  applyReadFailure,
  attributeDivergence,
  isWatchedAfterInference,
  reopenIfRouteMoved,
} from './follow-rules.ts';
import { FollowedRecords } from './followed-records.ts';
import { JOURNAL_UNWRITABLE } from './journal.ts';
import type { Journal } from './journal.ts';
import { followOverSql, submitOverSql, type SqlMigrationAccess } from './sql-migration.ts';
import { regionStateFromRouteBody } from './route-evidence.ts';
import { evidenceAtSubmission, observeTarget, readTargetLease } from './target-evidence.ts';

/** A leader read as the proxy makes it: MetaSrv's answer, or why there was none. */
export type LeaderReadResult =
  | {
      kind: 'response';
      addr: string;
      status: number;
      body: string;
      /**
       * MetaSrv's clock when it answered (its `Date` header): lease timestamps are on that
       * clock, and the console's own may differ from it by any amount.
       */
      dateMs?: number;
    }
  | { kind: 'failed'; message: string };

/** What the tracker needs from one cluster's proxy (see api-handler.ts). */
export interface ClusterAccess {
  // Function-typed properties, not methods: callers pass them around unbound.
  readFromLeader: (pathAndQuery: string) => Promise<LeaderReadResult>;
  submitRegionMigration: (pathAndQuery: string) => Promise<SubmissionOutcome>;
  /** The cluster's SQL path (v0.8+); when it is the cluster's generation, migrations use it. */
  sql?: SqlMigrationAccess;
}

export interface SubmitMeta {
  startedBy: string | null;
  planRunId?: string;
  /** The browser's key for one intent; a repeat returns the existing record. */
  idempotencyKey?: string;
}

export type MigrationListener = (migration: TrackedMigration) => void;

export interface MigrationTrackerOptions {
  journal: Journal;
  now?: () => number;
  newId?: () => string;
  /** How often an in-flight migration's route is re-read. */
  pollIntervalMs?: number;
  log?: (message: string) => void;
}

export class UnknownClusterError extends Error {
  override readonly name = 'UnknownClusterError';
}

export const FOLLOW_POLL_INTERVAL_MS = 1_000;

const ProcedureAnswerSchema = z.object({ procedure_id: z.string().nullable() });

const RESTART_NOTE =
  'The console server stopped before MetaSrv answered this submission, so whether a procedure ' +
  'started is unknown. It was not sent again; the route is being followed instead.';

export class MigrationTracker {
  private readonly followed: FollowedRecords<TrackedMigration>;
  private readonly clusters = new Map<string, ClusterAccess>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly pollIntervalMs: number;
  readonly isJournaled: boolean;
  readonly skippedJournalLines: number;

  constructor(options: MigrationTrackerOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.pollIntervalMs = options.pollIntervalMs ?? FOLLOW_POLL_INTERVAL_MS;
    this.followed = new FollowedRecords({
      journal: options.journal,
      noun: 'migration',
      poll: (id) => this.poll(id),
      retryMs: this.pollIntervalMs,
      log: options.log ?? (() => undefined),
    });
    this.isJournaled = options.journal.filePath !== null;
    const replay = options.journal.replay();
    this.skippedJournalLines = replay.skippedLines;
    // A submission cut off by a restart may have reached MetaSrv: follow, never re-send.
    this.followed.restore(replay.migrations, (record) =>
      record.phase === 'submitting'
        ? { ...record, phase: 'following', submissionNote: RESTART_NOTE }
        : record,
    );
  }

  /** Connects a cluster's proxy; in-flight migrations of that cluster are followed (again). */
  attachCluster(clusterId: string, access: ClusterAccess): void {
    this.clusters.set(clusterId, access);
    for (const record of this.followed.all()) {
      if (
        record.clusterId === clusterId &&
        (record.phase === 'following' || this.isStillWatched(record))
      ) {
        this.followed.schedule(record.id, 0);
      }
    }
  }

  hasCluster(clusterId: string): boolean {
    return this.clusters.has(clusterId);
  }

  get(id: string): TrackedMigration | undefined {
    return this.followed.get(id);
  }

  /** Newest first. */
  list(clusterId: string): TrackedMigration[] {
    return this.followed.list(clusterId);
  }

  findByIdempotencyKey(clusterId: string, key: string): TrackedMigration | undefined {
    return this.followed.findByIdempotencyKey(clusterId, key);
  }

  /** Called with every changed record. Returns the unsubscribe function. */
  subscribe(listener: MigrationListener): () => void {
    return this.followed.subscribe(listener);
  }

  /** Resolves once the migration is finished (at once if it already is). */
  waitForOutcome(id: string): Promise<TrackedMigration> {
    return this.followed.waitForOutcome(id);
  }

  /**
   * Submits one migration to the cluster's leader and starts following it. Resolves with the
   * record once MetaSrv has answered (or certainly did not get the request).
   */
  async submit(
    clusterId: string,
    request: RegionMigrationRequest,
    meta: SubmitMeta,
  ): Promise<TrackedMigration> {
    if (meta.idempotencyKey !== undefined) {
      const existing = this.findByIdempotencyKey(clusterId, meta.idempotencyKey);
      if (existing !== undefined) return existing;
    }
    const access = this.clusters.get(clusterId);
    if (access === undefined) throw new UnknownClusterError(`no cluster ${clusterId}`);
    const duration = parseHumantimeDuration(request.replay_timeout);
    const replayTimeoutMs = duration.ok ? Number(duration.nanos / 1_000_000n) : 1_000;
    const id = this.newId();
    if (meta.idempotencyKey !== undefined) {
      this.followed.claimKey(clusterId, meta.idempotencyKey, id);
    }
    const submittedAtMs = this.now();
    const submitting: TrackedMigration = {
      id,
      clusterId,
      idempotencyKey: meta.idempotencyKey ?? null,
      request,
      tableId: splitRegionId(request.region_id).tableId,
      replayTimeoutMs,
      boundMs: procedureOwnBoundMs(replayTimeoutMs),
      startedBy: meta.startedBy,
      planRunId: meta.planRunId ?? null,
      submittedAtMs,
      phase: 'submitting',
      procedureId: null,
      metasrvAddr: null,
      submissionNote: null,
      states: [],
      outcome: null,
      finishedAtMs: null,
      lastReadError: null,
    };
    const intent = this.followed.update(submitting);
    if (!intent.ok) {
      // Nothing is sent unless its intent is on disk: after a crash, a migration running in
      // the cluster would be missing from the history.
      const unsent: TrackedMigration = {
        ...submitting,
        phase: 'finished',
        outcome: { kind: 'not-submitted', code: JOURNAL_UNWRITABLE, message: intent.reason },
        finishedAtMs: this.now(),
      };
      this.followed.update(unsent);
      return unsent;
    }

    if (access.sql !== undefined && (await access.sql.usesSqlGeneration().catch(() => false))) {
      const submitting = this.followed.get(id);
      if (submitting === undefined) throw new Error('tracked migration vanished');
      let next: TrackedMigration;
      try {
        next = await submitOverSql(submitting, access.sql, this.now);
      } catch (error) {
        // A bug below us: the statement may have gone out, so follow rather than guess.
        next = {
          ...submitting,
          phase: 'following',
          submissionNote: `Submitting failed inside the console server: ${String(error)}`,
          states: [{ code: 'submitted', label: 'Submitted (outcome unknown)', atMs: this.now() }],
          sql: submitting.sql ?? {
            frontendAddr: null,
            statement: '(not built)',
            timeoutSecs: Math.max(1, Math.round(replayTimeoutMs / 1000)),
            timeoutMeaning: 'overall',
            procedureState: null,
            failureReason: null,
          },
        };
      }
      this.followed.update(next);
      if (next.phase === 'following') this.followed.schedule(id, 0);
      return next;
    }

    // The target’s lease as the submission goes out (read alongside it, not before):
    // evidence for a target that stops right before or after.
    const leaseRead = readTargetLease(access.readFromLeader, request.to_peer_id)
      .then((reading) => reading?.lease ?? null)
      .catch(() => null);
    let outcome: SubmissionOutcome;
    try {
      outcome = await access.submitRegionMigration(regionMigrationPath(request));
    } catch (error) {
      // A bug below us: the request may have gone out, so follow rather than guess.
      outcome = {
        kind: 'proxy-error',
        error: {
          code: 'submission-outcome-unknown',
          message: `Submitting failed inside the console server: ${String(error)}`,
        },
      };
    }
    const record = this.followed.get(id);
    if (record === undefined) throw new Error('tracked migration vanished');
    const submitted = submissionResult(record, outcome, this.now());
    const next: TrackedMigration =
      submitted.phase === 'following'
        ? { ...submitted, target: evidenceAtSubmission(await leaseRead) }
        : submitted;
    this.followed.update(next);
    if (next.phase === 'following') this.followed.schedule(id, 0);
    return next;
  }

  /** Stops following (the journal keeps in-flight records for the next start). */
  close(): void {
    this.followed.close();
  }

  private async poll(id: string): Promise<void> {
    const record = this.followed.get(id);
    if (record === undefined || this.followed.isClosed) return;
    if (record.phase !== 'following' && !this.isStillWatched(record)) return;
    const access = this.clusters.get(record.clusterId);
    if (access === undefined) return; // resumed by attachCluster
    let next: TrackedMigration;
    try {
      if (record.sql !== undefined) {
        // Submitted over SQL: procedure_state and region_peers, never the legacy route.
        next =
          access.sql === undefined
            ? applyReadFailure(record, 'this cluster has no SQL path configured', this.now())
            : await followOverSql(record, access.sql, this.now);
      } else {
        next = await this.followRoute(record, access);
      }
    } catch (error) {
      next = applyReadFailure(record, String(error), this.now());
    }
    // Another poll may have changed it meanwhile; the newest wins only if this one is newer.
    if (this.followed.get(id) !== record) return;
    next = attributeDivergence(next, this.list(next.clusterId));
    if (isMeaningfulChange(record, next)) this.followed.update(next);
    else this.followed.keep(next);
    if (next.phase === 'following' || this.isStillWatched(next)) {
      this.followed.schedule(id, this.pollIntervalMs);
    }
  }

  /**
   * A "Failed (inferred)" record is still read until no procedure could change its route,
   * unless a newer migration of the same region from this console took over.
   */
  private isStillWatched(record: TrackedMigration): boolean {
    if (!isWatchedAfterInference(record, this.now())) return false;
    return !this.list(record.clusterId).some(
      (m) =>
        m.request.region_id === record.request.region_id && m.submittedAtMs > record.submittedAtMs,
    );
  }

  /** One legacy follow step: the table route from the MetaSrv leader (and target evidence). */
  private async followRoute(
    record: TrackedMigration,
    access: ClusterAccess,
  ): Promise<TrackedMigration> {
    let next: TrackedMigration;
    try {
      const answer = await access.readFromLeader(
        adminPath('/admin/route', [['region_id', record.request.region_id]]),
      );
      const atMs = this.now();
      if (answer.kind === 'failed') {
        next = applyReadFailure(record, answer.message, atMs);
      } else if (answer.status !== 200) {
        next = applyReadFailure(
          record,
          `MetaSrv ${answer.addr} answered ${answer.status}: ${answer.body}`,
          atMs,
        );
      } else {
        const evidence = regionStateFromRouteBody(answer.body, record.request.region_id);
        if (!evidence.ok) next = applyReadFailure(record, evidence.problem, atMs);
        else if (record.phase !== 'following')
          next = reopenIfRouteMoved(record, evidence.state, atMs);
        else {
          const target = await observeTarget(record, access.readFromLeader, this.now);
          next = applyObservation({ ...record, target }, evidence.state, this.now());
        }
      }
    } catch (error) {
      next = applyReadFailure(record, String(error), this.now());
    }
    return next;
  }
}

/** Journal only what a reader would see change, not every identical route read. */
function isMeaningfulChange(before: TrackedMigration, after: TrackedMigration): boolean {
  return (
    before.phase !== after.phase ||
    before.states.length !== after.states.length ||
    before.lastReadError !== after.lastReadError ||
    before.target?.leaseLostAtMs !== after.target?.leaseLostAtMs ||
    before.target?.reportedRegionAtMs !== after.target?.reportedRegionAtMs ||
    before.sql?.procedureState !== after.sql?.procedureState
  );
}

export function submissionResult(
  record: TrackedMigration,
  outcome: SubmissionOutcome,
  atMs: number,
): TrackedMigration {
  const finished = (o: NonNullable<TrackedMigration['outcome']>): TrackedMigration => ({
    ...record,
    phase: 'finished',
    outcome: o,
    finishedAtMs: atMs,
  });
  if (outcome.kind === 'proxy-error') {
    if (outcome.error.code === 'submission-outcome-unknown') {
      return {
        ...record,
        phase: 'following',
        metasrvAddr: outcome.error.metasrv ?? null,
        submissionNote: outcome.error.message,
        states: [{ code: 'submitted', label: 'Submitted (MetaSrv’s answer was lost)', atMs }],
      };
    }
    return finished({
      kind: 'not-submitted',
      code: outcome.error.code,
      message: outcome.error.message,
    });
  }
  const { answer } = outcome;
  const body = answer.body.toString('utf8');
  if (answer.status !== 200) {
    return {
      ...finished({ kind: 'refused', status: answer.status, text: body, metasrvAddr: answer.addr }),
      metasrvAddr: answer.addr,
    };
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof ProcedureAnswerSchema>>;
  try {
    parsed = ProcedureAnswerSchema.safeParse(JSON.parse(body));
  } catch {
    parsed = ProcedureAnswerSchema.safeParse(undefined);
  }
  if (!parsed.success) {
    return {
      ...record,
      phase: 'following',
      metasrvAddr: answer.addr,
      submissionNote: `MetaSrv ${answer.addr} answered 200 with a body the console cannot read (${body.slice(0, 120)}); a procedure may have started, so the route is followed.`,
      states: [{ code: 'submitted', label: 'Submitted (procedure id unreadable)', atMs }],
    };
  }
  const procedureId = parsed.data.procedure_id;
  if (procedureId === null) {
    return { ...finished({ kind: 'already-there' }), metasrvAddr: answer.addr };
  }
  return {
    ...record,
    phase: 'following',
    procedureId,
    metasrvAddr: answer.addr,
    states: [{ code: 'submitted', label: `Submitted as procedure ${procedureId}`, atMs }],
  };
}
