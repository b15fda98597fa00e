/**
 * Fetchers for hot regions (contract/hot-regions.ts): the top-N list with per-datanode load,
 * and the time × region heatmap. The heatmap's cells travel as base64 float32 (a 1,536 × 720
 * matrix as JSON numbers would be megabytes); they are decoded here, at the edge, so the rest
 * of the browser only ever sees a Float32Array whose size matches its axes.
 */
import { z } from 'zod';
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract';
import {
  HeatmapAnswerSchema,
  HotRegionsAnswerSchema,
  type HeatmapAnswer,
  type HotRegionsAnswer,
  type LoadRate,
} from '../../contract/hot-regions';
import { requestThroughGate } from './http-gate';

const FLOAT32_BYTES = 4;

/** The heatmap with its cells decoded: `cells[row * columnStartsMs.length + column]`. */
export interface HotRegionsHeatmap extends Omit<HeatmapAnswer, 'cellsBase64'> {
  /** Rates per cell in the answer's metric unit; NaN where no rate was known. */
  cells: Float32Array;
}

/** Little-endian float32s from base64; null when the text is not base64 of whole floats. */
export function decodeFloat32Base64(text: string): Float32Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  if (binary.length % FLOAT32_BYTES !== 0) return null;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  // DataView reads little-endian whatever the machine's byte order; a Float32Array view of
  // the bytes would not.
  const view = new DataView(bytes.buffer);
  const cells = new Float32Array(binary.length / FLOAT32_BYTES);
  for (let i = 0; i < cells.length; i += 1) cells[i] = view.getFloat32(i * FLOAT32_BYTES, true);
  return cells;
}

const HotRegionsHeatmapSchema = HeatmapAnswerSchema.transform(
  ({ cellsBase64, ...answer }, ctx): HotRegionsHeatmap => {
    const cells = decodeFloat32Base64(cellsBase64);
    const expected = answer.rowStarts.length * answer.columnStartsMs.length;
    if (cells === null || cells.length !== expected) {
      ctx.addIssue({
        code: 'custom',
        path: ['cellsBase64'],
        message:
          cells === null
            ? 'not base64 of little-endian float32 values'
            : `${cells.length} cells for ${answer.rowStarts.length} rows × ${answer.columnStartsMs.length} columns`,
      });
      return z.NEVER;
    }
    return { ...answer, cells };
  },
);

export interface HotRegionsRequest {
  /** Absent: the server's default (query CPU, or the best rate the version has). */
  sort?: LoadRate | undefined;
  limit?: number | undefined;
}

export function fetchHotRegions(
  clusterId: string,
  { sort, limit }: HotRegionsRequest,
  signal?: AbortSignal,
): Promise<HotRegionsAnswer> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.hotRegions,
    query: {
      ...(sort === undefined ? {} : { sort }),
      ...(limit === undefined ? {} : { limit: String(limit) }),
    },
    bodyFormat: 'json',
    schema: HotRegionsAnswerSchema,
    signal,
  });
}

export function fetchHotRegionsHeatmap(
  clusterId: string,
  windowMs: number | undefined,
  signal?: AbortSignal,
): Promise<HotRegionsHeatmap> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.hotRegionsHeatmap,
    query: windowMs === undefined ? {} : { windowMs: String(windowMs) },
    bodyFormat: 'json',
    schema: HotRegionsHeatmapSchema,
    signal,
  });
}
