/**
 * A migration as the server follows and journals it (server/migrations). The same schemas
 * type the `/api/clusters/:id/migrations` answers in the browser and validate each line of
 * the journal file on the server: both are bytes from outside the code that reads them.
 *
 * Times are the server's epoch milliseconds; answers carry the server's `nowMs` so the
 * browser measures elapsed time on the same clock.
 */
import { z } from 'zod';
import { RegionMigrationRequestSchema } from './api-contract.ts';

/** What one route read said about the migrating region. */
export const RegionStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('missing') }),
  z.object({ kind: z.literal('no-leader') }),
  z.object({ kind: z.literal('led'), leaderPeerId: z.string(), isDowngraded: z.boolean() }),
]);
export type RegionState = z.infer<typeof RegionStateSchema>;

/** One step in a migration's life, with the server time it was first seen. */
export const SeenStateSchema = z.object({
  code: z.enum([
    'submitted',
    'leader-on-source',
    'downgraded',
    'leader-moved',
    'no-leader',
    'missing',
    'elsewhere',
    /** SQL path: `procedure_state` changed (its status in the label). */
    'procedure-state',
    /** SQL path, v1.1+: the region's replicas as datanodes report them (region_info). */
    'region-info',
    /** The route changed after a "Failed (inferred)" outcome: followed again. */
    'reopened',
  ]),
  label: z.string(),
  atMs: z.number(),
});
export type SeenState = z.infer<typeof SeenStateSchema>;

export const MigrationOutcomeSchema = z.discriminatedUnion('kind', [
  /** The region is led by the target and no longer Downgraded. */
  z.object({ kind: z.literal('done') }),
  /** Downgraded was seen, then cleared with the leader still on the source. */
  z.object({
    kind: z.literal('rolled-back'),
    /** Legacy API: what the console saw of the target (lease, heartbeat), in words. */
    evidence: z.string().optional(),
  }),
  /**
   * No outcome in the route: past the procedure's own bound, or (legacy API) earlier, when the
   * evidence says the procedure cannot have succeeded and has most likely ended.
   */
  z.object({
    kind: z.literal('not-progressing'),
    sawChange: z.boolean(),
    /** What the console saw, in words (route, lease, heartbeat); absent on older records. */
    evidence: z.string().optional(),
    /**
     * Set when the outcome is "Failed (inferred)" (server/migrations/README.md): the whole
     * sentence to show, starting "Failed (inferred): " and saying MetaSrv cannot confirm it.
     * A field rather than an outcome kind of its own, so browsers built before it still
     * compile and show "not progressing".
     */
    inferredFailure: z.string().optional(),
  }),
  /** The route went somewhere this migration cannot explain. */
  z.object({ kind: z.literal('diverged'), reason: z.string() }),
  /** `{"procedure_id":null}`: the region already sat on the target; nothing was started. */
  z.object({ kind: z.literal('already-there') }),
  /** MetaSrv answered with an error: its exact text. */
  z.object({
    kind: z.literal('refused'),
    status: z.number(),
    text: z.string(),
    metasrvAddr: z.string().nullable(),
  }),
  /** Our server could not deliver the request (no leader, unreachable): certainly not started. */
  z.object({ kind: z.literal('not-submitted'), code: z.string(), message: z.string() }),
]);
export type MigrationOutcome = z.infer<typeof MigrationOutcomeSchema>;
export type MigrationOutcomeKind = MigrationOutcome['kind'];

/**
 * SQL path (GreptimeDB v0.8+): how the migration was submitted through the frontend and what
 * `procedure_state` last said. Absent on legacy records.
 */
export const SqlMigrationDetailSchema = z.object({
  /** The frontend's host:port (never credentials). */
  frontendAddr: z.string().nullable(),
  /** The statement as sent, e.g. `ADMIN migrate_region(4398046511104, 1, 2, 300)`. */
  statement: z.string(),
  timeoutSecs: z.number().int().positive(),
  /** The 4th argument's meaning on this version (API.md §3.2). */
  timeoutMeaning: z.enum(['replay', 'overall']),
  /** The last `procedure_state` value, GreptimeDB's JSON text as is (`{"status":"Running"}`). */
  procedureState: z.string().nullable(),
  /** `procedure_state`'s `error` text when the procedure failed. */
  failureReason: z.string().nullable(),
});
export type SqlMigrationDetail = z.infer<typeof SqlMigrationDetailSchema>;

/**
 * Legacy API: what MetaSrv's leases and heartbeats said about the target datanode. Times are
 * MetaSrv's `timestamp_millis` values (epoch ms).
 */
export const TargetEvidenceSchema = z.object({
  /** The target's advertised address from its lease (the heartbeat's `addr` filter). */
  addr: z.string().nullable(),
  /** The target's lease `timestamp_millis` when the migration was submitted; null if none. */
  leaseAtSubmissionMs: z.number().nullable(),
  /** The newest lease `timestamp_millis` seen since. */
  lastLeaseMs: z.number().nullable(),
  /** When that lease expired (10 s after it), once a read showed it had; else null. */
  leaseLostAtMs: z.number().nullable(),
  /** The first heartbeat after submission in which the target reported the region. */
  reportedRegionAtMs: z.number().nullable(),
});
export type TargetEvidence = z.infer<typeof TargetEvidenceSchema>;

export const TrackedMigrationSchema = z.object({
  /** Our id (not MetaSrv's procedure id, which may be unknown or null). */
  id: z.string().min(1),
  clusterId: z.string(),
  /** The browser's key for one intent to migrate: a repeat returns this record, never re-submits. */
  idempotencyKey: z.string().nullable(),
  request: RegionMigrationRequestSchema,
  tableId: z.number().int().nonnegative(),
  replayTimeoutMs: z.number().nonnegative(),
  /** The procedure's own time bound (procedureOwnBoundMs, sqlProcedureBoundMs on the SQL path). */
  boundMs: z.number().nonnegative(),
  startedBy: z.string().nullable(),
  planRunId: z.string().nullable(),
  submittedAtMs: z.number(),
  /** `submitting` until MetaSrv answers; `following` while the route is read; then `finished`. */
  phase: z.enum(['submitting', 'following', 'finished']),
  procedureId: z.string().nullable(),
  /** The MetaSrv node that accepted (or refused) the request. */
  metasrvAddr: z.string().nullable(),
  /** Why the submission's answer is unknown (timeout, reset, server restart); null otherwise. */
  submissionNote: z.string().nullable(),
  states: z.array(SeenStateSchema),
  outcome: MigrationOutcomeSchema.nullable(),
  finishedAtMs: z.number().nullable(),
  /** Last failure to read the route while following (kept until a read succeeds). */
  lastReadError: z.string().nullable(),
  /** Present when the migration went over the SQL path. */
  sql: SqlMigrationDetailSchema.optional(),
  /** Legacy path: the target's lease and heartbeat evidence (absent on older records). */
  target: TargetEvidenceSchema.optional(),
});
export type TrackedMigration = z.infer<typeof TrackedMigrationSchema>;

/** POST .../migrations */
export const SubmitMigrationBodySchema = z.strictObject({
  request: RegionMigrationRequestSchema,
  /** Made by the browser once per intent (dialog submission); 8..100 safe characters. */
  idempotency_key: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'must be 8-100 of [A-Za-z0-9_-]'),
});
export type SubmitMigrationBody = z.infer<typeof SubmitMigrationBodySchema>;

export const SubmitMigrationAnswerSchema = z.object({
  nowMs: z.number(),
  migration: TrackedMigrationSchema,
  /** True when the key was seen before: the existing record, nothing sent to MetaSrv. */
  isRepeat: z.boolean(),
});
export type SubmitMigrationAnswer = z.infer<typeof SubmitMigrationAnswerSchema>;

/** GET .../migrations (`?scope=recent`: in flight, or finished in the last few minutes). */
export const MigrationListQuerySchema = z.strictObject({
  scope: z.enum(['all', 'recent']).optional(),
});
export const MigrationListAnswerSchema = z.object({
  nowMs: z.number(),
  /** False when the journal could not be opened: records live in memory only. */
  isJournaled: z.boolean(),
  migrations: z.array(TrackedMigrationSchema),
});
export type MigrationListAnswer = z.infer<typeof MigrationListAnswerSchema>;

/** How long a finished migration stays in the `recent` scope (the tray). */
export const RECENT_FINISHED_MS = 10 * 60_000;

/** MAILBOX_RTT_SECS (src/common/meta/src/distributed_time_constants.rs@v0.7.2). */
export const MAILBOX_RTT_MS = 1_000;
/** `[procedure]` max_retry_times and retry_delay (src/meta-srv/src/metasrv.rs@v0.7.2). */
export const PROCEDURE_MAX_RETRY_TIMES = 12;
const PROCEDURE_RETRY_DELAY_MS = 500;
/** backon 0.4.1 `ExponentialBuilder::default()` (Cargo.lock@v0.7.2): factor 2, max_delay 60 s. */
const PROCEDURE_MAX_RETRY_DELAY_MS = 60_000;

/**
 * The wait before the procedure manager's `retry`-th re-run (1-based) of a state that failed
 * with a retryable error (src/common/procedure/src/local.rs and local/runner.rs@v0.7.2):
 * 0.5 s, 1 s, 2 s … capped at 60 s.
 */
export function procedureRetryDelayMs(retry: number): number {
  return Math.min(PROCEDURE_RETRY_DELAY_MS * 2 ** (retry - 1), PROCEDURE_MAX_RETRY_DELAY_MS);
}

/**
 * The longest OpenCandidateRegion can keep retrying: 13 tries, each ending at the latest with
 * a 1 s mailbox timeout (retryable), and the 12 waits between them (376.5 s).
 * open_candidate_region.rs@v0.7.2.
 */
export const OPEN_CANDIDATE_RETRY_BUDGET_MS = Array.from(
  { length: PROCEDURE_MAX_RETRY_TIMES },
  (_, i) => procedureRetryDelayMs(i + 1),
).reduce((sum, delay) => sum + delay, (PROCEDURE_MAX_RETRY_TIMES + 1) * MAILBOX_RTT_MS);

const DOWNGRADE_SLOW_PATH_MS = 10_000;
const UPGRADE_TRIES = 3;

/**
 * The procedure's own bound (API.md §2): the leader downgrade may wait out a 10 s lease,
 * then up to 3 upgrade tries of (replay timeout + 1 s) each. Past it, a migration still in
 * flight deserves a warning.
 */
export function procedureOwnBoundMs(replayTimeoutMs: number): number {
  return DOWNGRADE_SLOW_PATH_MS + UPGRADE_TRIES * (replayTimeoutMs + MAILBOX_RTT_MS);
}

/**
 * The same bound on the SQL path. There migrate_region's 4th argument is either the replay
 * timeout (v0.7–v0.9.3: the bound above) or, from v0.9.4, an overall timeout after which the
 * procedure gives up by itself: then that timeout is the bound.
 */
export function sqlProcedureBoundMs(timeoutSecs: number, meaning: 'replay' | 'overall'): number {
  return meaning === 'overall' ? timeoutSecs * 1000 : procedureOwnBoundMs(timeoutSecs * 1000);
}

/** Open-candidate round trip, retry pauses and polling lag, before giving up. */
export const GIVE_UP_MARGIN_MS = 15_000;

export function isInFlight(migration: TrackedMigration): boolean {
  return migration.phase !== 'finished';
}

/** Elapsed time on the server's clock, frozen once finished. */
export function elapsedMs(migration: TrackedMigration, serverNowMs: number): number {
  return (migration.finishedAtMs ?? serverNowMs) - migration.submittedAtMs;
}

export function isPastOwnBound(migration: TrackedMigration, serverNowMs: number): boolean {
  return isInFlight(migration) && serverNowMs - migration.submittedAtMs > migration.boundMs;
}
