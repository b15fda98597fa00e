/**
 * Per-region storage as v1.x datanodes report it (heartbeat `RegionStat`, information_schema
 * `region_statistics`): memtable, SST files, index, manifest and rows. Computed from the region's
 * seeded size and write rate and the time since its last flush, so nothing ticks; `flush` and
 * `compact` (ADMIN functions, PreFlushRegion) change it the way mito does: a flush turns the
 * memtable into one more SST file, a compaction merges SST files. The query counters come from the
 * cluster's QueryLoad (skewed, seeded, overridable by the control API).
 */
import type { QueryLoad } from './query-load.ts';
import type { PhysicalTable, RegionRecord } from './types.ts';

export interface RegionStorageStats {
  rows: bigint;
  writtenBytesSinceOpen: bigint;
  /** v1.2 heartbeat `query_cpu_time`: nanoseconds of query CPU since the region was opened. */
  queryCpuTimeNs: bigint;
  /** v1.2 heartbeat `query_scanned_bytes`, cumulative since the region was opened. */
  queryScannedBytes: bigint;
  diskSize: bigint;
  memtableSize: bigint;
  manifestSize: bigint;
  sstSize: bigint;
  sstNum: bigint;
  indexSize: bigint;
  manifestVersion: bigint;
  flushedEntryId: bigint;
  fileRemovedCount: bigint;
}

interface MutableStorage {
  sstSize: number;
  sstNum: number;
  indexSize: number;
  manifestSize: number;
  manifestVersion: number;
  flushedEntryId: number;
  fileRemovedCount: number;
  /** Memtable writes counted from here (last flush). */
  sinceMs: number;
  /** Bytes written into the memtable per ms. */
  writeRate: number;
}

/** mito flushes a region's memtable when it reaches the write buffer size. */
const MEMTABLE_CAP = 64 * 1024 * 1024;
/** Compressed SST bytes per memtable byte. */
const SST_RATIO = 0.3;
const SST_BYTES_PER_ROW = 27;
const MEMTABLE_BYTES_PER_ROW = 96;

function kib(n: number): number {
  return Math.max(0, Math.floor(n / 1024) * 1024);
}

/** A stable per-region number in [0, 1) so every region looks different but reproducible. */
function unit(regionSeed: number, salt: number): number {
  const x = regionSeed * 2_654_435_761 + salt * 40_503;
  return ((Math.imul(x >>> 0, 2_246_822_519) >>> 0) % 10_000) / 10_000;
}

/** The region's seed for `unit`, computed once (bigint arithmetic is slow at 100k regions). */
function seedOf(regionId: bigint): number {
  return Number(regionId % 1_000_003n);
}

/** RegionStorageStats as plain numbers: what the 100k-region heartbeat writer reads. */
export type RegionStorageReading = { [K in keyof RegionStorageStats]: number };

export class RegionStorage {
  private readonly regions = new Map<bigint, MutableStorage>();

  constructor(private readonly queryLoad: QueryLoad) {}

  private state(region: RegionRecord, table: PhysicalTable): MutableStorage {
    let s = this.regions.get(region.regionId);
    if (s === undefined) {
      const bytes = region.approximateBytes;
      const seed = seedOf(region.regionId);
      const memtable = kib(Math.min(MEMTABLE_CAP / 2, bytes * 0.03 * (0.5 + unit(seed, 1))));
      // Regions written faster than ~1 MiB/h still get a visible trickle.
      const writeRate = Math.max(region.bytesPerHour / SST_RATIO, 4 * 1024 * 1024) / 3_600_000;
      s = {
        sstSize: kib(bytes * 0.97),
        sstNum: 1 + Math.floor(unit(seed, 2) * 6),
        indexSize: table.engine === 'metric' ? 0 : kib(bytes * 0.02 * unit(seed, 3)),
        manifestSize: 4096 + kib(unit(seed, 4) * 8192),
        manifestVersion: 3 + Math.floor(unit(seed, 5) * 20),
        flushedEntryId: 1000 + Math.floor(unit(seed, 6) * 5000),
        fileRemovedCount: 0,
        sinceMs: (region.createdOnMs ?? table.createdOnMs) - memtable / writeRate,
        writeRate,
      };
      this.regions.set(region.regionId, s);
    }
    return s;
  }

  stats(
    region: RegionRecord,
    table: PhysicalTable,
    atMs: number,
    openedAtMs: number,
  ): RegionStorageStats {
    const r = this.reading(region, table, atMs, openedAtMs);
    return {
      rows: BigInt(r.rows),
      writtenBytesSinceOpen: BigInt(r.writtenBytesSinceOpen),
      queryCpuTimeNs: BigInt(r.queryCpuTimeNs),
      queryScannedBytes: BigInt(r.queryScannedBytes),
      diskSize: BigInt(r.diskSize),
      memtableSize: BigInt(r.memtableSize),
      manifestSize: BigInt(r.manifestSize),
      sstSize: BigInt(r.sstSize),
      sstNum: BigInt(r.sstNum),
      indexSize: BigInt(r.indexSize),
      manifestVersion: BigInt(r.manifestVersion),
      flushedEntryId: BigInt(r.flushedEntryId),
      fileRemovedCount: BigInt(r.fileRemovedCount),
    };
  }

  /** The same figures as `stats`, as numbers (all safe integers). */
  reading(
    region: RegionRecord,
    table: PhysicalTable,
    atMs: number,
    openedAtMs: number,
  ): RegionStorageReading {
    const s = this.state(region, table);
    const written = Math.max(0, (atMs - s.sinceMs) * s.writeRate);
    // Automatic flushes at the cap, in closed form.
    const autoFlushes = Math.floor(written / MEMTABLE_CAP);
    const memtable = kib(written - autoFlushes * MEMTABLE_CAP);
    const sst = s.sstSize + kib(autoFlushes * MEMTABLE_CAP * SST_RATIO);
    const rows =
      Math.floor(sst / SST_BYTES_PER_ROW) + Math.floor(memtable / MEMTABLE_BYTES_PER_ROW);
    const openedMs = Math.max(openedAtMs, region.createdOnMs ?? table.createdOnMs);
    const openMs = Math.max(0, atMs - openedMs);
    return {
      rows,
      writtenBytesSinceOpen: Math.floor(openMs * s.writeRate),
      queryCpuTimeNs: Math.floor(this.queryLoad.cpuTimeNs(region.regionId, openedMs, atMs)),
      queryScannedBytes: Math.floor(this.queryLoad.scannedBytes(region.regionId, openedMs, atMs)),
      diskSize: memtable + s.manifestSize + sst + s.indexSize,
      memtableSize: memtable,
      manifestSize: s.manifestSize,
      sstSize: sst,
      sstNum: s.sstNum + autoFlushes,
      indexSize: s.indexSize,
      manifestVersion: s.manifestVersion + autoFlushes,
      flushedEntryId: s.flushedEntryId + autoFlushes * 1000,
      fileRemovedCount: s.fileRemovedCount,
    };
  }

  /** Memtable -> one new SST file (and its index); the manifest gets a new version. */
  flush(region: RegionRecord, table: PhysicalTable, atMs: number): void {
    const before = this.stats(region, table, atMs, 0);
    const s = this.state(region, table);
    const memtable = Number(before.memtableSize);
    s.sstSize = Number(before.sstSize) + kib(memtable * SST_RATIO);
    s.sstNum = Number(before.sstNum) + (memtable > 0 ? 1 : 0);
    if (table.engine !== 'metric') s.indexSize += kib(memtable * SST_RATIO * 0.02);
    s.manifestVersion = Number(before.manifestVersion) + (memtable > 0 ? 1 : 0);
    s.flushedEntryId = Number(before.flushedEntryId) + Math.ceil(memtable / 4096);
    s.sinceMs = atMs;
  }

  /**
   * v1.2 `ADMIN discard_unflushed`: the memtable (data not yet flushed) is dropped, the persisted
   * SSTs stay (API.md §5); files already flushed automatically are kept as they are.
   */
  discardUnflushed(region: RegionRecord, table: PhysicalTable, atMs: number): void {
    const before = this.stats(region, table, atMs, 0);
    const s = this.state(region, table);
    s.sstSize = Number(before.sstSize);
    s.sstNum = Number(before.sstNum);
    s.manifestVersion = Number(before.manifestVersion);
    s.flushedEntryId = Number(before.flushedEntryId);
    s.sinceMs = atMs;
  }

  /**
   * Merges SST files: regular (TWCS) compaction leaves one file per time window, here one or
   * two; strict-window compaction with a window leaves one file per window of the data's span.
   */
  compact(
    region: RegionRecord,
    table: PhysicalTable,
    atMs: number,
    strictWindowSeconds: number | null,
  ): void {
    const before = this.stats(region, table, atMs, 0);
    const s = this.state(region, table);
    const files = Number(before.sstNum);
    const ageHours = Math.max(1, (atMs - table.createdOnMs) / 3_600_000);
    const target =
      strictWindowSeconds !== null && strictWindowSeconds > 0
        ? Math.max(1, Math.ceil((ageHours * 3600) / strictWindowSeconds))
        : files > 1
          ? 1 + (files > 8 ? 1 : 0)
          : files;
    const after = Math.min(files, target);
    // Whatever has been written since the last flush stays in the memtable.
    const written = Math.max(0, (atMs - s.sinceMs) * s.writeRate);
    s.sinceMs = atMs - (written % MEMTABLE_CAP) / s.writeRate;
    s.sstSize = after < files ? kib(Number(before.sstSize) * 0.92) : Number(before.sstSize);
    s.sstNum = after;
    s.fileRemovedCount += files - after;
    s.manifestVersion = Number(before.manifestVersion) + (after < files ? 1 : 0);
    s.flushedEntryId = Number(before.flushedEntryId);
  }
}
