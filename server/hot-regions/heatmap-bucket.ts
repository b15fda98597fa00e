/**
 * One heatmap column from the samples that fall in its time bucket. With the default 30 s
 * sampling each bucket gets one sample; a shorter interval puts several in a bucket, and the
 * column shows each region's mean rate over them. Only the open bucket's per-region sums are
 * held; a closed bucket lives on as its compressed column in the ring.
 */
import type { HeatmapColumn, KeyedValue, RegionKey } from './heatmap.ts';
import { compressColumn } from './heatmap.ts';

interface RegionSum {
  key: RegionKey;
  sum: number;
  knownSamples: number;
}

export class HeatmapBucket {
  private startMs: number | null = null;
  /** The bucket's only sample so far: the default 30 s interval gives one per bucket. */
  private firstSample: readonly KeyedValue[] = [];
  /** Per-region sums, built once a second sample falls in the same bucket. */
  private sums: Map<string, RegionSum> | null = null;

  constructor(
    private readonly columnWidthMs: number,
    private readonly maxRows: number,
  ) {}

  /** Adds one sample's rates and returns the column of its bucket as it stands now. */
  add(atMs: number, values: readonly KeyedValue[]): HeatmapColumn {
    const startMs = Math.floor(atMs / this.columnWidthMs) * this.columnWidthMs;
    if (startMs !== this.startMs) {
      this.startMs = startMs;
      this.firstSample = values;
      this.sums = null;
      return compressColumn(startMs, values, this.maxRows);
    }
    if (this.sums === null) {
      this.sums = new Map();
      addTo(this.sums, this.firstSample);
      this.firstSample = [];
    }
    addTo(this.sums, values);
    const means = [...this.sums.values()].map(({ key, sum, knownSamples }) => ({
      ...key,
      value: knownSamples === 0 ? null : sum / knownSamples,
    }));
    return compressColumn(startMs, means, this.maxRows);
  }
}

function addTo(sums: Map<string, RegionSum>, values: readonly KeyedValue[]): void {
  for (const { tableId, regionNumber, value } of values) {
    const id = `${tableId}:${regionNumber}`;
    let entry = sums.get(id);
    if (entry === undefined) {
      entry = { key: { tableId, regionNumber }, sum: 0, knownSamples: 0 };
      sums.set(id, entry);
    }
    if (value !== null) {
      entry.sum += value;
      entry.knownSamples += 1;
    }
  }
}
