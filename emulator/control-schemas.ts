/**
 * Request bodies of the control API (and the CLI's control subcommands), parsed with zod so a
 * bad request gets every problem listed.
 */
import { z } from 'zod';
import { parseU64 } from '../contract/region-id.ts';
import { MIGRATION_STATE_NAMES } from './model/region-migration.ts';
import { EVENT_TYPES } from './model/events.ts';

export const ApiVersionSchema = z.enum(['v0.6', 'v0.7']);
/** Every mode the emulator serves (v1.1 = GreptimeDB v1.1.4, v1.2 = v1.2.0-beta.2). */
export const EmulatorApiSchema = z.enum(['v0.6', 'v0.7', 'v1.1', 'v1.2']);

/** `name:password` for the v1 frontend's basic auth. */
export const FrontendUserSchema = z
  .string()
  .regex(/^[^:]+:.*$/, 'frontend user must be "name:password"');

const positiveSpeed = z.number().positive().max(10_000);

export const ResetSchema = z.strictObject({
  seed: z.number().int().nonnegative().optional(),
  api: EmulatorApiSchema.optional(),
  /** v1 frontend basic auth, `name:password`; null switches auth off. */
  frontendUser: FrontendUserSchema.nullable().optional(),
  datanodes: z.number().int().min(1).max(1_000).optional(),
  /** null goes back to the demo topology. */
  tables: z.number().int().min(1).max(100_000).nullable().optional(),
  regions: z.number().int().min(1).max(1_000_000).nullable().optional(),
  clockSpeed: positiveSpeed.optional(),
  replaySpeed: z.number().nonnegative().max(10_000).optional(),
  replayWorkMs: z.number().int().nonnegative().optional(),
  electionDelayMs: z.number().int().nonnegative().optional(),
  /** Emulated work of one repartition datanode step (default 2000). */
  repartitionStepMs: z.number().int().nonnegative().max(3_600_000).optional(),
  /** Start with no tables at all (a scenario builds its own with POST /control/tables). */
  empty: z.boolean().optional(),
});
export type ResetRequest = z.infer<typeof ResetSchema>;

export const MetasrvNodeSchema = z.strictObject({ node: z.number().int().nonnegative() });
export const DatanodeIdSchema = z.strictObject({ id: z.number().int().nonnegative() });

/** Stop datanode `id` the moment a migration procedure enters `state` (one shot). */
export const StopOnStateSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  state: z.enum(MIGRATION_STATE_NAMES),
});

export const ReplaySchema = z
  .strictObject({
    /** Replay progress per emulated ms: 1 normal, 0 stalled (every upgrade try times out). */
    speed: z.number().nonnegative().max(10_000).optional(),
    /** Replay work of one candidate at speed 1, in emulated ms. */
    workMs: z.number().int().nonnegative().optional(),
  })
  .refine((r) => r.speed !== undefined || r.workMs !== undefined, 'give speed and/or workMs');

export const ClockSchema = z
  .strictObject({
    speed: positiveSpeed.optional(),
    /** Jump emulated time forward at once (e.g. to expire a lease). */
    advanceMs: z
      .number()
      .int()
      .nonnegative()
      .max(365 * 86_400_000)
      .optional(),
  })
  .refine((c) => c.speed !== undefined || c.advanceMs !== undefined, 'give speed and/or advanceMs');

const RawPartitionSchema = z.strictObject({
  columnList: z.array(z.string()),
  valueList: z.array(z.string()),
});

export const CreateTableSchema = z
  .strictObject({
    tableId: z.number().int().min(0).max(0xffff_ffff),
    /** Physical tables: number of regions. */
    regions: z.number().int().min(1).max(100_000).optional(),
    name: z.string().min(1).max(255).optional(),
    catalog: z.string().min(1).optional(),
    schema: z.string().min(1).optional(),
    engine: z.enum(['mito', 'metric']).optional(),
    /** Leader peer id per region; round-robin over running datanodes when absent. */
    leaders: z.array(z.number().int().nonnegative()).optional(),
    /** Exact partition strings per region, e.g. to show unparseable bounds. */
    partitions: z.array(RawPartitionSchema).optional(),
    /** Simulates a missing table-info key (v0.7.2 then refuses migrations). */
    withoutTableInfo: z.boolean().optional(),
    /** Route stored by GreptimeDB <= v0.5: v0.6 then answers it without `"type"`. */
    writtenByV05: z.boolean().optional(),
    /** Makes a logical (metric engine) table on this physical table instead. */
    logicalOf: z.number().int().min(0).max(0xffff_ffff).optional(),
    /**
     * The partition column, an Int32 column unless `host` (with `partitions` whose valueList is
     * the v1 rule text, e.g. `["id < 10"]`, the table can be split and merged over SQL).
     */
    partitionColumn: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'partitionColumn must be a plain identifier')
      .optional(),
  })
  .refine((t) => t.logicalOf !== undefined || t.regions !== undefined || t.leaders !== undefined, {
    message: 'a physical table needs regions (or leaders)',
  })
  .refine(
    (t) => t.leaders === undefined || t.regions === undefined || t.leaders.length === t.regions,
    { message: 'leaders must have one entry per region' },
  )
  .refine(
    (t) =>
      t.partitions === undefined ||
      t.partitions.length === (t.regions ?? t.leaders?.length ?? t.partitions.length),
    { message: 'partitions must have one entry per region' },
  );
export type CreateTableRequest = z.infer<typeof CreateTableSchema>;

export const FailoverSchema = z.strictObject({ id: z.number().int().nonnegative() });

export const AutoMigrateSchema = z.strictObject({
  regionId: z.string().refine((s) => parseU64(s) !== null, 'regionId must be a decimal u64'),
  toPeerId: z.number().int().nonnegative(),
  timeoutSecs: z.number().int().positive().max(86_400).optional(),
});

export const ProcedureManagerSchema = z.strictObject({ paused: z.boolean() });

/** `{user, password}` turns the frontend's basic auth on, `{}` off. */
export const FrontendAuthSchema = z.union([
  z.strictObject({ user: z.string().min(1), password: z.string() }),
  z.strictObject({}),
]);

/** The repartition preconditions and pace (API.md §7.2 step 9, §7.1 TIMEOUT). */
export const RepartitionControlSchema = z
  .strictObject({
    /** MetaSrv `[gc] enable`: false makes every v1.2 repartition fail before it starts. */
    gcEnabled: z.boolean().optional(),
    /** Emulated ms of one datanode step; larger than a statement's TIMEOUT, it times out. */
    stepMs: z.number().int().nonnegative().max(3_600_000).optional(),
  })
  .refine(
    (r) => r.gcEnabled !== undefined || r.stepMs !== undefined,
    'give gcEnabled and/or stepMs',
  );

/**
 * v1.2 `[event_recorder] event_types` (API.md §6.3): the event types recorded from now on;
 * null = the option omitted (all), [] = none.
 */
export const EventTypesSchema = z.strictObject({
  eventTypes: z.array(z.enum(EVENT_TYPES)).nullable(),
});

/** Local-file storage makes the datanode refuse regions a repartition allocates (§7.2 step 10). */
export const DatanodeStorageSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  storage: z.enum(['object', 'local-file']),
});

/** "This region carries N times its datanode's mean query load"; null: its own load again. */
export const RegionLoadSchema = z.strictObject({
  regionId: z.string().refine((s) => parseU64(s) !== null, 'regionId must be a decimal u64'),
  multiple: z.number().nonnegative().max(1_000_000).nullable(),
});

export const RegionLeaderSchema = z.strictObject({
  regionId: z.string().refine((s) => parseU64(s) !== null, 'regionId must be a decimal u64'),
  peerId: z.number().int().nonnegative(),
});

/** `["a: b", ...]` from a zod error, for clear 400 answers and CLI messages. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
  );
}
