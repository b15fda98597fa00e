/**
 * The statement the console sends for GreptimeDB's repartition events
 * (`repartitionEventsStatement`), run against the emulated frontend, and its answer read as the
 * browser reads it (lossless JSON, `RepartitionEventsAnswerSchema`). Strategy: a ManualClock
 * stepped timer by timer, so a procedure runs to its end without sleeping. A region migration
 * comes first, so `greptime_private.events` has the union of both types' columns in insert
 * order (API.md §6.1) and the statement's `SELECT *` must pick the repartition columns by name.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseGreptimeVersion, sqlFacts } from '../../contract/greptime-version.ts';
import {
  RepartitionEventsAnswerSchema,
  clusterRepartitions,
} from '../../contract/repartition/repartition-events.ts';
import { repartitionEventsStatement } from '../../contract/sql/statements.ts';
import { ManualClock } from '../../emulator/clock.ts';
import { EmulatedCluster } from '../../emulator/model/cluster.ts';
import type { PartitionValue, RegionPartition } from '../../emulator/model/types.ts';
import { runSql } from '../../emulator/testing/sql-fixture.ts';
import { parseLosslessJson } from '../../contract/lossless-json.ts';

const SPLIT =
  'ALTER TABLE repartition_mito_table SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10) WITH (WAIT = false)';
const MERGE =
  'ALTER TABLE repartition_mito_table MERGE PARTITION (id >= 10 AND id < 20, id >= 20) WITH (WAIT = false)';

function range(lower: number | null, upper: number | null): RegionPartition {
  const value = (v: number | null): PartitionValue | null =>
    v === null ? null : { type: 'Int32', value: v };
  return { kind: 'range', column: 'id', lower: value(lower), upper: value(upper) };
}

function v12Facts() {
  const version = parseGreptimeVersion('1.2.0-beta.2');
  if (version === null) throw new Error('unparsable version');
  return sqlFacts(version);
}

/** GreptimeDB's repartition_mito_table (API.md §7.4) on datanodes 0..2. */
function cluster() {
  const clock = new ManualClock(Date.UTC(2026, 7, 23, 8, 0, 0));
  const model = new EmulatedCluster(clock, { seed: 1, datanodes: 3, empty: true });
  model.createPhysicalTable({
    tableId: 1024,
    name: 'repartition_mito_table',
    leaderPeerIds: [0, 1, 2],
    partitionColumn: 'id',
    partitions: [range(null, 10), range(10, 20), range(20, null)],
    createdOnMs: clock.now() - 3_600_000,
  });
  clock.advance(10_000);
  return { clock, model };
}

const ProcedureIdAnswerSchema = z.object({
  output: z.tuple([z.object({ records: z.object({ rows: z.tuple([z.tuple([z.string()])]) }) })]),
});

/** Sends a `WAIT = false` statement and runs the clock until no procedure has work left. */
function submitAndRun(clock: ManualClock, model: EmulatedCluster, sql: string): string {
  const answer = runSql(model, sql, { version: 'v1.2' });
  expect(answer.status).toBe(200);
  const [[procedureId]] = ProcedureIdAnswerSchema.parse(JSON.parse(answer.body)).output[0].records
    .rows;
  for (let i = 0; i < 10_000 && clock.step(); i += 1) {
    if (model.repartition.procedure(procedureId)?.finishedAtMs != null) break;
  }
  expect(model.repartition.procedure(procedureId)?.status).toBe('Done');
  return procedureId;
}

const ColumnNamesSchema = z.object({
  output: z.tuple([
    z.object({
      records: z.object({
        schema: z.object({ column_schemas: z.array(z.object({ name: z.string() })) }),
      }),
    }),
  ]),
});

function readEvents(model: EmulatedCluster) {
  const statement = repartitionEventsStatement(v12Facts());
  if (statement === null) throw new Error('v1.2 writes repartition events');
  const answer = runSql(model, statement, { version: 'v1.2', db: 'greptime-public' });
  expect(answer.status).toBe(200);
  const columns = ColumnNamesSchema.parse(JSON.parse(answer.body)).output[0].records.schema
    .column_schemas;
  return {
    columns: columns.map((c) => c.name),
    events: RepartitionEventsAnswerSchema.parse(parseLosslessJson(answer.body)),
  };
}

describe('repartition events on the emulated v1.2 frontend', () => {
  it('reads a split and a merge among region migrations, one repartition per procedure', () => {
    const { clock, model } = cluster();
    const migrated = runSql(model, 'ADMIN migrate_region(4398046511105, 1, 2, 120)', {
      version: 'v1.2',
    });
    expect(migrated.status).toBe(200);
    for (let i = 0; i < 10_000 && clock.step(); i += 1);

    const split = submitAndRun(clock, model, SPLIT);
    const merge = submitAndRun(clock, model, MERGE);
    // The recorder flushes every 5 s (API.md §6.1).
    clock.advance(5_000);

    const { columns, events } = readEvents(model);
    // The migration's columns came first; the repartition ones were appended after them.
    expect(columns.indexOf('region_migration_trigger_reason')).toBeGreaterThan(0);
    expect(columns.indexOf('catalog_name')).toBeGreaterThan(
      columns.indexOf('region_migration_trigger_reason'),
    );
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['repartition', 'repartition_group']),
    );
    // Nanoseconds beyond 2^53, exact and newest first as the statement orders them.
    expect(events.every((e) => /^\d{19}$/.test(e.timestampNs))).toBe(true);
    const [newest, oldest] = clusterRepartitions(events);
    expect(newest).toMatchObject({
      procedureId: merge,
      kind: 'merge',
      tableName: 'repartition_mito_table',
      tableId: 1024,
      catalog: 'greptime',
      schema: 'public',
      fromPartitions: ['id >= 10 AND id < 20', 'id >= 20'],
      toPartitions: ['id >= 10'],
      sourceRegionIds: ['4398046511105', '4398046511106'],
      targetRegionIds: ['4398046511105'],
      deallocatedRegionIds: ['4398046511106'],
      lastState: 'Done',
      reason: 'manual',
      protocol: 'httpsql',
    });
    expect(oldest).toMatchObject({
      procedureId: split,
      kind: 'split',
      fromPartitions: ['id < 10'],
      toPartitions: ['id < 5', 'id >= 5 AND id < 10'],
      sourceRegionIds: ['4398046511104'],
      targetRegionIds: ['4398046511104', '4398046511107'],
      allocatedRegionIds: ['4398046511107'],
      timeout: '1m',
      lastState: 'Done',
    });
    expect(oldest?.steps.map((s) => [s.state, s.trigger])).toEqual([
      ['Running', 'Submitted'],
      ['Running', 'ChildSubmitted'],
      ['Done', 'Succeeded'],
    ]);
  });

  it('is not sent where GreptimeDB writes no repartition events (v1.1, API.md §6.2)', () => {
    const version = parseGreptimeVersion('1.1.4');
    if (version === null) throw new Error('unparsable version');
    expect(repartitionEventsStatement(sqlFacts(version))).toBeNull();
  });
});
