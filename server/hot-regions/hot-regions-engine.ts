/**
 * One cluster's hot regions: the sampler, the latest rates, and the heatmap ring. The cluster
 * poller drives it (`isDue`, `sample`) and the API reads it (`hotList`, `datanodeLoads`,
 * `heatmap`); saving the ring after a sample is the caller's, so this file does no I/O.
 */
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import { compareVersion } from '../../contract/greptime-version.ts';
import type { Heatmap } from './heatmap.ts';
import { buildHeatmap } from './heatmap.ts';
import { HeatmapBucket } from './heatmap-bucket.ts';
import type { HeatmapRing } from './heatmap-ring.ts';
import { HEATMAP_WINDOW_MS } from './heatmap-ring.ts';
import type { DatanodeLoad, HotRegion, LoadRate } from '../../contract/hot-regions.ts';
import type { HotListOptions } from './hot-list.ts';
import { datanodeLoads, rankHotRegions } from './hot-list.ts';
import type { SampleResult } from './hot-region-sampler.ts';
import { HotRegionSampler } from './hot-region-sampler.ts';

/**
 * What the heatmap shows: query CPU where the cluster reports it (v1.2, API.md §3.5), else the
 * written bytes, the only load counter of v1.1.
 */
export function heatmapMetric(version: GreptimeVersion): LoadRate {
  return compareVersion(version, 1, 2, 0) >= 0 ? 'queryCpuMsPerSec' : 'writtenBytesPerSec';
}

export class HotRegionsEngine {
  private readonly sampler: HotRegionSampler;
  private readonly bucket: HeatmapBucket;
  private latest: SampleResult | null = null;
  /**
   * The start of the column the ring held when this engine was made (read from DATA_DIR after
   * a restart). Its samples are on disk, not in the fresh bucket, so samples of that same
   * column would replace it with a mean of fewer (and, right after a restart, rate-less) ones:
   * the column is left as saved and the new samples count from the next column on.
   */
  private readonly savedColumnStartMs: number | null;

  constructor(
    version: GreptimeVersion,
    private readonly ring: HeatmapRing,
    requestedIntervalMs?: number,
  ) {
    this.sampler = new HotRegionSampler(version, requestedIntervalMs);
    this.bucket = new HeatmapBucket(ring.shape.columnWidthMs, ring.shape.maxRows);
    this.savedColumnStartMs = ring.columnsFrom(Number.NEGATIVE_INFINITY).at(-1)?.startMs ?? null;
  }

  get intervalMs(): number {
    return this.sampler.intervalMs;
  }

  isDue(nowMs: number): boolean {
    return this.sampler.isDue(nowMs);
  }

  nextSampleAtMs(): number {
    return this.sampler.nextSampleAtMs();
  }

  hasRates(): boolean {
    return this.sampler.hasRates();
  }

  /** See HotRegionSampler.sample; a taken sample also updates the ring's newest column. */
  sample(
    nowMs: number,
    records: ReadonlyArray<Record<string, unknown>>,
    datanodeStartMs?: ReadonlyMap<string, number>,
  ): SampleResult | null {
    const result = this.sampler.sample(nowMs, records, datanodeStartMs);
    if (result === null) return null;
    this.latest = result;
    const { metric, columnWidthMs } = this.ring.shape;
    if (Math.floor(nowMs / columnWidthMs) * columnWidthMs === this.savedColumnStartMs) {
      return result;
    }
    this.ring.put(
      this.bucket.add(
        nowMs,
        result.rates.map((region) => ({
          tableId: region.tableId,
          regionNumber: region.regionNumber,
          value: region[metric],
        })),
      ),
    );
    return result;
  }

  /** The latest sample's result (rates, missing columns), or null before the first. */
  latestSample(): SampleResult | null {
    return this.latest;
  }

  hotList(options: HotListOptions): HotRegion[] {
    return rankHotRegions(this.latest?.rates ?? [], options);
  }

  datanodeLoads(): DatanodeLoad[] {
    return datanodeLoads(this.latest?.rates ?? []);
  }

  heatmap(nowMs: number, windowMs: number = HEATMAP_WINDOW_MS): Heatmap {
    return buildHeatmap(this.ring.columnsFrom(nowMs - windowMs), this.ring.shape.maxRows);
  }
}
