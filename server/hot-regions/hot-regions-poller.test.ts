/**
 * The sampling the server does on its own: at start, then every interval, with no browser;
 * the heatmap ring in DATA_DIR read back by the next server; problems said in `lastError`,
 * never thrown. The frontend is a function answering `/v1/sql` envelopes; time is faked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeatmapAnswerSchema, HotRegionsAnswerSchema } from '../../contract/hot-regions.ts';
import { SQL_ROW_LIMIT, type ConnectionInfo } from '../../contract/sql-contract.ts';
import type { SqlAnswer } from '../sql/sql-api.ts';
import { HotRegionsPoller, MAX_STATISTICS_PAGES } from './hot-regions-poller.ts';

const INTERVAL_MS = 3_000;
const TABLE_ID = 1024;
/** Region 2 of table 1024 burns 10 ms of query CPU a second, the others 1 ms. */
const REGIONS = [0, 1, 2, 3];
const cpuMsPerSec = (regionNumber: number) => (regionNumber === 2 ? 10 : 1);

function connection(version: string | null, generation: 'sql' | 'legacy' = 'sql'): ConnectionInfo {
  return {
    generation,
    version,
    detectedBy: 'cluster-info',
    frontendAddr: 'fe:4000',
    frontendOrigin: 'http://fe:4000',
    hasFrontendCredentials: false,
    problem: null,
    checkedAtMs: 0,
  };
}

function frontendAnswer(columns: string[], rows: unknown[][]): SqlAnswer {
  const body = JSON.stringify({
    output: [
      {
        records: {
          schema: { column_schemas: columns.map((name) => ({ name, data_type: 'UInt64' })) },
          rows,
        },
      },
    ],
    execution_time_ms: 1,
  });
  return {
    kind: 'frontend',
    answer: {
      kind: 'response',
      addr: 'fe:4000',
      status: 200,
      headers: {},
      body: Buffer.from(body),
    },
  };
}

const STATISTICS_COLUMNS = [
  'leader_peer_id',
  'region_id',
  'table_id',
  'region_number',
  'region_rows',
  'written_bytes_since_open',
  'query_cpu_time_millis',
  'query_scanned_bytes',
  'region_role',
];

/** region_statistics as it stands `seconds` after every region opened. */
function statistics(seconds: number): SqlAnswer {
  return frontendAnswer(
    STATISTICS_COLUMNS,
    REGIONS.map((n) => [
      n % 2,
      TABLE_ID * 2 ** 32 + n,
      TABLE_ID,
      n,
      1_000,
      seconds * 100,
      seconds * cpuMsPerSec(n),
      seconds * 4_096,
      'Leader',
    ]),
  );
}

const TABLES = frontendAnswer(
  ['table_catalog', 'table_schema', 'table_name', 'table_id', 'table_type', 'engine'],
  [['greptime', 'public', 'cpu', TABLE_ID, 'BASE TABLE', 'mito']],
);

interface Harness {
  poller: HotRegionsPoller;
  statements: string[];
  log: string[];
}

const START_MS = Date.UTC(2026, 11, 7, 10, 0, 0);
let dataDir = '';
const pollers: HotRegionsPoller[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START_MS });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-regions-poller-'));
});
afterEach(() => {
  for (const poller of pollers.splice(0)) poller.close();
  vi.useRealTimers();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function harness(
  options: {
    version?: ConnectionInfo;
    answer?: (statement: string, secondsSinceStart: number) => SqlAnswer;
  } = {},
): Harness {
  const statements: string[] = [];
  const log: string[] = [];
  const answer =
    options.answer ??
    ((statement, seconds) =>
      statement.includes('region_statistics') ? statistics(seconds) : TABLES);
  const poller = new HotRegionsPoller({
    clusterId: 'default',
    settings: { dataDir, intervalMs: INTERVAL_MS },
    hasFrontend: true,
    connection: () => Promise.resolve(options.version ?? connection('1.2.0')),
    runStatement: (statement) => {
      statements.push(statement);
      return Promise.resolve(answer(statement, (Date.now() - START_MS) / 1_000));
    },
    now: Date.now,
    log: (message) => log.push(message),
  });
  pollers.push(poller);
  return { poller, statements, log };
}

const regionStatisticsReads = (statements: string[]) =>
  statements.filter((statement) => statement.includes('region_statistics')).length;

describe('HotRegionsPoller', () => {
  it('samples when the server starts and every interval after, with no browser asking', async () => {
    const { poller, statements } = harness();
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(regionStatisticsReads(statements)).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(regionStatisticsReads(statements)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(regionStatisticsReads(statements)).toBe(2);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    // One statement per interval: nothing else is read while nobody looks.
    expect(statements).toHaveLength(12);
    expect(regionStatisticsReads(statements)).toBe(12);
  });

  it('ranks the hot region first once two samples are in, with its table name', async () => {
    const { poller } = harness();
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = HotRegionsAnswerSchema.parse(await poller.hotRegions({}));
    expect(first).toMatchObject({ hasRates: false, regions: [], sampledAtMs: START_MS });
    expect(first.nextSampleAtMs).toBe(START_MS + INTERVAL_MS);

    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    const answer = HotRegionsAnswerSchema.parse(await poller.hotRegions({ limit: 2 }));
    expect(answer.hasRates).toBe(true);
    expect(answer.regions.map((region) => region.regionNumber)).toEqual([2, 0]);
    expect(answer.regions[0]).toMatchObject({
      tableName: 'greptime.public.cpu',
      datanodeId: '0',
      queryCpuMsPerSec: 10,
      writtenBytesPerSec: 100,
    });
    expect(answer.lastError).toBeNull();
  });

  it('reads a cluster larger than one statement in pages by region id, each replica once', async () => {
    // 15,000 regions, region 9,998 with a follower as well: the first page of SQL_ROW_LIMIT
    // (10,000) rows ends inside region 9,998's replicas, which the second page reads whole.
    const regionId = (n: number) => TABLE_ID * 2 ** 32 + n;
    const replicas = Array.from({ length: 15_000 }, (_, n) => n).flatMap((n) =>
      n === 9_998
        ? [
            { n, role: 'Leader' },
            { n, role: 'Follower' },
          ]
        : [{ n, role: 'Leader' }],
    );
    const { poller, statements } = harness({
      answer: (statement, seconds) => {
        if (!statement.includes('region_statistics')) return TABLES;
        const from = Number(/s\.region_id >= (\d+)/.exec(statement)?.[1] ?? 0);
        const page = replicas.filter(({ n }) => regionId(n) >= from).slice(0, SQL_ROW_LIMIT);
        return frontendAnswer(
          STATISTICS_COLUMNS,
          page.map(({ n, role }) => [
            n % 2,
            regionId(n),
            TABLE_ID,
            n,
            1_000,
            seconds * 100,
            // The hottest region is on the second page.
            seconds * (n === 14_000 ? 50 : 1),
            seconds * 4_096,
            role,
          ]),
        );
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    const reads = statements.filter((statement) => statement.includes('region_statistics'));
    expect(reads).toHaveLength(4);
    expect(reads[0]).not.toContain('s.region_id >=');
    expect(reads[1]).toContain(`s.region_id >= ${String(regionId(9_998))}`);
    const answer = HotRegionsAnswerSchema.parse(await poller.hotRegions({ limit: 1 }));
    expect(answer.regions[0]).toMatchObject({ regionNumber: 14_000, queryCpuMsPerSec: 50 });
    expect(answer.lastError).toBeNull();
  });

  it('stops after MAX_STATISTICS_PAGES full pages and says which replicas have no rate', async () => {
    // More replicas than the poller reads: every page comes back full.
    const regionId = (n: number) => TABLE_ID * 2 ** 32 + n;
    const { poller, statements } = harness({
      answer: (statement, seconds) => {
        if (!statement.includes('region_statistics')) return TABLES;
        const from = Number(/s\.region_id >= (\d+)/.exec(statement)?.[1] ?? regionId(0));
        const first = from - regionId(0);
        return frontendAnswer(
          STATISTICS_COLUMNS,
          Array.from({ length: SQL_ROW_LIMIT }, (_, i) => first + i).map((n) => [
            n % 2,
            regionId(n),
            TABLE_ID,
            n,
            1_000,
            seconds * 100,
            seconds,
            seconds * 4_096,
            'Leader',
          ]),
        );
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(regionStatisticsReads(statements)).toBe(MAX_STATISTICS_PAGES);
    const answer = HotRegionsAnswerSchema.parse(await poller.hotRegions({}));
    expect(answer.lastError).toBe(
      `Only the first ${String(MAX_STATISTICS_PAGES * (SQL_ROW_LIMIT - 1))} region replicas by ` +
        `region id were sampled (${String(MAX_STATISTICS_PAGES)} reads of ` +
        `${String(SQL_ROW_LIMIT)}); the rest have no rate.`,
    );
  });

  it('keeps the heatmap in DATA_DIR: the next server starts with it', async () => {
    const before = harness();
    before.poller.start();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    expect(fs.readdirSync(dataDir)).toEqual(['hot-regions-default-queryCpuMsPerSec.ring']);
    const saved = HeatmapAnswerSchema.parse(await before.poller.heatmap({}));
    before.poller.close();

    // A new server, before it has sampled anything.
    const after = harness();
    const reloaded = HeatmapAnswerSchema.parse(await after.poller.heatmap({}));
    expect(after.statements.filter((s) => s.includes('region_statistics'))).toEqual([]);
    expect(reloaded.columnStartsMs).toEqual(saved.columnStartsMs);
    expect(reloaded.rowStarts).toEqual(saved.rowStarts);
    expect(reloaded.cellsBase64).toBe(saved.cellsBase64);
    const cells = Buffer.from(reloaded.cellsBase64, 'base64');
    const hot = reloaded.rowStarts.findIndex((start) => start.regionNumber === 2);
    // The column is the mean of the known rates in its 30 s bucket: the first sample had none.
    expect(cells.readFloatLE(hot * 4)).toBeCloseTo(10);
  });

  it('says what went wrong in lastError and keeps sampling', async () => {
    let failure: 'unreachable' | 'malformed' | null = 'unreachable';
    const { poller, statements } = harness({
      answer: (statement, seconds) => {
        if (!statement.includes('region_statistics')) return TABLES;
        if (failure === 'unreachable') {
          return {
            kind: 'proxy-error',
            error: {
              code: 'frontend-unreachable',
              message: 'The frontend fe:4000 could not be reached.',
            },
          };
        }
        const answer = statistics(seconds);
        if (failure === 'malformed' && answer.kind === 'frontend') {
          const text = answer.answer.body.toString('utf8').replace('"Leader"]', '"Leader"],[-1]');
          answer.answer.body = Buffer.from(text);
        }
        return answer;
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect((await poller.hotRegions({})).lastError).toBe(
      'The frontend fe:4000 could not be reached.',
    );

    failure = 'malformed';
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    const malformed = await poller.hotRegions({});
    expect(malformed.lastError).toMatch(/^1 row of information_schema\.region_statistics/);
    expect(malformed.sampledAtMs).toBe(START_MS + INTERVAL_MS);

    failure = null;
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    const recovered = await poller.hotRegions({});
    expect(recovered.lastError).toBeNull();
    expect(recovered.regions.length).toBeGreaterThan(0);
    expect(regionStatisticsReads(statements)).toBe(3);
  });

  it('samples nothing on a legacy cluster and says why', async () => {
    const { poller, statements } = harness({ version: connection('0.7.2', 'legacy') });
    poller.start();
    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(regionStatisticsReads(statements)).toBe(0);
    const answer = HotRegionsAnswerSchema.parse(await poller.hotRegions({}));
    expect(answer.support).toMatchObject({ kind: 'none' });
    expect(answer.nextSampleAtMs).toBeNull();
  });
});
