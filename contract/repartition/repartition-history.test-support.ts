/**
 * One split submitted through the console and the `repartition` events GreptimeDB records
 * (API.md §7.6), written as the contract's parsed values: the rows of the repartition history's
 * tests, of the merge here and of the History section in src/features/history.
 */
import type { RepartitionOutcome, TrackedRepartition } from './repartition-api.ts';
import type { RepartitionEvent } from './repartition-events.ts';

export const CONSOLE_PID = '6f0c2b1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';
export const OUTSIDE_PID = 'c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f';
/** 2025-11-25T10:00:00Z in ms; events are nanoseconds after it. */
export const T0_MS = 1_764_064_800_000;

export const ns = (msAfter: number, extraNs = 0) =>
  (BigInt(T0_MS + msAfter) * 1_000_000n + BigInt(extraNs)).toString();

/** The console's split of greptime.public.monitor (table 1024), done in 9 s. */
export const TRACKED_SPLIT: TrackedRepartition = {
  id: 'r1',
  clusterId: 'prod-eu',
  idempotencyKey: 'key-00000001',
  table: { catalog: 'greptime', schema: 'public', name: 'monitor', tableId: 1024 },
  kind: 'split',
  statement:
    "ALTER TABLE greptime.public.monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir') WITH (WAIT = false)",
  sourceExprs: ["host < 'ir'"],
  targetExprs: ["host < 'e'", "host >= 'e' AND host < 'ir'"],
  replaced: [{ regionId: '4398046511104', rule: 'host < ir' }],
  allocatedRegionIds: ['4398046511107'],
  deallocatedRegionIds: [],
  timeoutMs: 60_000,
  startedBy: 'alice',
  submittedAtMs: T0_MS,
  phase: 'finished',
  procedureId: CONSOLE_PID,
  frontendAddr: '127.0.0.1:4000',
  states: [],
  outcome: { kind: 'done' },
  finishedAtMs: T0_MS + 9_000,
  lastReadError: null,
};

/** GreptimeDB's answer to a repartition while MetaSrv's GC is off. */
export const REFUSED_WITHOUT_GC: RepartitionOutcome = {
  kind: 'refused',
  httpStatus: 400,
  code: 1004,
  message: 'Invalid arguments: Repartition requires metasrv GC to be enabled',
};

/** What every event of these tests shares: the same table, written by the same user. */
export const EVENT_FIELDS = {
  error: null,
  actor: 'greptime',
  context: null,
  catalog: 'greptime',
  schema: 'public',
  tableName: 'monitor',
  tableId: 1024,
  isPayloadUnread: false,
} as const;

export function eventTrigger(type: string) {
  return { type, attempt: null, phase: null, outcome: null, childProcedureId: null };
}

/** A parent `repartition` event `atMs` after T0, 123 ns into its millisecond. */
export function parentEvent(
  procedureId: string,
  atMs: number,
  state: string,
  trigger: string,
  extra: Partial<Extract<RepartitionEvent, { type: 'repartition' }>> = {},
): RepartitionEvent {
  return {
    ...EVENT_FIELDS,
    type: 'repartition',
    timestampNs: ns(atMs, 123),
    procedureId,
    state,
    trigger: eventTrigger(trigger),
    payload: null,
    ...extra,
  };
}

/** A merge of two partitions into one, submitted by another client (`mysql`) `atMs` after T0. */
export function outsideMergeSubmitted(atMs: number): RepartitionEvent {
  return parentEvent(OUTSIDE_PID, atMs, 'Running', 'Submitted', {
    context: { reason: 'manual', protocol: 'mysql' },
    payload: {
      sourceType: 'partitioned',
      sourcePartitionExprs: ['host >= ir AND host < ri', 'host >= ri'],
      targetPartitionExprs: ['host >= ir'],
      targetPartitionColumns: null,
      timeout: '5m',
    },
  });
}
