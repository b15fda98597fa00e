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
  ]),
  label: z.string(),
  atMs: z.number(),
});
export type SeenState = z.infer<typeof SeenStateSchema>;

export const MigrationOutcomeSchema = z.discriminatedUnion('kind', [
  /** The region is led by the target and no longer Downgraded. */
  z.object({ kind: z.literal('done') }),
  /** Downgraded was seen, then cleared with the leader still on the source. */
  z.object({ kind: z.literal('rolled-back') }),
  /** Past the procedure's own bound with no outcome in the route. */
  z.object({ kind: z.literal('not-progressing'), sawChange: z.boolean() }),
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

const DOWNGRADE_SLOW_PATH_MS = 10_000;
const UPGRADE_TRIES = 3;
const PER_TRY_EXTRA_MS = 1_000;

/**
 * The procedure's own bound (API.md §2): the leader downgrade may wait out a 10 s lease,
 * then up to 3 upgrade tries of (replay timeout + 1 s) each. Past it, a migration still in
 * flight deserves a warning.
 */
export function procedureOwnBoundMs(replayTimeoutMs: number): number {
  return DOWNGRADE_SLOW_PATH_MS + UPGRADE_TRIES * (replayTimeoutMs + PER_TRY_EXTRA_MS);
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
