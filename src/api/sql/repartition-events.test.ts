/**
 * GreptimeDB's repartition events (v1.2, API.md §6.3, §7.6) read as the browser reads them:
 * the frontend's bytes through the gate's lossless JSON parser and the contract's
 * `RepartitionEventsAnswerSchema`, then folded per procedure by `clusterRepartitions`. The
 * split is the shared fixture `sql-events-repartition-v1.2.json`; the other answers are built
 * from API.md's text where no fixture exists (an unpartitioned source, §7.6; a failure, §7.3),
 * and say so.
 */
import { describe, expect, it } from 'vitest';
import {
  RepartitionEventsAnswerSchema,
  clusterRepartitions,
} from '../../../contract/repartition/repartition-events';
import { parseLosslessJson } from '../../../contract/lossless-json';
import { sqlFixture } from './sql-fixtures.test-support';

const PARENT = 'c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f';
const GROUP = 'a7e4b1c2-5d3f-4a6b-9c8d-0e1f2a3b4c5d';

const parse = (text: string) => RepartitionEventsAnswerSchema.parse(parseLosslessJson(text));

/** An answer with the fixture's columns plus `procedure_error`, rows given as JSON text. */
function answer(rows: string[]): string {
  const columns = [
    ['timestamp', 'TimestampNanosecond'],
    ['type', 'String'],
    ['procedure_id', 'String'],
    ['procedure_state', 'String'],
    ['procedure_trigger', 'Json'],
    ['procedure_error', 'String'],
    ['payload', 'Json'],
    ['actor', 'String'],
    ['event_context', 'Json'],
    ['table_name', 'String'],
    ['table_id', 'UInt32'],
    ['parent_procedure_id', 'String'],
    ['repartition_group_id', 'String'],
    ['source_region_id', 'UInt64'],
    ['source_partition_expr', 'String'],
    ['target_region_id', 'UInt64'],
    ['target_partition_expr', 'String'],
  ]
    .map(([name, type]) => `{"name":"${String(name)}","data_type":"${String(type)}"}`)
    .join(',');
  return `{"output":[{"records":{"schema":{"column_schemas":[${columns}]},"rows":[${rows.join(',')}],"total_rows":${String(rows.length)}}}],"execution_time_ms":3}`;
}

describe('sql-events-repartition-v1.2.json', () => {
  it('parses every row: envelope, trigger, payload, table and region columns, exact', () => {
    const events = parse(sqlFixture('sql-events-repartition-v1.2.json'));
    expect(events.map((e) => [e.type, e.state, e.trigger?.type])).toEqual([
      ['repartition', 'Running', 'Submitted'],
      ['repartition_group', 'Running', 'Submitted'],
      ['repartition_group', 'Running', 'Submitted'],
      ['repartition', 'Running', 'ChildSubmitted'],
      ['repartition_group', 'Done', 'Succeeded'],
      ['repartition', 'Done', 'Succeeded'],
    ]);
    const [submitted, pair, second, child, groupDone] = events;
    // Nanoseconds beyond 2^53 stay exact.
    expect(submitted?.timestampNs).toBe('1787500100100000000');
    expect(submitted).toMatchObject({
      procedureId: PARENT,
      actor: 'greptime',
      context: { reason: 'manual', protocol: 'httpsql' },
      tableName: 'repartition_mito_table',
      tableId: 1024,
      // The fixture's statement does not select these columns.
      catalog: null,
      schema: null,
      error: null,
      isPayloadUnread: false,
      payload: {
        sourceType: 'partitioned',
        sourcePartitionExprs: ['id < 10'],
        targetPartitionExprs: ['id < 5', 'id >= 5 AND id < 10'],
        targetPartitionColumns: null,
        timeout: '1m',
      },
    });
    expect(pair).toMatchObject({
      type: 'repartition_group',
      procedureId: GROUP,
      parentProcedureId: PARENT,
      groupId: '6d2f8e4a-9b1c-4d7e-8f0a-3c5b7d9e1f24',
      sourceRegionId: '4398046511104',
      sourcePartitionExpr: 'id < 10',
      targetRegionId: '4398046511104',
      targetPartitionExpr: 'id < 5',
      payload: {
        allocatedRegionIds: ['4398046511107'],
        pendingDeallocateRegionIds: [],
        syncRegion: false,
        timeout: '1m',
      },
    });
    expect(second).toMatchObject({ targetRegionId: '4398046511107' });
    expect(child?.trigger).toEqual({
      type: 'ChildSubmitted',
      outcome: 'Accepted',
      childProcedureId: GROUP,
      attempt: null,
      phase: null,
    });
    expect(child?.payload).toBeNull();
    expect(groupDone).toMatchObject({ sourceRegionId: null, targetRegionId: null, payload: null });
  });

  it('folds the six rows into one split: partitions, regions, states, who, how long', () => {
    const [split, ...others] = clusterRepartitions(
      parse(sqlFixture('sql-events-repartition-v1.2.json')),
    );
    expect(others).toEqual([]);
    expect(split).toEqual({
      key: PARENT,
      procedureId: PARENT,
      timeNs: '1787500100100000000',
      catalog: null,
      schema: null,
      tableName: 'repartition_mito_table',
      tableId: 1024,
      kind: 'split',
      sourceType: 'partitioned',
      fromPartitions: ['id < 10'],
      toPartitions: ['id < 5', 'id >= 5 AND id < 10'],
      targetPartitionColumns: null,
      sourceRegionIds: ['4398046511104'],
      targetRegionIds: ['4398046511104', '4398046511107'],
      allocatedRegionIds: ['4398046511107'],
      deallocatedRegionIds: [],
      timeout: '1m',
      steps: [
        {
          state: 'Running',
          trigger: 'Submitted',
          timestampNs: '1787500100100000000',
          error: null,
        },
        {
          state: 'Running',
          trigger: 'ChildSubmitted',
          timestampNs: '1787500100906000000',
          error: null,
        },
        { state: 'Done', trigger: 'Succeeded', timestampNs: '1787500102488000000', error: null },
      ],
      lastState: 'Done',
      error: null,
      actor: 'greptime',
      reason: 'manual',
      protocol: 'httpsql',
      durationMs: 2388,
      hasUnreadPayload: false,
    });
  });
});

describe('answers API.md describes without a fixture', () => {
  it('an unpartitioned source (PARTITION ON COLUMNS, §7.6): no source expressions, NULL source rule', () => {
    const [repartition] = clusterRepartitions(
      parse(
        answer([
          `[1787500200000000000,"repartition","${PARENT}","Running",{"type":"Submitted"},"",{"source_type":"unpartitioned","target_partition_columns":["host"],"target_partition_exprs":["host < 10","host >= 10"],"timeout":"1m","version":2},"greptime",{"protocol":"mysql","reason":"manual"},"t",1030,null,null,null,null,null,null]`,
          `[1787500200500000000,"repartition_group","${GROUP}","Running",{"type":"Submitted"},"",{"allocated_region_ids":[4423816314881],"pending_deallocate_region_ids":[],"sync_region":false,"timeout":"1m","version":2},"greptime",{"protocol":"mysql","reason":"manual"},"t",1030,"${PARENT}","g",4423816314880,null,4423816314881,"host >= 10"]`,
        ]),
      ),
    );
    expect(repartition).toMatchObject({
      kind: 'partition on columns',
      fromPartitions: [],
      toPartitions: ['host < 10', 'host >= 10'],
      targetPartitionColumns: ['host'],
      sourceRegionIds: ['4423816314880'],
      targetRegionIds: ['4423816314881'],
      lastState: 'Running',
      durationMs: null,
      protocol: 'mysql',
    });
  });

  it('a failure keeps GreptimeDB’s error text; a retry is one step per attempt', () => {
    const error =
      '0: Unexpected, violated: Repartition groups failed or became unknown, table_id: 1024, failed: 1, unknown: 0';
    const [failed] = clusterRepartitions(
      parse(
        answer([
          `[1787500300000000000,"repartition","${PARENT}","Running",{"type":"Submitted"},"",null,"greptime",null,"t",1024,null,null,null,null,null,null]`,
          `[1787500301000000000,"repartition","${PARENT}","Retrying",{"attempt":1,"phase":"Execute","type":"Retrying"},"0: boom",null,"greptime",null,"t",1024,null,null,null,null,null,null]`,
          `[1787500302000000000,"repartition","${PARENT}","RollingBack",{"type":"RollingBack"},${JSON.stringify(error)},null,"greptime",null,"t",1024,null,null,null,null,null,null]`,
          `[1787500303000000000,"repartition","${PARENT}","Failed",{"type":"Failed"},${JSON.stringify(error)},null,"greptime",null,"t",1024,null,null,null,null,null,null]`,
        ]),
      ),
    );
    expect(failed?.steps.map((s) => s.state)).toEqual([
      'Running',
      'Retrying',
      'RollingBack',
      'Failed',
    ]);
    expect(failed).toMatchObject({ lastState: 'Failed', error, durationMs: 3000 });
    // The Submitted row with its payload was not among the rows read: partitions unknown.
    expect(failed).toMatchObject({ kind: 'repartition', fromPartitions: null, toPartitions: null });
  });

  it('keeps a payload of an undocumented version unread instead of guessing its keys', () => {
    const [repartition] = clusterRepartitions(
      parse(
        answer([
          `[1787500400000000000,"repartition","${PARENT}","Running",{"type":"Submitted"},"",{"sources":["id < 10"],"version":3},"greptime",null,"t",1024,null,null,null,null,null,null]`,
        ]),
      ),
    );
    expect(repartition).toMatchObject({
      hasUnreadPayload: true,
      kind: 'repartition',
      fromPartitions: null,
    });
  });

  it('refuses rows of another event type: the statement reads repartition types only', () => {
    expect(() => parse(sqlFixture('sql-events-region-migration-v1.2.json'))).toThrow();
  });
});
