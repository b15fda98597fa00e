/**
 * A scripted GreptimeDB frontend for the statements a repartition needs: cluster_info (the
 * version), the table by name, its regions with their rules, the `ALTER TABLE` itself and
 * `procedure_state`. Answers are built from the shared fixtures. The same script answers over
 * real HTTP (startFakeFrontend) and in process (`accessOf`, for tests on fake timers).
 */
import { readFileSync } from 'node:fs';
import { parseGreptimeVersion, sqlFacts } from '../../../contract/greptime-version.ts';
import type { SqlAnswer } from '../../sql/sql-api.ts';
import type { FakeReply } from '../../sql/test-support/fake-frontend.ts';
import type { RepartitionAccess } from '../repartition-tracker.ts';

const FIXTURES = '/work/shared/greptimedb/fixtures';
export const fixture = (name: string) => readFileSync(`${FIXTURES}/${name}`, 'utf8');

/** The procedure id of fixture sql-repartition-nowait.json. */
export const NOWAIT_PROCEDURE_ID = '3f6c2a9e-1b7d-4e5f-8a90-2c4b6d8e0f13';

/** API.md §7.4's ground truth: table 1024 with rules `id < 10`, `id >= 10 AND id < 20`, `id >= 20`. */
export const MITO_TABLE = { catalog: 'greptime', schema: 'public', name: 'repartition_mito_table' };
export const MITO_RULES: [string, string][] = [
  ['4398046511104', 'id < 10'],
  ['4398046511105', 'id >= 10 AND id < 20'],
  ['4398046511106', 'id >= 20'],
];

/** sql-errors-v1.json: a split on v1.2 with MetaSrv GC disabled (API.md §7.2 step 9). */
export function gcDisabledReply(): FakeReply {
  const errors: unknown = JSON.parse(fixture('sql-errors-v1.json'));
  if (!Array.isArray(errors)) throw new Error('sql-errors-v1.json is not a list');
  const entry: unknown = errors.find((e: unknown) =>
    JSON.stringify(e).includes('Repartition requires metasrv GC'),
  );
  if (typeof entry !== 'object' || entry === null || !('body' in entry) || !('status' in entry)) {
    throw new Error('no GC entry in sql-errors-v1.json');
  }
  return { status: Number(entry.status), body: JSON.stringify(entry.body) };
}

function rows(columns: [string, string][], values: unknown[][]): string {
  return JSON.stringify({
    output: [
      {
        records: {
          schema: {
            column_schemas: columns.map(([name, dataType]) => ({ name, data_type: dataType })),
          },
          rows: values,
          total_rows: values.length,
        },
      },
    ],
    execution_time_ms: 1,
  });
}

export function procedureStateReply(state: object): FakeReply {
  return {
    body: rows(
      [[`ADMIN procedure_state('${NOWAIT_PROCEDURE_ID}')`, 'String']],
      [[JSON.stringify(state)]],
    ),
  };
}

export interface ScriptedCluster {
  version: string;
  /** The table's regions: [region id, partition_description]. */
  rules: [string, string][];
  /** The answer to `ALTER TABLE …` (default: fixture sql-repartition-nowait.json). */
  alter: FakeReply;
  /** procedure_state answers in order; the last one repeats. */
  procedureStates: FakeReply[];
  /** Every statement received, in order. */
  statements: string[];
  answer: (sql: string) => FakeReply;
}

export function scriptedCluster(options: { version?: string } = {}): ScriptedCluster {
  const cluster: ScriptedCluster = {
    version: options.version ?? '1.2.0-beta.2',
    rules: MITO_RULES,
    alter: { body: fixture('sql-repartition-nowait.json') },
    procedureStates: [
      procedureStateReply({ status: 'Running' }),
      procedureStateReply({ status: 'Done' }),
    ],
    statements: [],
    answer: (sql) => {
      cluster.statements.push(sql);
      if (sql.includes('information_schema.cluster_info')) {
        return {
          body: fixture('sql-cluster-info.json').replaceAll(
            '"1.1.4"',
            JSON.stringify(cluster.version),
          ),
        };
      }
      if (sql.includes('FROM information_schema.tables')) {
        const isOurs = sql.includes(`table_name = '${MITO_TABLE.name}'`);
        return {
          body: rows(
            [
              ['table_catalog', 'String'],
              ['table_schema', 'String'],
              ['table_name', 'String'],
              ['table_id', 'UInt32'],
              ['table_type', 'String'],
              ['engine', 'String'],
            ],
            isOurs
              ? [
                  [
                    MITO_TABLE.catalog,
                    MITO_TABLE.schema,
                    MITO_TABLE.name,
                    1024,
                    'BASE TABLE',
                    'mito',
                  ],
                ]
              : [],
          ),
        };
      }
      if (sql.includes('FROM information_schema.region_peers r')) {
        return {
          body: rows(
            [
              ['region_id', 'UInt64'],
              ['peer_id', 'UInt64'],
              ['peer_addr', 'String'],
              ['is_leader', 'String'],
              ['status', 'String'],
              ['down_seconds', 'Int64'],
              ['partition_name', 'String'],
              ['partition_expression', 'String'],
              ['partition_description', 'String'],
            ],
            cluster.rules.flatMap(([regionId, rule], i) => [
              [Number(regionId), i, `10.0.0.${i}:4001`, 'Yes', 'ALIVE', null, `p${i}`, 'id', rule],
              [
                Number(regionId),
                i + 1,
                `10.0.0.${i + 1}:4001`,
                'No',
                null,
                null,
                `p${i}`,
                'id',
                rule,
              ],
            ]),
          ),
        };
      }
      if (sql.startsWith('ALTER TABLE')) return cluster.alter;
      if (sql.includes('procedure_state(')) {
        const [next, ...rest] = cluster.procedureStates;
        if (next === undefined) throw new Error('no procedure state scripted');
        if (rest.length > 0) cluster.procedureStates = rest;
        return next;
      }
      return { status: 400, body: JSON.stringify({ code: 1001, error: `unscripted: ${sql}` }) };
    },
  };
  return cluster;
}

export const FRONTEND_ADDR = '127.0.0.1:4000';

/** A reply as the SQL path hands it to the tracker. */
export function frontendAnswer(reply: FakeReply): SqlAnswer {
  return {
    kind: 'frontend',
    answer: {
      kind: 'response',
      addr: FRONTEND_ADDR,
      status: reply.status ?? 200,
      headers: {},
      body: Buffer.from(reply.body),
    },
  };
}

/** The script as the tracker's access, in process: the frontend's answers without sockets. */
export function accessOf(cluster: ScriptedCluster): RepartitionAccess {
  const version = parseGreptimeVersion(cluster.version);
  if (version === null) throw new Error(`not a version: ${cluster.version}`);
  return {
    connection: () =>
      Promise.resolve({
        generation: 'sql',
        version: cluster.version,
        detectedBy: 'cluster-info',
        frontendAddr: FRONTEND_ADDR,
        frontendOrigin: `http://${FRONTEND_ADDR}`,
        hasFrontendCredentials: false,
        problem: null,
        checkedAtMs: 0,
      }),
    facts: () => Promise.resolve({ ok: true, facts: sqlFacts(version) }),
    runStatement: (sql) => Promise.resolve(frontendAnswer(cluster.answer(sql))),
  };
}
