/**
 * What the server pushes to browsers over `GET /api/clusters/:id/events` (Server-Sent
 * Events): leader changes seen by the cluster's poller, and progress of migrations, plan
 * runs and repartitions. The server writes these (server/push); the browser parses each
 * frame with this schema at its edge, like every other answer.
 */
import { z } from 'zod';
import { U32StringSchema } from './api-contract.ts';
import { PlanRunSchema } from './plan-run-contract.ts';
import { TrackedRepartitionSchema } from './repartition/repartition-api.ts';
import { TrackedMigrationSchema } from './tracked-migration.ts';

/** Path segment under `/api/clusters/:id/`. */
export const PUSH_EVENTS_ENDPOINT = 'events';

/** More tables than one browser shows at once; bounds what one stream can make the poller read. */
export const MAX_STREAM_TABLES = 64;

/**
 * The stream's query: what the browser shows, so the server polls it. The browser writes it
 * (src/api/push-events-api.ts) and the server checks it with this schema, one definition for
 * both: a cluster view with no table on screen once earned a 400 for its `tables=`.
 */
export const PushStreamQuerySchema = z.strictObject({
  tables: z
    .string()
    // `tables=` (no table on screen) is an empty list, not one empty id.
    .transform((text) => (text === '' ? [] : text.split(',')))
    .pipe(z.array(U32StringSchema).max(MAX_STREAM_TABLES))
    .optional(),
  view: z.literal('cluster').optional(),
});
export type PushStreamQuery = z.infer<typeof PushStreamQuerySchema>;

export const LeaderChangedEventSchema = z.object({
  kind: z.literal('leader-changed'),
  /** The last leader known before the change; null when none was ever known. */
  from: z.string().nullable(),
  /** The new leader; null while no node that answers leads. */
  to: z.string().nullable(),
  /** When the server's poller saw the change (server epoch ms). */
  at: z.number(),
});
export type LeaderChangedEvent = z.infer<typeof LeaderChangedEventSchema>;

export const PushEventSchema = z.discriminatedUnion('kind', [
  LeaderChangedEventSchema,
  z.object({ kind: z.literal('migration-progress'), migration: TrackedMigrationSchema }),
  z.object({ kind: z.literal('plan-progress'), run: PlanRunSchema }),
  z.object({ kind: z.literal('repartition-progress'), repartition: TrackedRepartitionSchema }),
]);
export type PushEvent = z.infer<typeof PushEventSchema>;

/** The SSE `event:` names, one per kind. */
export const PUSH_EVENT_KINDS = [
  'leader-changed',
  'migration-progress',
  'plan-progress',
  'repartition-progress',
] as const satisfies readonly PushEvent['kind'][];
