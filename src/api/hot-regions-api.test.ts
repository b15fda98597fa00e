/**
 * The hot-regions fetchers through the real gate, with `fetch` stubbed to answer fixed bytes:
 * the query each one sends, region ids above 2^53 kept exact, and the heatmap's base64 cells
 * decoded (little-endian float32, NaN kept) or refused when they do not fit the axes.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from './api-error';
import { stubFetch } from './fetch-stub.test-support';
import { decodeFloat32Base64, fetchHotRegions, fetchHotRegionsHeatmap } from './hot-regions-api';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** What the server writes: float32 little-endian, base64. */
function encodeCells(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((value, i) => {
    view.setFloat32(i * 4, value, true);
  });
  let binary = '';
  for (const byte of new Uint8Array(view.buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const HOT_LIST = `{
  "nowMs": 1700000030000,
  "support": {"kind": "full"},
  "intervalMs": 30000,
  "sampledAtMs": 1700000029000,
  "nextSampleAtMs": 1700000059000,
  "hasRates": true,
  "sortBy": "queryCpuMsPerSec",
  "regions": [{
    "regionId": "18446744069414584321",
    "tableId": 4294967295, "regionNumber": 1, "tableName": "greptime.public.cpu",
    "datanodeId": "18446744073709551615",
    "queryCpuMsPerSec": 412.5, "queryScannedBytesPerSec": 1.5e7, "writtenBytesPerSec": null,
    "rows": 1200, "unknownReason": null,
    "shareOfDatanode": {"queryCpuMsPerSec": 0.75, "queryScannedBytesPerSec": 0.5, "writtenBytesPerSec": null}
  }],
  "datanodes": [{
    "datanodeId": "18446744073709551615", "regionCount": 3,
    "totals": {"queryCpuMsPerSec": 550, "queryScannedBytesPerSec": 3e7, "writtenBytesPerSec": null},
    "regionsWithoutRate": 1
  }],
  "lastError": null
}`;

function heatmapBody(cellsBase64: string, rows = 2, columns = 2): string {
  return JSON.stringify({
    nowMs: 1_700_000_060_000,
    support: { kind: 'full' },
    metric: 'queryCpuMsPerSec',
    columnWidthMs: 30_000,
    columnStartsMs: [1_700_000_000_000, 1_700_000_030_000].slice(0, columns),
    rowStarts: [
      { tableId: 1024, regionNumber: 0, tableName: 'cpu' },
      { tableId: 1025, regionNumber: 0, tableName: null },
    ].slice(0, rows),
    cellsBase64,
  });
}

describe('the hot list', () => {
  test('asks for the sort and limit chosen, and keeps 64-bit ids exact', async () => {
    const { requests } = stubFetch({ body: HOT_LIST });
    const answer = await fetchHotRegions('default', {
      sort: 'queryScannedBytesPerSec',
      limit: 10,
    });
    expect(requests[0]?.url).toBe(
      '/api/clusters/default/hot-regions?sort=queryScannedBytesPerSec&limit=10',
    );
    expect(answer.regions[0]?.regionId).toBe('18446744069414584321');
    expect(answer.regions[0]?.datanodeId).toBe('18446744073709551615');
    expect(answer.datanodes[0]?.datanodeId).toBe('18446744073709551615');
    expect(answer.regions[0]?.queryScannedBytesPerSec).toBe(15_000_000);
  });

  test('leaves the defaults to the server', async () => {
    const { requests } = stubFetch({ body: HOT_LIST });
    await fetchHotRegions('default', {});
    expect(requests[0]?.url).toBe('/api/clusters/default/hot-regions');
  });

  test('an answer that is not the contract is a schema error naming the field', async () => {
    stubFetch({ body: HOT_LIST.replace('"kind": "full"', '"kind": "some"') });
    const error = await fetchHotRegions('default', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(String(error)).toMatch(/support/);
  });
});

describe('the heatmap', () => {
  test('cells arrive as float32 values in row-major order, NaN kept', async () => {
    const { requests } = stubFetch({ body: heatmapBody(encodeCells([1.5, Number.NaN, 0, 412])) });
    const heatmap = await fetchHotRegionsHeatmap('default', 3_600_000);
    expect(requests[0]?.url).toBe('/api/clusters/default/hot-regions/heatmap?windowMs=3600000');
    expect(Array.from(heatmap.cells)).toEqual([1.5, Number.NaN, 0, 412]);
    expect(heatmap.rowStarts[1]?.tableName).toBeNull();
    expect(heatmap).not.toHaveProperty('cellsBase64');
  });

  test('cells that do not fill the axes are refused, not drawn misaligned', async () => {
    stubFetch({ body: heatmapBody(encodeCells([1, 2, 3])) });
    const error = await fetchHotRegionsHeatmap('default', undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(String(error)).toMatch(/cellsBase64/);
    expect(String(error)).toMatch(/3 cells for 2 rows × 2 columns/);
  });

  test('text that is not base64 is refused', async () => {
    stubFetch({ body: heatmapBody('not base64!') });
    const error = await fetchHotRegionsHeatmap('default', undefined).catch((e: unknown) => e);
    expect(String(error)).toMatch(/not base64/);
  });

  test('an empty heatmap (no column yet) decodes to no cells', async () => {
    stubFetch({ body: heatmapBody('', 2, 0) });
    const heatmap = await fetchHotRegionsHeatmap('default', undefined);
    expect(heatmap.cells).toHaveLength(0);
  });
});

test('decoding reads little-endian whatever the bytes would mean the other way round', () => {
  // 1.0f is 00 00 80 3f in little-endian order.
  expect(Array.from(decodeFloat32Base64(btoa('\x00\x00\x80\x3f')) ?? [])).toEqual([1]);
  expect(decodeFloat32Base64(btoa('\x00\x00\x80'))).toBeNull();
});
