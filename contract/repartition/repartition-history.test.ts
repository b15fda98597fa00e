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
import {
  CONSOLE_PID,
  EVENT_FIELDS,
  eventTrigger,
  ns,
  OUTSIDE_PID,
  outsideMergeSubmitted,
  parentEvent,
  REFUSED_WITHOUT_GC,
  T0_MS,
  TRACKED_SPLIT,
} from './repartition-history.test-support.ts';

const GROUP_PID = 'a7e4b1c2-5d3f-4a6b-9c8d-0e1f2a3b4c5d';

function groupPair(
  parentId: string,
  atMs: number,
  source: string,
  target: string,
  deallocated: string[],
): RepartitionEvent {
  return {
    ...EVENT_FIELDS,
    type: 'repartition_group',
    timestampNs: ns(atMs),
    procedureId: GROUP_PID,
    state: 'Running',
    trigger: eventTrigger('Submitted'),
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
  parentEvent(CONSOLE_PID, 50, 'Running', 'Submitted', {
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
  parentEvent(CONSOLE_PID, 8_000, 'Done', 'Succeeded', { actor: 'console' }),
];

/** A merge sent by another client (`mysql`), 60 s after the console's split. */
const OUTSIDE_EVENTS: RepartitionEvent[] = [
  outsideMergeSubmitted(60_000),
  groupPair(OUTSIDE_PID, 60_900, '4398046511105', '4398046511105', ['4398046511106']),
  groupPair(OUTSIDE_PID, 60_900, '4398046511106', '4398046511105', ['4398046511106']),
  parentEvent(OUTSIDE_PID, 61_000, 'Running', 'ChildSubmitted'),
  parentEvent(OUTSIDE_PID, 70_000, 'Done', 'Succeeded'),
];

describe('mergeRepartitionHistory', () => {
  it('one row per repartition: the console’s joined by procedure id, the other outside', () => {
    const rows = mergeRepartitionHistory([TRACKED_SPLIT], [...CONSOLE_EVENTS, ...OUTSIDE_EVENTS]);
    expect(rows.map((r) => [r.source, r.procedureId])).toEqual([
      ['cluster', OUTSIDE_PID],
      ['console+cluster', CONSOLE_PID],
    ]);
    const [outside, mine] = rows;

    // The console's record wins: its statement, its rules as sent, its user, its outcome.
    expect(mine).toMatchObject({
      kind: 'split',
      statement: TRACKED_SPLIT.statement,
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
      ...TRACKED_SPLIT,
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
      ...TRACKED_SPLIT,
      id: 'r0',
      submittedAtMs: T0_MS - 1_000,
      procedureId: null,
      outcome: REFUSED_WITHOUT_GC,
    };
    const error = '0: Exceeded deadline, operation: RemapManifest';
    const failing = [
      parentEvent(OUTSIDE_PID, 1_000, 'Running', 'Submitted'),
      parentEvent(OUTSIDE_PID, 2_000, 'RollingBack', 'RollingBack', { error }),
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
      [...failing, parentEvent(OUTSIDE_PID, 3_000, 'Failed', 'Failed', { error })],
    );
    expect(failed[0]).toMatchObject({ outcome: 'failed', detail: error, durationMs: 2_000 });
    // No context and no payload read: still outside, with what there is.
    expect(failed[0] && repartitionActor(failed[0])).toBe('outside this console (actor greptime)');
    expect(failed[0]).toMatchObject({ kind: 'repartition', fromPartitions: null });
  });

  it('two console records with one procedure id: the events join the newest', () => {
    const older = { ...TRACKED_SPLIT, id: 'old', submittedAtMs: T0_MS - 3_600_000 };
    const rows = mergeRepartitionHistory([older, TRACKED_SPLIT], CONSOLE_EVENTS);
    expect(rows.map((r) => [r.key, r.source])).toEqual([
      ['r1', 'console+cluster'],
      ['old', 'console'],
    ]);
  });
});

describe('exports', () => {
  const rows = mergeRepartitionHistory([TRACKED_SPLIT], [...CONSOLE_EVENTS, ...OUTSIDE_EVENTS]);

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
      statement: TRACKED_SPLIT.statement,
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
