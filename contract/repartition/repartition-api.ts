/**
 * Repartitions the console server submits and follows (issue 17, part 1), under
 * `/api/clusters/:id/repartitions`. The browser sends what the operator chose (the partitions
 * and, for a split, the new expressions); the server re-reads the table, checks the plan with
 * the same rules the browser previewed (repartition-plan.ts), sends the `ALTER TABLE … WITH
 * (WAIT = false)` statement (statements.ts), and follows the procedure id with
 * `procedure_state` until it ends. Records survive a restart in DATA_DIR.
 */
import { z } from 'zod';
import { DurationStringSchema, U64StringSchema } from '../api-contract.ts';

const NameSchema = z.string().min(1).max(255);
/** One partition expression as the operator wrote it or the table shows it. */
const ExprSchema = z.string().min(1).max(4_096);

export const RepartitionTableNameSchema = z.strictObject({
  catalog: NameSchema,
  schema: NameSchema,
  name: NameSchema,
});
export type RepartitionTableName = z.infer<typeof RepartitionTableNameSchema>;

/** What is asked: split one partition into several, or merge adjacent ones into one. */
export const RepartitionChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('split'),
    /** The rule of the partition to split, as the table shows it. */
    source: ExprSchema,
    /** The new rules; at least two. */
    targets: z.array(ExprSchema).min(2).max(64),
  }),
  z.strictObject({
    kind: z.literal('merge'),
    /** The rules of the partitions to merge; at least two. */
    sources: z.array(ExprSchema).min(2).max(64),
  }),
]);
export type RepartitionChange = z.infer<typeof RepartitionChangeSchema>;

/** POST .../repartitions */
export const SubmitRepartitionBodySchema = z.strictObject({
  table: RepartitionTableNameSchema,
  change: RepartitionChangeSchema,
  /** humantime; omitted: GreptimeDB's default of 60 s (API.md §7.1). */
  timeout: DurationStringSchema.optional(),
  /** The browser's key for this submission: a repeat returns the first record, sends nothing. */
  idempotency_key: z.string().min(8).max(128),
});
export type SubmitRepartitionBody = z.infer<typeof SubmitRepartitionBodySchema>;

/** procedure_state statuses (API.md §3.3, §7.3); `Poisoned` is §3.3's, for any procedure. */
export const RepartitionProcedureStatusSchema = z.enum([
  'Running',
  'Retrying',
  'PrepareRollback',
  'RollingBack',
  'Done',
  'Failed',
  'Poisoned',
]);
export type RepartitionProcedureStatus = z.infer<typeof RepartitionProcedureStatusSchema>;

/** One problem the console's check found (repartition-plan.ts `RepartitionIssue`). */
export const RepartitionIssueSchema = z.object({
  /** Null: the selection or the table; a number: the i-th new expression. */
  target: z.number().int().nonnegative().nullable(),
  message: z.string(),
  /** What GreptimeDB answers for the same statement, where API.md gives the text. */
  greptimeError: z.string().optional(),
});

export const RepartitionOutcomeSchema = z.discriminatedUnion('kind', [
  /** procedure_state said Done. */
  z.object({ kind: z.literal('done') }),
  /**
   * procedure_state said Failed (or Poisoned: stopped for an operator to look at); `reason` is
   * GreptimeDB's error text as given.
   */
  z.object({ kind: z.literal('failed'), reason: z.string() }),
  /**
   * The procedure ran out of its TIMEOUT (GreptimeDB's `Exceeded deadline, …` failure,
   * `byProcedure`), or the console stopped following it after the timeout and a grace period
   * without an end state (`byProcedure: false`: it may still end later).
   */
  z.object({ kind: z.literal('timed-out'), byProcedure: z.boolean(), message: z.string() }),
  /** The frontend refused the statement: GreptimeDB's status code and message, as given. */
  z.object({
    kind: z.literal('refused'),
    httpStatus: z.number().int(),
    code: z.number().int().nullable(),
    message: z.string(),
  }),
  /** Nothing reached the cluster (no frontend, the console's checks, its own disk). */
  z.object({
    kind: z.literal('not-submitted'),
    code: z.string(),
    message: z.string(),
    /** code `plan-check`: what the console's check of the table's current rule found. */
    issues: z.array(RepartitionIssueSchema).optional(),
  }),
]);
export type RepartitionOutcome = z.infer<typeof RepartitionOutcomeSchema>;

export const TrackedRepartitionSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  idempotencyKey: z.string().nullable(),
  table: RepartitionTableNameSchema.extend({ tableId: z.number().int().nonnegative() }),
  kind: z.enum(['split', 'merge']),
  /** The exact statement sent (or that would have been sent). */
  statement: z.string(),
  sourceExprs: z.array(z.string()),
  targetExprs: z.array(z.string()),
  /** The partitions the change replaces: region id and rule. */
  replaced: z.array(z.object({ regionId: U64StringSchema, rule: z.string() })),
  /** Region ids the preview expected GreptimeDB to allocate and to drop. */
  allocatedRegionIds: z.array(U64StringSchema),
  deallocatedRegionIds: z.array(U64StringSchema),
  timeoutMs: z.number().int().positive(),
  startedBy: z.string().nullable(),
  submittedAtMs: z.number(),
  phase: z.enum(['submitting', 'following', 'finished']),
  procedureId: z.string().nullable(),
  frontendAddr: z.string().nullable(),
  /** Every status procedure_state reported, each once, oldest first. */
  states: z.array(z.object({ status: RepartitionProcedureStatusSchema, atMs: z.number() })),
  outcome: RepartitionOutcomeSchema.nullable(),
  finishedAtMs: z.number().nullable(),
  /**
   * Why procedure_state could not be read last time (a failed read, or no procedure id after a
   * lost answer), in words; cleared by the next good read.
   */
  lastReadError: z.string().nullable(),
});
export type TrackedRepartition = z.infer<typeof TrackedRepartitionSchema>;

export const SubmitRepartitionAnswerSchema = z.object({
  nowMs: z.number(),
  repartition: TrackedRepartitionSchema,
  isRepeat: z.boolean(),
});
export type SubmitRepartitionAnswer = z.infer<typeof SubmitRepartitionAnswerSchema>;

/** GET .../repartitions: every record of the cluster, newest first. */
export const RepartitionListAnswerSchema = z.object({
  nowMs: z.number(),
  repartitions: z.array(TrackedRepartitionSchema),
});
export type RepartitionListAnswer = z.infer<typeof RepartitionListAnswerSchema>;
