/**
 * Drain/rebalance plan runs, executed by the server (server/plans): one run per cluster at a
 * time, moves one after another (or a few at once), each confirmed done before the next.
 * Browsers only start, watch and steer runs; the same schemas type the browser's answers and
 * the server's persisted file.
 *
 *   GET  /api/clusters/:id/plan-runs            PlanRunsAnswer (newest first)
 *   POST /api/clusters/:id/plan-runs            StartPlanRunRequest -> PlanRunAnswer (409 when one is active)
 *   POST /api/clusters/:id/plan-run-control     PlanRunControlRequest -> PlanRunAnswer
 */
import { z } from 'zod';
import { DurationStringSchema, U64StringSchema } from './api-contract.ts';

export const PLAN_KINDS = ['drain', 'rebalance-count', 'rebalance-bytes', 'manual'] as const;
export const MAX_PLAN_MOVES = 20_000;
export const MAX_PLAN_CONCURRENCY = 8;
/** A plan body is a list of moves: far above the 16 KB of other bodies. */
export const MAX_PLAN_BODY_BYTES = 4 * 1024 * 1024;

export const PlanMoveSchema = z.strictObject({
  regionId: U64StringSchema,
  tableId: z.number().int().nonnegative().max(0xffff_ffff),
  fromPeerId: U64StringSchema,
  toPeerId: U64StringSchema,
  bytes: z.number().int().nonnegative(),
});
export type PlanMove = z.infer<typeof PlanMoveSchema>;

export const StartPlanRunRequestSchema = z.strictObject({
  kind: z.enum(PLAN_KINDS),
  /** What the plan was for, for people ("drain datanode 3"). */
  title: z.string().min(1).max(200),
  moves: z
    .array(PlanMoveSchema)
    .min(1)
    .max(MAX_PLAN_MOVES)
    .refine(
      (moves) => new Set(moves.map((m) => m.regionId)).size === moves.length,
      'a region appears twice',
    )
    .refine((moves) => moves.every((m) => m.fromPeerId !== m.toPeerId), 'a move goes nowhere'),
  concurrency: z.number().int().min(1).max(MAX_PLAN_CONCURRENCY),
  continueOnFailure: z.boolean(),
  replayTimeout: DurationStringSchema,
});
export type StartPlanRunRequest = z.infer<typeof StartPlanRunRequestSchema>;

export const PlanRunControlRequestSchema = z.strictObject({
  runId: z.string().min(1).max(100),
  action: z.enum(['pause', 'resume', 'cancel']),
});
export type PlanRunControlRequest = z.infer<typeof PlanRunControlRequestSchema>;

export const MoveStatusSchema = z.enum([
  'pending',
  'running',
  'done',
  'skipped',
  'failed',
  'cancelled',
]);
export type MoveStatus = z.infer<typeof MoveStatusSchema>;

export const PlanRunMoveSchema = PlanMoveSchema.extend({
  status: MoveStatusSchema,
  /** Why it was skipped, failed or cancelled; MetaSrv's text where it gave one. */
  reason: z.string().nullable(),
  /** The tracked migration (server/migrations) that carried it out. */
  migrationId: z.string().nullable(),
  startedAtMs: z.number().nullable(),
  finishedAtMs: z.number().nullable(),
});
export type PlanRunMove = z.infer<typeof PlanRunMoveSchema>;

export const RunStateSchema = z.enum([
  'running',
  'paused',
  /** Cancel asked: the in-flight moves finish, nothing new starts. */
  'cancelling',
  'completed',
  'failed',
  'cancelled',
  /** The server restarted and could not resume it (its cluster is gone). */
  'interrupted',
]);
export type RunState = z.infer<typeof RunStateSchema>;
export const ACTIVE_RUN_STATES: readonly RunState[] = ['running', 'paused', 'cancelling'];

export const PlanRunSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  kind: z.enum(PLAN_KINDS),
  title: z.string(),
  state: RunStateSchema,
  concurrency: z.number().int(),
  continueOnFailure: z.boolean(),
  replayTimeout: z.string(),
  startedBy: z.string().nullable(),
  createdAtMs: z.number(),
  finishedAtMs: z.number().nullable(),
  /** Why the run ended the way it did, for people. */
  note: z.string().nullable(),
  moves: z.array(PlanRunMoveSchema),
});
export type PlanRun = z.infer<typeof PlanRunSchema>;

export const PlanRunsAnswerSchema = z.object({ nowMs: z.number(), runs: z.array(PlanRunSchema) });
export type PlanRunsAnswer = z.infer<typeof PlanRunsAnswerSchema>;
export const PlanRunAnswerSchema = z.object({ nowMs: z.number(), run: PlanRunSchema });
export type PlanRunAnswer = z.infer<typeof PlanRunAnswerSchema>;
