/**
 * The hot-regions endpoints over real HTTP through the production pipeline (read-only), on
 * emulated clusters of three generations: what a browser gets back must parse with the
 * contract's schemas, say what the version can report, and refuse a bad query string.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyErrorBodySchema } from '../../contract/api-contract.ts';
import { HeatmapAnswerSchema, HotRegionsAnswerSchema } from '../../contract/hot-regions.ts';
import type { HotRegionsAnswer } from '../../contract/hot-regions.ts';
import { startEmulator } from '../../emulator/server.ts';
import { startConsole } from '../production/test-support/console-fixture.ts';

const API = 'api/clusters/default';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The production pipeline in read-only mode: the endpoints are reads, served all the same. */
async function consoleOn(
  api: 'v0.6' | 'v1.1' | 'v1.2',
): Promise<(query: string) => Promise<Response>> {
  const emulator = await startEmulator({ api, tables: 4, regions: 32 });
  cleanups.push(() => emulator.close());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-regions-api-'));
  cleanups.push(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const running = await startConsole({
    clusters: [
      {
        id: 'default',
        metasrvAddrs: emulator.metasrvAddrs,
        leaderMap: new Map(Object.entries(emulator.leaderAddrMap)),
        frontend:
          emulator.frontendAddr === null
            ? null
            : { url: `http://${emulator.frontendAddr}`, credentials: null },
      },
    ],
    config: { isReadOnly: true },
    hotRegions: { dataDir, intervalMs: 30_000 },
  });
  cleanups.push(() => running.close());
  return (query) => fetch(`${running.origin}/${API}/${query}`);
}

/** The answer once the first sample (taken when the server starts) is in. */
async function firstSampled(get: (query: string) => Promise<Response>): Promise<HotRegionsAnswer> {
  let answer: HotRegionsAnswer | undefined;
  await expect
    .poll(
      async () => {
        answer = HotRegionsAnswerSchema.parse(await (await get('hot-regions')).json());
        return answer.sampledAtMs;
      },
      { timeout: 10_000 },
    )
    .not.toBeNull();
  if (answer === undefined) throw new Error('no answer');
  return answer;
}

describe('hot regions endpoints', () => {
  it('v1.2: every load column, sorted by query CPU, and a heatmap of float32 cells', async () => {
    const get = await consoleOn('v1.2');
    const answer = await firstSampled(get);
    expect(answer.support).toEqual({ kind: 'full' });
    expect(answer.sortBy).toBe('queryCpuMsPerSec');
    expect(answer.intervalMs).toBe(30_000);
    expect(answer.nextSampleAtMs).toBe(
      answer.sampledAtMs === null ? null : answer.sampledAtMs + 30_000,
    );
    // One sample gives no rates yet: the page says so instead of listing zeros.
    expect(answer.hasRates).toBe(false);
    expect(answer.regions).toEqual([]);
    expect(answer.datanodes.length).toBeGreaterThan(0);
    expect(answer.lastError).toBeNull();

    const heatmap = HeatmapAnswerSchema.parse(await (await get('hot-regions/heatmap')).json());
    expect(heatmap.metric).toBe('queryCpuMsPerSec');
    expect(heatmap.columnStartsMs).toHaveLength(1);
    expect(heatmap.rowStarts.length).toBeGreaterThan(0);
    expect(heatmap.rowStarts[0]?.tableName).toMatch(/^greptime\.\w+\.\w+$/);
    const cells = Buffer.from(heatmap.cellsBase64, 'base64');
    expect(cells.length).toBe(heatmap.rowStarts.length * heatmap.columnStartsMs.length * 4);
    // No rate is known after one sample: every cell is NaN, not 0.
    expect(Number.isNaN(cells.readFloatLE(0))).toBe(true);
  });

  it('v1.1: partial, naming the two query columns it lacks, sorted by written bytes', async () => {
    const get = await consoleOn('v1.1');
    const answer = await firstSampled(get);
    expect(answer.support).toEqual({
      kind: 'partial',
      missingColumns: ['query_cpu_time_millis', 'query_scanned_bytes'],
    });
    expect(answer.sortBy).toBe('writtenBytesPerSec');
    const heatmap = HeatmapAnswerSchema.parse(await (await get('hot-regions/heatmap')).json());
    expect(heatmap.metric).toBe('writtenBytesPerSec');
  });

  it('legacy v0.6: nothing to sample, and says why in words', async () => {
    const get = await consoleOn('v0.6');
    const answer = HotRegionsAnswerSchema.parse(await (await get('hot-regions')).json());
    expect(answer.support.kind).toBe('none');
    expect(answer.support.kind === 'none' && answer.support.reason).toMatch(
      /no information_schema\.region_statistics.*rcus, wcus.*0/,
    );
    expect(answer.nextSampleAtMs).toBeNull();
    expect(answer.regions).toEqual([]);
    const heatmap = HeatmapAnswerSchema.parse(await (await get('hot-regions/heatmap')).json());
    expect(heatmap.support.kind).toBe('none');
    expect(heatmap.columnStartsMs).toEqual([]);
  });

  it('refuses a bad query string with 400 and the issues', async () => {
    const get = await consoleOn('v1.2');
    for (const query of [
      'hot-regions?sort=cpu',
      'hot-regions?limit=0',
      'hot-regions?limit=10&limit=20',
      'hot-regions?table=1',
      'hot-regions/heatmap?windowMs=1000',
      'hot-regions/heatmap?windowMs=6h',
    ]) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      const body = ProxyErrorBodySchema.parse(await response.json());
      expect(body.error.code).toBe('bad-request');
      expect(body.error.issues?.length, query).toBeGreaterThan(0);
    }
  });
});
