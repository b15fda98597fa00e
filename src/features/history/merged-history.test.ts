/**
 * The merged history from wire bytes to exported text: a frontend answer with nanosecond
 * timestamps beyond 2^53 goes through the lossless parser and the events schema, is merged with
 * the console's journal, and comes out exact in the rows and in the CSV/JSON exports.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseLosslessJson } from '../../../contract/lossless-json';
import { MigrationEventsAnswerSchema } from '../../api/sql/sql-schemas';
import { sqlFixture } from '../../api/sql/sql-fixtures.test-support';
import { mergedHistoryJson, type HistoryRow } from '../../../contract/history-export';
import { mergeHistory, nanosToIso } from '../../../contract/merged-history';
import { mergedHistoryCsv } from './merged-history-csv';

const COLUMNS = [
  ['type', 'String'],
  ['payload', 'Json'],
  ['timestamp', 'TimestampNanosecond'],
  ['procedure_id', 'String'],
  ['procedure_state', 'String'],
  ['procedure_error', 'String'],
  ['region_id', 'UInt64'],
  ['table_id', 'UInt32'],
  ['region_number', 'UInt32'],
  ['region_migration_trigger_reason', 'String'],
  ['region_migration_src_node_id', 'UInt64'],
  ['region_migration_src_peer_addr', 'String'],
  ['region_migration_dst_node_id', 'UInt64'],
  ['region_migration_dst_peer_addr', 'String'],
] as const;

const CONSOLE_PID = '0b6c1d8e-7f5a-4c3b-9e2d-1a2b3c4d5e6f';
const FAILOVER_PID = '9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b';
const BALANCER_PID = '11111111-2222-4333-8444-555555555555';

function eventRow(
  ns: string,
  pid: string,
  state: string,
  error: string,
  regionId: string,
  trigger: string,
  from = 0,
  to = 2,
) {
  const tableId = String(BigInt(regionId) >> 32n);
  return `["region_migration",{"timeout":"5m"},${ns},"${pid}","${state}",${JSON.stringify(error)},${regionId},${tableId},0,"${trigger}",${String(from)},"dn-${String(from)}:4001",${String(to)},"dn-${String(to)}:4001"]`;
}

// Written as the frontend writes it: bare integers, which JSON.parse would round.
const BODY = `{"output":[{"records":{"schema":{"column_schemas":[${COLUMNS.map(
  ([name, type]) => `{"name":"${name}","data_type":"${type}"}`,
).join(',')}]},"rows":[${[
  eventRow('1764064800123456789', CONSOLE_PID, 'Running', '', '4398046511104', 'Manual'),
  eventRow('1764064805987654321', CONSOLE_PID, 'Done', '', '4398046511104', 'Manual'),
  eventRow('1764064900000000001', FAILOVER_PID, 'Running', '', '4398046511105', 'Failover', 1, 3),
  eventRow(
    '1764064930000000002',
    FAILOVER_PID,
    'Failed',
    '=External { source: "aborted" }',
    '4398046511105',
    'Failover',
    1,
    3,
  ),
  eventRow(
    '1764065000000000003',
    BALANCER_PID,
    'Running',
    '',
    '18014398509481984000',
    'AutoRebalance',
  ),
  eventRow(
    '1764065000000000004',
    BALANCER_PID,
    'Running',
    '',
    '18014398509481984001',
    'AutoRebalance',
  ),
].join(',')}],"total_rows":6}}],"execution_time_ms":3}`;

const journal = (procedureId: string | null, submittedAt: string, outcome: string): HistoryRow => ({
  id: `j-${procedureId ?? 'refused'}`,
  submittedAt,
  clusterId: 'default',
  regionId: '4398046511104',
  tableId: 1024,
  fromPeerId: '0',
  toPeerId: '2',
  replayTimeout: '300s',
  procedureId,
  outcome,
  detail: outcome === 'refused by MetaSrv' ? 'Region not found' : null,
  durationMs: 6000,
  startedBy: null,
  planRunId: null,
});

function merged() {
  const events = MigrationEventsAnswerSchema.parse(parseLosslessJson(BODY));
  return mergeHistory(
    [
      journal(CONSOLE_PID, '2025-11-25T10:00:00.100Z', 'done'),
      journal(null, '2025-11-25T09:00:00.000Z', 'refused by MetaSrv'),
    ],
    events,
  );
}

/** A frontend events answer merged with an empty journal. */
function clusterRowsOf(body: string) {
  return mergeHistory([], MigrationEventsAnswerSchema.parse(parseLosslessJson(body)));
}

describe('mergeHistory', () => {
  it('lists a console migration once, with the states the cluster recorded', () => {
    const rows = merged().filter((row) => row.procedureId === CONSOLE_PID);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'console+cluster',
      trigger: 'Manual',
      outcome: 'done',
      steps: [
        { state: 'Running', timestampNs: '1764064800123456789' },
        { state: 'Done', timestampNs: '1764064805987654321' },
      ],
    });
  });

  it('adds moves started outside the console, newest first, one row per procedure', () => {
    const rows = merged();
    expect(rows.map((row) => [row.source, row.trigger, row.outcome])).toEqual([
      ['cluster', 'AutoRebalance', 'in progress (Running)'],
      ['cluster', 'Failover', 'failed'],
      ['console+cluster', 'Manual', 'done'],
      ['console', null, 'refused by MetaSrv'],
    ]);
    const [balancer, failover] = rows;
    // Region ids past 2^53 and a procedure moving two regions: one row, both ids exact.
    expect(balancer?.regionIds).toEqual(['18014398509481984000', '18014398509481984001']);
    expect(failover).toMatchObject({
      fromPeerId: '1',
      toPeerId: '3',
      timeout: '5m',
      detail: '=External { source: "aborted" }',
      durationMs: 30_000,
    });
  });

  it('reads the v1.1.4 events fixture: every state, payload as a JSON object', () => {
    const [row] = clusterRowsOf(sqlFixture('sql-events-region-migration-v1.1.4.json'));
    expect(row).toMatchObject({
      source: 'cluster',
      trigger: 'Manual',
      timeout: '2m',
      outcome: 'done',
      regionIds: ['4398046511105'],
      fromPeerId: '1',
      toPeerId: '2',
      startedBy: null,
      durationMs: 4555,
      steps: [
        { state: 'Running', timestampNs: '1784880012345678901' },
        { state: 'Done', timestampNs: '1784880016901234567' },
      ],
    });
  });

  it('reads the v1.2 events fixture: trigger rows and the submitting user', () => {
    const [row] = clusterRowsOf(sqlFixture('sql-events-region-migration-v1.2.json'));
    expect(row).toMatchObject({
      trigger: 'Manual',
      timeout: '2m',
      outcome: 'done',
      startedBy: 'greptime',
      steps: [{ state: 'Running' }, { state: 'Done' }],
    });
  });

  it('v1.2: consecutive Retrying rows are separate attempts, not one step', () => {
    const v12 = (ns: string, state: string, trigger: string) =>
      `[${ns},"p","${state}",${trigger},{"timeout":"5m"},"greptime",4398046511104]`;
    const body = `{"output":[{"records":{"schema":{"column_schemas":[${[
      ['timestamp', 'TimestampNanosecond'],
      ['procedure_id', 'String'],
      ['procedure_state', 'String'],
      ['procedure_trigger', 'Json'],
      ['payload', 'Json'],
      ['actor', 'String'],
      ['region_id', 'UInt64'],
    ]
      .map(([name, type]) => `{"name":"${name ?? ''}","data_type":"${type ?? ''}"}`)
      .join(',')}]},"rows":[${[
      v12('1787500000000000001', 'Running', '{"type":"Submitted"}'),
      v12('1787500001000000000', 'Retrying', '{"attempt":1,"phase":"Execute","type":"Retrying"}'),
      v12('1787500002000000000', 'Retrying', '{"attempt":2,"phase":"Execute","type":"Retrying"}'),
      v12('1787500003000000000', 'Done', '{"type":"Succeeded"}'),
    ].join(',')}],"total_rows":4}}],"execution_time_ms":3}`;
    const [row] = clusterRowsOf(body);
    expect(row?.steps.map((step) => step.state)).toEqual([
      'Running',
      'Retrying',
      'Retrying',
      'Done',
    ]);
  });

  it('shows nanosecond times with every digit', () => {
    expect(nanosToIso('1764064800123456789')).toBe('2025-11-25T10:00:00.123456789Z');
    expect(nanosToIso('1764064800000000001')).toBe('2025-11-25T10:00:00.000000001Z');
  });
});

describe('merged exports', () => {
  it('CSV keeps exact nanoseconds, names each actor and neutralises formula-like cluster text', () => {
    const csv = mergedHistoryCsv(merged());
    // What a spreadsheet sees: the file read back by a CSV parser, not by splitting lines.
    const { data, errors, meta } = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(errors).toEqual([]);
    expect(meta.fields).toEqual([
      'time',
      'time_ns',
      'source',
      'trigger',
      'region',
      'table',
      'from',
      'to',
      'timeout',
      'procedure_id',
      'outcome',
      'detail',
      'states',
      'duration_ms',
      'actor',
      'started_by',
      'plan_run',
    ]);
    const byProcedure = (pid: string) => data.find((row) => row.procedure_id === pid);
    expect(byProcedure(FAILOVER_PID)).toMatchObject({
      time: '2025-11-25T10:01:40.000000001Z',
      time_ns: '1764064900000000001',
      source: 'cluster',
      trigger: 'Failover',
      // The leading apostrophe makes a spreadsheet show the text instead of running it.
      detail: `'=External { source: "aborted" }`,
      states: 'Running@2025-11-25T10:01:40.000000001Z Failed@2025-11-25T10:02:10.000000002Z',
      actor: 'outside this console (trigger Failover)',
    });
    expect(byProcedure(CONSOLE_PID)).toMatchObject({
      source: 'console+cluster',
      actor: 'manual',
    });
    expect(byProcedure(BALANCER_PID)).toMatchObject({
      region: '18014398509481984000 18014398509481984001',
      actor: 'outside this console (trigger AutoRebalance)',
    });
  });

  it('CSV escapes a formula-like cell even when it spans several lines', () => {
    const [row] = merged().filter((r) => r.procedureId === FAILOVER_PID);
    if (row === undefined) throw new Error('no failover row');
    const multiLine = { ...row, detail: '=HYPERLINK("http://evil.example")\nsecond line' };
    const { data } = Papa.parse<Record<string, string>>(mergedHistoryCsv([multiLine]), {
      header: true,
    });
    expect(data[0]?.detail).toBe(`'=HYPERLINK("http://evil.example")\nsecond line`);
  });

  it('JSON carries nanosecond timestamps as decimal strings', () => {
    const json = mergedHistoryJson('default', merged());
    expect(json).toContain('"timestampNs": "1764064805987654321"');
    expect(JSON.parse(json)).toMatchObject({ clusterId: 'default' });
  });
});
