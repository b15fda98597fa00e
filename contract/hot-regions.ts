/**
 * Hot regions (issue 17, part 2): what the console server answers under
 * `/api/clusters/:id/hot-regions` and `/api/clusters/:id/hot-regions/heatmap`.
 *
 * The server samples `information_schema.region_statistics` on its own schedule (every 30 s by
 * default, never faster than the 3 s heartbeat) and keeps only the last two samples; the
 * browser reads derived rates, never raw counters. Region ids stay decimal strings (u64).
 */
import { z } from 'zod';
import { U64StringSchema } from './api-contract.ts';

/** The per-region rates the server derives from two samples (server/hot-regions/load-rates.ts). */
export const LOAD_RATES = [
  'queryCpuMsPerSec',
  'queryScannedBytesPerSec',
  'writtenBytesPerSec',
] as const;
export const LoadRateSchema = z.enum(LOAD_RATES);
export type LoadRate = z.infer<typeof LoadRateSchema>;

/** region_statistics columns the load comes from (API.md §3.5). */
export const LOAD_COLUMNS = [
  'query_cpu_time_millis',
  'query_scanned_bytes',
  'written_bytes_since_open',
  'region_rows',
] as const;
export const LoadColumnSchema = z.enum(LOAD_COLUMNS);
export type LoadColumn = z.infer<typeof LoadColumnSchema>;

/** Most rows one hot list answer carries. */
export const MAX_HOT_LIST_LIMIT = 500;
export const DEFAULT_HOT_LIST_LIMIT = 50;

/** GET .../hot-regions?sort=&limit= (both optional: query CPU or the best the version has, 50). */
export const HotRegionsQuerySchema = z.strictObject({
  sort: LoadRateSchema.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_HOT_LIST_LIMIT, `must be 1 to ${MAX_HOT_LIST_LIMIT}`)
    .optional(),
});
export type HotRegionsQuery = z.input<typeof HotRegionsQuerySchema>;

const RatesSchema = z.object({
  queryCpuMsPerSec: z.number().nullable(),
  queryScannedBytesPerSec: z.number().nullable(),
  writtenBytesPerSec: z.number().nullable(),
});

export const HotRegionSchema = RatesSchema.extend({
  regionId: U64StringSchema,
  tableId: z.number().int().nonnegative(),
  regionNumber: z.number().int().nonnegative(),
  tableName: z.string().nullable(),
  /** The datanode leading the region; null when region_statistics named none. */
  datanodeId: U64StringSchema.nullable(),
  /** Gauge, as read in the newest sample (`region_rows` is not a counter). */
  rows: z.number().nullable(),
  /** Why a counter rate is null this interval, other than its column missing. */
  unknownReason: z.enum(['first-sample', 'counter-reset']).nullable(),
  /** Per rate: this region's part of its datanode's total, 0–1; null when unknown. */
  shareOfDatanode: RatesSchema,
});
export type HotRegion = z.infer<typeof HotRegionSchema>;

export const DatanodeLoadSchema = z.object({
  datanodeId: U64StringSchema,
  regionCount: z.number().int().nonnegative(),
  /** Per rate: the sum over the datanode's regions whose rate is known; null when none is. */
  totals: RatesSchema,
  regionsWithoutRate: z.number().int().nonnegative(),
});
export type DatanodeLoad = z.infer<typeof DatanodeLoadSchema>;

/**
 * What the cluster's version can report (API.md §3.5, §1.8):
 * - `full`: v1.2+, every load column;
 * - `partial`: region_statistics lacks some load columns (v1.1: no query columns), named in
 *   `missingColumns`;
 * - `none`: no region_statistics to sample (legacy v0.6/v0.7 admin API: heartbeat `rcus`/`wcus`
 *   are reported as 0), `reason` says so in words.
 */
export const HotRegionsSupportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full') }),
  z.object({ kind: z.literal('partial'), missingColumns: z.array(LoadColumnSchema) }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);
export type HotRegionsSupport = z.infer<typeof HotRegionsSupportSchema>;

export const HotRegionsAnswerSchema = z.object({
  nowMs: z.number(),
  support: HotRegionsSupportSchema,
  /** The sampling interval in force (ms). */
  intervalMs: z.number().int().positive(),
  /** When the newest sample was taken; null before the first. */
  sampledAtMs: z.number().nullable(),
  /** When the next sample is due; null when nothing is sampled (`support.kind === 'none'`). */
  nextSampleAtMs: z.number().nullable(),
  /** Rates need two samples: false until the second one is in. */
  hasRates: z.boolean(),
  sortBy: LoadRateSchema,
  regions: z.array(HotRegionSchema),
  datanodes: z.array(DatanodeLoadSchema),
  /** The last sampling problem (frontend unreachable, malformed rows), in words; null if none. */
  lastError: z.string().nullable(),
});
export type HotRegionsAnswer = z.infer<typeof HotRegionsAnswerSchema>;

/** GET .../hot-regions/heatmap?windowMs= (default 6 h, the ring's whole length). */
export const HEATMAP_DEFAULT_WINDOW_MS = 6 * 60 * 60 * 1_000;
export const HeatmapQuerySchema = z.strictObject({
  windowMs: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .refine(
      (n) => n >= 60_000 && n <= HEATMAP_DEFAULT_WINDOW_MS,
      'must be between 1 minute and 6 hours',
    )
    .optional(),
});
export type HeatmapQuery = z.input<typeof HeatmapQuerySchema>;

/** One row of the compressed key axis: it starts at this region and ends where the next starts. */
export const HeatmapRowStartSchema = z.object({
  tableId: z.number().int().nonnegative(),
  regionNumber: z.number().int().nonnegative(),
  tableName: z.string().nullable(),
});
export type HeatmapRowStart = z.infer<typeof HeatmapRowStartSchema>;

export const HeatmapAnswerSchema = z.object({
  nowMs: z.number(),
  support: HotRegionsSupportSchema,
  metric: LoadRateSchema,
  columnWidthMs: z.number().int().positive(),
  /** Column start times, oldest first. */
  columnStartsMs: z.array(z.number()),
  rowStarts: z.array(HeatmapRowStartSchema),
  /**
   * Row-major cells (`row * columnStartsMs.length + column`) as little-endian float32, base64:
   * 1,536 × 720 cells would be megabytes of JSON numbers. NaN marks a cell with no known rate.
   */
  cellsBase64: z.string(),
});
export type HeatmapAnswer = z.infer<typeof HeatmapAnswerSchema>;
