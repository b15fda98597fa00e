import { describe, expect, it } from 'vitest';
/**
 * What each export holds. Writing the CSV text (quoting, formula escaping) is papaparse's job
 * where each file is written: server/migrations/migrations-api.export.test.ts and
 * src/features/history/merged-history.test.ts read the written files back with Papa.parse.
 */
import { historyCsvTable, historyJson, mergedActor } from './history-export.ts';
import type { MergedHistoryRow } from './merged-history.ts';
import type { TrackedMigration } from './tracked-migration.ts';

const refusedMigration: TrackedMigration = {
  id: 'm1',
  clusterId: 'default',
  idempotencyKey: null,
  request: {
    region_id: '4398046511104',
    from_peer_id: '0',
    to_peer_id: '2',
    replay_timeout: '1h 30m',
  },
  tableId: 1024,
  replayTimeoutMs: 5_400_000,
  boundMs: 0,
  startedBy: '@admin',
  planRunId: null,
  submittedAtMs: Date.UTC(2024, 0, 2, 3, 4, 5),
  phase: 'finished',
  procedureId: null,
  metasrvAddr: '127.0.0.1:3002',
  submissionNote: null,
  states: [],
  outcome: { kind: 'refused', status: 500, text: '=cmd|x', metasrvAddr: '127.0.0.1:3002' },
  finishedAtMs: Date.UTC(2024, 0, 2, 3, 4, 6),
  lastReadError: null,
};

describe('historyCsvTable', () => {
  it('holds one row per migration with MetaSrv’s text as it came', () => {
    expect(historyCsvTable([refusedMigration])).toEqual({
      fields: [
        'time',
        'cluster',
        'region',
        'table',
        'from',
        'to',
        'replay_timeout',
        'procedure_id',
        'outcome',
        'detail',
        'duration_ms',
        'actor',
        'started_by',
        'plan_run',
        'id',
      ],
      data: [
        [
          '2024-01-02T03:04:05.000Z',
          'default',
          '4398046511104',
          1024,
          '0',
          '2',
          '1h 30m',
          null,
          'refused by MetaSrv',
          '=cmd|x',
          1000,
          'manual (@admin)',
          '@admin',
          null,
          'm1',
        ],
      ],
    });
  });
});

describe('the actor of each move', () => {
  it('is "manual (user)" or "plan run <id> (user)" in the CSV export', () => {
    const base: TrackedMigration = { ...refusedMigration, startedBy: 'ana' };
    const table = historyCsvTable([
      base,
      { ...base, id: 'm2', planRunId: 'run-7' },
      { ...base, id: 'm3', startedBy: null },
    ]);
    const actor = table.fields.indexOf('actor');
    const planRun = table.fields.indexOf('plan_run');
    expect(table.data.map((row) => [row[actor], row[planRun]])).toEqual([
      ['manual (ana)', null],
      ['plan run run-7 (ana)', 'run-7'],
      ['manual', null],
    ]);
  });

  it('is "manual (user)" or "plan run <id> (user)" in the JSON export, with the plan run id', () => {
    const base: TrackedMigration = { ...refusedMigration, startedBy: 'ana' };
    const json: unknown = JSON.parse(
      historyJson('default', [base, { ...base, id: 'm2', planRunId: 'run-7' }]),
    );
    expect(json).toMatchObject({
      migrations: [
        { id: 'm1', actor: 'manual (ana)', planRunId: null },
        { id: 'm2', actor: 'plan run run-7 (ana)', planRunId: 'run-7' },
      ],
    });
  });

  it('is "outside this console" with GreptimeDB’s trigger reason and actor for a cluster-only move', () => {
    const row: MergedHistoryRow = {
      key: 'k',
      source: 'cluster',
      timeNs: '0',
      regionIds: ['4398046511104'],
      tableId: 1024,
      fromPeerId: '0',
      toPeerId: '2',
      timeout: null,
      procedureId: 'p-2',
      trigger: 'Failover',
      outcome: 'done',
      detail: null,
      steps: [],
      durationMs: null,
      startedBy: null,
      planRunId: null,
    };
    expect(mergedActor(row)).toBe('outside this console (trigger Failover)');
    expect(mergedActor({ ...row, trigger: 'Manual', startedBy: 'greptime' })).toBe(
      'outside this console (trigger Manual, actor greptime)',
    );
    expect(mergedActor({ ...row, source: 'console+cluster', startedBy: 'ana' })).toBe(
      'manual (ana)',
    );
  });
});
