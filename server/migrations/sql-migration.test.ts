/**
 * The tracker's SQL-path mode with a scripted frontend: what it sends, and when it says done.
 */
import { describe, expect, it } from 'vitest';
import { sqlFacts } from '../../contract/greptime-version.ts';
import type { TrackedMigration } from '../../contract/tracked-migration.ts';
import type { SqlAnswer } from '../sql/sql-api.ts';
import { timeoutSecondsOf } from '../../contract/duration.ts';
import { followOverSql, submitOverSql } from './sql-migration.ts';
import type { SqlMigrationAccess } from './sql-migration.ts';

const REGION = '4398046511104';
const PROCEDURE = '2d0f4d8e-7c1b-4b1a-9d7e-0a1b2c3d4e5f';

function rows(names: string[], values: unknown[][]): string {
  return JSON.stringify({
    output: [
      {
        records: {
          schema: { column_schemas: names.map((name) => ({ name, data_type: 'String' })) },
          rows: values,
          total_rows: values.length,
        },
      },
    ],
    execution_time_ms: 1,
  });
}

function frontend(status: number, body: string): SqlAnswer {
  return {
    kind: 'frontend',
    answer: {
      kind: 'response',
      addr: '127.0.0.1:4000',
      status,
      headers: {},
      body: Buffer.from(body),
    },
  };
}

function access(answer: (statement: string) => SqlAnswer, sent: string[]): SqlMigrationAccess {
  return {
    usesSqlGeneration: () => Promise.resolve(true),
    facts: () =>
      Promise.resolve({
        ok: true,
        facts: sqlFacts({ major: 1, minor: 1, patch: 4, text: '1.1.4' }),
      }),
    runStatement: (statement) => {
      sent.push(statement);
      return Promise.resolve(answer(statement));
    },
  };
}

const submitting: TrackedMigration = {
  id: 'm1',
  clusterId: 'default',
  idempotencyKey: null,
  request: { region_id: REGION, from_peer_id: '1', to_peer_id: '2', replay_timeout: '300s' },
  tableId: 1024,
  replayTimeoutMs: 300_000,
  boundMs: 913_000,
  startedBy: null,
  planRunId: null,
  submittedAtMs: 0,
  phase: 'submitting',
  procedureId: null,
  metasrvAddr: null,
  submissionNote: null,
  states: [],
  outcome: null,
  finishedAtMs: null,
  lastReadError: null,
};

function peers(leader: number, status = 'ALIVE'): string {
  return rows(['region_id', 'peer_id', 'is_leader', 'status'], [[REGION, leader, 'Yes', status]]);
}

/** region_info rows of the region: [node id, state, writable] per replica. */
function regionInfo(replicas: [number, string, boolean][]): string {
  return rows(
    ['region_id', 'node_id', 'state', 'role', 'writable'],
    replicas.map(([node, state, writable]) => [REGION, node, state, state, writable]),
  );
}

function procedureState(json: string): string {
  return rows([`ADMIN procedure_state('${PROCEDURE}')`], [[json]]);
}

async function submitted(): Promise<TrackedMigration> {
  const sent: string[] = [];
  const record = await submitOverSql(
    submitting,
    access(() => frontend(200, rows(['x'], [[PROCEDURE]])), sent),
    () => 1,
  );
  expect(sent).toEqual([`ADMIN migrate_region(${REGION}, 1, 2, 300)`]);
  return record;
}

describe('the SQL-path migration', () => {
  it('submits the version’s statement with whole seconds and follows the procedure', async () => {
    const record = await submitted();
    expect(record).toMatchObject({ phase: 'following', procedureId: PROCEDURE });
    expect(record.sql).toMatchObject({ timeoutSecs: 300, timeoutMeaning: 'overall' });
    // The procedure gives up by itself after the overall timeout: that is its bound.
    expect(record.boundMs).toBe(300_000);
    expect(timeoutSecondsOf('1.5s')).toBeNull();
  });

  it('lists each state change once, however many polls read the same procedure state', async () => {
    let record = await submitted();
    const running = (statement: string) =>
      frontend(
        200,
        statement.includes('procedure_state')
          ? procedureState('{"status":"Running"}')
          : statement.includes('region_info')
            ? regionInfo([[1, 'Leader(Writable)', true]])
            : peers(1),
      );
    for (let at = 2; at < 5; at += 1)
      record = await followOverSql(record, access(running, []), () => at);
    expect(record.states.map((s) => s.label)).toEqual([
      `Submitted as procedure ${PROCEDURE}`,
      'Procedure Running',
      'region_info: Leader(Writable) on datanode 1',
      'Leader on datanode 1',
    ]);
  });

  it('shows the datanodes’ region states as evidence: source downgrading, then target leading', async () => {
    let record = await submitted();
    const step = (status: string, info: string, leader: number, peerStatus: string) =>
      access(
        (statement) =>
          frontend(
            200,
            statement.includes('procedure_state')
              ? procedureState(`{"status":"${status}"}`)
              : statement.includes('region_info')
                ? info
                : peers(leader, peerStatus),
          ),
        [],
      );
    record = await followOverSql(
      record,
      step(
        'Running',
        regionInfo([
          [1, 'Leader(Downgrading)', false],
          [2, 'Follower', false],
        ]),
        1,
        'DOWNGRADING',
      ),
      () => 2,
    );
    record = await followOverSql(
      record,
      step('Done', regionInfo([[2, 'Leader(Writable)', true]]), 2, 'ALIVE'),
      () => 3,
    );
    expect(record.outcome).toEqual({ kind: 'done' });
    expect(record.states.filter((s) => s.code === 'region-info').map((s) => s.label)).toEqual([
      'region_info: Leader(Downgrading) on datanode 1 (read-only), Follower on datanode 2 (read-only)',
      'region_info: Leader(Writable) on datanode 2',
    ]);
  });

  it('reads no region_info before v1.1, and a failed read changes nothing', async () => {
    const record = await submitted();
    const sent: string[] = [];
    const old: SqlMigrationAccess = {
      ...access(() => frontend(200, peers(1)), sent),
      facts: () =>
        Promise.resolve({
          ok: true,
          facts: sqlFacts({ major: 1, minor: 0, patch: 0, text: '1.0.0' }),
        }),
    };
    const followed = await followOverSql(record, old, () => 2);
    expect(sent.some((statement) => statement.includes('region_info'))).toBe(false);
    const failing = await followOverSql(
      record,
      access(
        (statement) =>
          statement.includes('region_info')
            ? frontend(
                400,
                '{"code":4001,"error":"Table not found: information_schema.region_info"}',
              )
            : frontend(
                200,
                statement.includes('procedure_state')
                  ? procedureState('{"status":"Running"}')
                  : peers(1),
              ),
        [],
      ),
      () => 2,
    );
    expect(failing.states.some((s) => s.code === 'region-info')).toBe(false);
    expect(failing.lastReadError).toBeNull();
    expect(followed.phase).toBe('following');
  });

  it('is done only when region_peers shows the target leading', async () => {
    const record = await submitted();
    const answer = (leader: number) => (statement: string) =>
      frontend(
        200,
        statement.includes('procedure_state') ? procedureState('{"status":"Done"}') : peers(leader),
      );
    const done = await followOverSql(record, access(answer(2), []), () => 2);
    expect(done.outcome).toEqual({ kind: 'done' });
    expect(done.sql?.procedureState).toBe('{"status":"Done"}');
    // Done with the leader still on the source: a skipped procedure, not a move.
    const skipped = await followOverSql(record, access(answer(1), []), () => 2);
    expect(skipped.outcome?.kind).toBe('diverged');
  });

  it('records the failure reason and calls a rollback a rollback', async () => {
    const record = await submitted();
    const reason =
      'The region migration procedure aborted, reason: Failed to upgrade the candidate region.';
    const failed = await followOverSql(
      record,
      access(
        (statement) =>
          frontend(
            200,
            statement.includes('procedure_state')
              ? procedureState(JSON.stringify({ status: 'Failed', error: reason }))
              : peers(1),
          ),
        [],
      ),
      () => 2,
    );
    expect(failed.outcome).toEqual({
      kind: 'rolled-back',
      evidence: `procedure_state says Failed: ${reason}; region_peers shows the leader on datanode 1.`,
    });
    expect(failed.sql?.failureReason).toBe(reason);
  });

  it('reports refused credentials as not submitted, and other errors as refused', async () => {
    const auth = await submitOverSql(
      submitting,
      access(
        () => frontend(401, '{"code":7002,"error":"Username and password does not match"}'),
        [],
      ),
      () => 1,
    );
    expect(auth.outcome).toMatchObject({ kind: 'not-submitted', code: 'frontend-auth' });
    const refused = await submitOverSql(
      submitting,
      access(
        () => frontend(500, '{"code":1002,"error":"Another migration procedure is running"}'),
        [],
      ),
      () => 1,
    );
    expect(refused.outcome).toMatchObject({
      kind: 'refused',
      status: 500,
      text: 'Another migration procedure is running',
    });
  });
});
