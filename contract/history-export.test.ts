import { describe, expect, it } from 'vitest';
import { csvCell, historyCsv, historyJson, mergedActor } from './history-export.ts';
import type { MergedHistoryRow } from './merged-history.ts';
import type { TrackedMigration } from './tracked-migration.ts';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
  ])('%j -> %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('writes null as an empty cell and numbers as text', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(1024)).toBe('1024');
  });
});

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

describe('historyCsv', () => {
  it('neutralises MetaSrv text and user names in every row', () => {
    const [header, row] = historyCsv([refusedMigration]).split('\r\n');
    expect(header).toBe(
      'time,cluster,region,table,from,to,replay_timeout,procedure_id,outcome,detail,duration_ms,started_by,plan_run,id',
    );
    expect(row).toBe(
      "2024-01-02T03:04:05.000Z,default,4398046511104,1024,0,2,1h 30m,,refused by MetaSrv,'=cmd|x,1000,'@admin,,m1",
    );
  });
});

describe('the actor of each move', () => {
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
