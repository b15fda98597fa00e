/**
 * The merge of the console's repartition records with GreptimeDB's repartition events
 * (API.md §7.6): one row per procedure, the console's record winning where both name the same
 * procedure id, everything else "outside this console"; and the CSV/JSON rows built from it.
 * Events are written as the contract's parsed values (the parsing itself is tested on the
 * fixtures in src/api/sql/repartition-events.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TrackedRepartition } from './repartition-api.ts';
import type { RepartitionEvent } from './repartition-events.ts';
import {
  mergeRepartitionHistory,
  repartitionActor,
  repartitionHistoryCsvTable,
  repartitionHistoryJson,
} from './repartition-history.ts';

const CONSOLE_PID = '6f0c2b1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f';
const OUTSIDE_PID = 'c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f';
const GROUP_PID = 'a7e4b1c2-5d3f-4a6b-9c8d-0e1f2a3b4c5d';
/** 2025-11-25T10:00:00Z in ms; events are nanoseconds after it. */
const T0_MS = 1_764_064_800_000;
const ns = (msAfter: number, extraNs = 0) =>
  (BigInt(T0_MS + msAfter) * 1_000_000n + BigInt(extraNs)).toString();

const RECORD: TrackedRepartition = {
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

const BASE = {
  error: null,
  actor: 'greptime',
  context: null,
  catalog: 'greptime',
  schema: 'public',
  tableName: 'monitor',
  tableId: 1024,
  isPayloadUnread: false,
} as const;

function parent(
  procedureId: string,
  atMs: number,
  state: string,
  trigger: string,
  extra: Partial<Extract<RepartitionEvent, { type: 'repartition' }>> = {},
): RepartitionEvent {
  return {
    ...BASE,
    type: 'repartition',
    timestampNs: ns(atMs, 123),
    procedureId,
    state,
    trigger: { type: trigger, attempt: null, phase: null, outcome: null, childProcedureId: null },
    payload: null,
    ...extra,
  };
}

function groupPair(
  parentId: string,
  atMs: number,
  source: string,
  target: string,
  deallocated: string[],
): RepartitionEvent {
  return {
    ...BASE,
    type: 'repartition_group',
    timestampNs: ns(atMs),
    procedureId: GROUP_PID,
    state: 'Running',
    trigger: {
      type: 'Submitted',
      attempt: null,
      phase: null,
      outcome: null,
      childProcedureId: null,
    },
    payload: {
      allocatedRegionIds: [],
      pendingDeallocateRegionIds: deallocated,
      syncRegion: false,
      timeout: '5m',
    },
    parentProcedureId: parentId,
    groupId: 'g1',
    sourceRegionId: source,
    sourcePartitionExpr: null,
    targetRegionId: target,
    targetPartitionExpr: null,
  };
}

/** The console's split as the cluster recorded it. */
const CONSOLE_EVENTS: RepartitionEvent[] = [
  parent(CONSOLE_PID, 50, 'Running', 'Submitted', {
    context: { reason: 'manual', protocol: 'httpsql' },
    actor: 'console',
    payload: {
      sourceType: 'partitioned',
      sourcePartitionExprs: ['host < ir'],
      targetPartitionExprs: ['host < e', 'host >= e AND host < ir'],
      targetPartitionColumns: null,
      timeout: '1m',
    },
  }),
  parent(CONSOLE_PID, 8_000, 'Done', 'Succeeded', { actor: 'console' }),
];

/** A merge sent by another client (`mysql`), 60 s after the console's split. */
const OUTSIDE_EVENTS: RepartitionEvent[] = [
  parent(OUTSIDE_PID, 60_000, 'Running', 'Submitted', {
    context: { reason: 'manual', protocol: 'mysql' },
    payload: {
      sourceType: 'partitioned',
      sourcePartitionExprs: ['host >= ir AND host < ri', 'host >= ri'],
      targetPartitionExprs: ['host >= ir'],
      targetPartitionColumns: null,
      timeout: '5m',
    },
  }),
  groupPair(OUTSIDE_PID, 60_900, '4398046511105', '4398046511105', ['4398046511106']),
  groupPair(OUTSIDE_PID, 60_900, '4398046511106', '4398046511105', ['4398046511106']),
  parent(OUTSIDE_PID, 61_000, 'Running', 'ChildSubmitted'),
  parent(OUTSIDE_PID, 70_000, 'Done', 'Succeeded'),
];

describe('mergeRepartitionHistory', () => {
  it('one row per repartition: the console’s joined by procedure id, the other outside', () => {
    const rows = mergeRepartitionHistory([RECORD], [...CONSOLE_EVENTS, ...OUTSIDE_EVENTS]);
    expect(rows.map((r) => [r.source, r.procedureId])).toEqual([
      ['cluster', OUTSIDE_PID],
      ['console+cluster', CONSOLE_PID],
    ]);
    const [outside, mine] = rows;

    // The console's record wins: its statement, its rules as sent, its user, its outcome.
    expect(mine).toMatchObject({
      kind: 'split',
      statement: RECORD.statement,
      fromPartitions: ["host < 'ir'"],
      toPartitions: ["host < 'e'", "host >= 'e' AND host < 'ir'"],
      startedBy: 'alice',
      outcome: 'done',
      durationMs: 9_000,
      timeNs: ns(0),
      timeout: '1m',
      reason: 'manual',
    });
    // ...and the events add the states the cluster recorded.
    expect(mine?.steps.map((s) => s.state)).toEqual(['Running', 'Done']);
    expect(mine && repartitionActor(mine)).toBe('this console (alice)');

    expect(outside).toMatchObject({
      kind: 'merge',
      schema: 'public',
      tableName: 'monitor',
      tableId: 1024,
      statement: null,
      fromPartitions: ['host >= ir AND host < ri', 'host >= ri'],
      toPartitions: ['host >= ir'],
      sourceRegionIds: ['4398046511105', '4398046511106'],
      targetRegionIds: ['4398046511105'],
      outcome: 'done',
      detail: null,
      timeNs: ns(60_000, 123),
      durationMs: 10_000,
      timeout: '5m',
      startedBy: 'greptime',
    });
    expect(outside && repartitionActor(outside)).toBe(
      'outside this console (reason manual, actor greptime)',
    );
  });

  it('the console’s outcome wins over the events’ (a record that stopped following)', () => {
    const record: TrackedRepartition = {
      ...RECORD,
      outcome: { kind: 'timed-out', byProcedure: false, message: 'no end state in 120 s' },
    };
    const [row, ...others] = mergeRepartitionHistory([record], CONSOLE_EVENTS);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      source: 'console+cluster',
      outcome: 'timed out (may still end)',
      detail: 'no end state in 120 s',
    });
    expect(row?.steps.at(-1)?.state).toBe('Done');
  });

  it('keeps console records the cluster never saw, and unfinished or failed outside ones', () => {
    const refused: TrackedRepartition = {
      ...RECORD,
      id: 'r0',
      submittedAtMs: T0_MS - 1_000,
      procedureId: null,
      outcome: {
        kind: 'refused',
        httpStatus: 400,
        code: 1004,
        message: 'Invalid arguments: Repartition requires metasrv GC to be enabled',
      },
    };
    const error = '0: Exceeded deadline, operation: RemapManifest';
    const failing = [
      parent(OUTSIDE_PID, 1_000, 'Running', 'Submitted'),
      parent(OUTSIDE_PID, 2_000, 'RollingBack', 'RollingBack', { error }),
    ];
    const rows = mergeRepartitionHistory([refused], failing);
    expect(rows.map((r) => [r.source, r.outcome, r.detail])).toEqual([
      ['cluster', 'running (RollingBack)', error],
      [
        'console',
        'refused',
        'HTTP 400, code 1004: Invalid arguments: Repartition requires metasrv GC to be enabled',
      ],
    ]);
    const failed = mergeRepartitionHistory(
      [],
      [...failing, parent(OUTSIDE_PID, 3_000, 'Failed', 'Failed', { error })],
    );
    expect(failed[0]).toMatchObject({ outcome: 'failed', detail: error, durationMs: 2_000 });
    // No context and no payload read: still outside, with what there is.
    expect(failed[0] && repartitionActor(failed[0])).toBe('outside this console (actor greptime)');
    expect(failed[0]).toMatchObject({ kind: 'repartition', fromPartitions: null });
  });

  it('two console records with one procedure id: the events join the newest', () => {
    const older = { ...RECORD, id: 'old', submittedAtMs: T0_MS - 3_600_000 };
    const rows = mergeRepartitionHistory([older, RECORD], CONSOLE_EVENTS);
    expect(rows.map((r) => [r.key, r.source])).toEqual([
      ['r1', 'console+cluster'],
      ['old', 'console'],
    ]);
  });
});

describe('exports', () => {
  const rows = mergeRepartitionHistory([RECORD], [...CONSOLE_EVENTS, ...OUTSIDE_EVENTS]);

  it('CSV: one line per repartition, exact nanoseconds, who and what', () => {
    const table = repartitionHistoryCsvTable(rows);
    const line = (i: number) =>
      Object.fromEntries(table.fields.map((field, j) => [field, table.data[i]?.[j]]));
    expect(table.fields.slice(0, 4)).toEqual(['time', 'time_ns', 'source', 'kind']);
    expect(line(0)).toMatchObject({
      time_ns: ns(60_000, 123),
      time: '2025-11-25T10:01:00.000000123Z',
      source: 'cluster',
      kind: 'merge',
      table: 'public.monitor',
      table_id: 1024,
      from_partitions: 'host >= ir AND host < ri; host >= ri',
      to_partitions: 'host >= ir',
      source_regions: '4398046511105 4398046511106',
      target_regions: '4398046511105',
      procedure_id: OUTSIDE_PID,
      outcome: 'done',
      actor: 'outside this console (reason manual, actor greptime)',
      statement: null,
    });
    expect(String(line(0).states)).toMatch(
      /^Running@\S+ Running@\S+ Done@2025-11-25T10:01:10\.000000123Z$/,
    );
    expect(line(1)).toMatchObject({
      source: 'console+cluster',
      procedure_id: CONSOLE_PID,
      actor: 'this console (alice)',
      statement: RECORD.statement,
    });
  });

  it('JSON: the same rows with their actor', () => {
    const json = JSON.parse(repartitionHistoryJson('prod-eu', rows)) as {
      clusterId: string;
      repartitions: { procedureId: string; actor: string; timeNs: string }[];
    };
    expect(json.clusterId).toBe('prod-eu');
    expect(json.repartitions.map((r) => [r.procedureId, r.actor])).toEqual([
      [OUTSIDE_PID, 'outside this console (reason manual, actor greptime)'],
      [CONSOLE_PID, 'this console (alice)'],
    ]);
    expect(json.repartitions[0]?.timeNs).toBe(ns(60_000, 123));
  });
});
