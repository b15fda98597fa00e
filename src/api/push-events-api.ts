/**
 * The browser's end of the server's push stream (`GET /api/clusters/:id/events`, Server-Sent
 * Events): the URL that tells the server what this browser shows, and the one gate every
 * event passes (lossless JSON, then the contract's schema), like every other answer.
 */
import type { z } from 'zod';
import { clusterPath } from '../../contract/api-contract';
import {
  PUSH_EVENTS_ENDPOINT,
  PushEventSchema,
  type PushEvent,
  type PushStreamQuerySchema,
} from '../../contract/push-events';
import { parseLosslessJson } from '../../contract/lossless-json';

/** What one browser shows of a cluster: the server polls exactly this for it. */
export interface PushInterests {
  /** Decimal u32 ids of the tables on screen (their routes are polled on the legacy API). */
  tableIds: readonly string[];
  /** A page showing the heartbeat summary is open. */
  isClusterView: boolean;
}

export function pushEventsUrl(clusterId: string, interests: PushInterests): string {
  // Typed by the schema the server checks the query with; no table, no `tables` parameter.
  const query: z.input<typeof PushStreamQuerySchema> = {
    ...(interests.tableIds.length > 0 ? { tables: interests.tableIds.join(',') } : {}),
    ...(interests.isClusterView ? { view: 'cluster' } : {}),
  };
  const search = new URLSearchParams(query).toString();
  return `${clusterPath(clusterId, PUSH_EVENTS_ENDPOINT)}${search === '' ? '' : `?${search}`}`;
}

/**
 * One event's `data:` line; null when it is not an event of the contract (a server newer
 * than this page, say): such an event is skipped, and the polling that remains catches up.
 */
export function parsePushEvent(data: string): PushEvent | null {
  let value: unknown;
  try {
    value = parseLosslessJson(data);
  } catch {
    return null;
  }
  const parsed = PushEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
