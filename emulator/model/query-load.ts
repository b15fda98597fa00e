/**
 * Seeded, time-varying query load per region, for v1.2's `query_cpu_time` /
 * `query_scanned_bytes` (heartbeat) and `query_cpu_time_millis` / `query_scanned_bytes`
 * (region_statistics), both cumulative since the region opened (API.md §3.1, §3.5).
 *
 * Real clusters are skewed: here about 1% of regions (HOT_REGION_FRACTION) carry half the query
 * CPU (HOT_CPU_SHARE). Each region's rate swings ±RATE_SWING around its mean with its own period
 * and phase, so the heatmap moves; the rate is a sine, so the CPU spent between two instants is
 * a closed form and nothing ticks (like region-storage.ts). The counter since open is
 * `cpuTimeNs(region, openedAtMs, nowMs)`: never negative, never decreasing while the region stays
 * open.
 *
 * `setMultipleOfDatanodeMean` is the control action behind "make this region hot": from a given
 * instant the region's CPU rate is N times the mean rate of the other regions on its datanode.
 */
import { Rng } from './rng.ts';

export const HOT_REGION_FRACTION = 0.01;
export const HOT_CPU_SHARE = 0.5;
/** A cold region's mean: 2 ms of query CPU per second (2,000 ns per ms). */
const COLD_MEAN_CPU_NS_PER_MS = 2_000;
/** Rates swing between 50% and 150% of their mean. */
const RATE_SWING = 0.5;
const MIN_PERIOD_MS = 20 * 60 * 1_000;
const MAX_PERIOD_MS = 2 * 60 * 60 * 1_000;
/** Bytes scanned per ns of query CPU: 5 to 50 MB per CPU second. */
const MIN_SCANNED_BYTES_PER_CPU_NS = 0.005;
const MAX_SCANNED_BYTES_PER_CPU_NS = 0.05;

interface RegionProfile {
  /** Uniform in [0, 1): the lowest ones are hot. */
  rank: number;
  /** Mean CPU rate before the hot scale, in [0.5, 1.5). */
  spread: number;
  periodMs: number;
  phase: number;
  scannedBytesPerCpuNs: number;
}

/** From `fromMs` on, the region's rate is `multiple` × the mean base rate of `peers`. */
interface Override {
  fromMs: number;
  multiple: number;
  peers: readonly bigint[];
}

export class QueryLoad {
  private readonly profiles = new Map<bigint, RegionProfile>();
  /** Per region, in time order; an entry with an empty `peers` ends an override. */
  private readonly overrides = new Map<bigint, Override[]>();
  /** Computed on first use: ranking 100k regions takes about a second, wasted on legacy modes. */
  private calibration: { hotRankBelow: number; hotMeanNsPerMsPerSpread: number } | null = null;

  /**
   * `regionIds`: the cluster's regions at creation. The hot ones are the lowest-ranked 1% of
   * them (at least one), and their scale makes them carry exactly half the mean CPU; regions
   * created later (a split) use the same rank cut and scale.
   */
  constructor(
    private readonly seed: number,
    private readonly regionIds: readonly bigint[],
  ) {}

  private calibrated(): { hotRankBelow: number; hotMeanNsPerMsPerSpread: number } {
    if (this.calibration !== null) return this.calibration;
    const profiles = this.regionIds.map((id) => this.profile(id));
    const ranks = profiles.map((p) => p.rank).sort((a, b) => a - b);
    const hotCount = Math.max(1, Math.round(this.regionIds.length * HOT_REGION_FRACTION));
    const hotRankBelow = ranks.length === 0 ? HOT_REGION_FRACTION : (ranks[hotCount - 1] ?? 1);
    let coldSpread = 0;
    let hotSpread = 0;
    for (const p of profiles) {
      if (p.rank <= hotRankBelow) hotSpread += p.spread;
      else coldSpread += p.spread;
    }
    // Hot regions together run at HOT_CPU_SHARE / (1 − HOT_CPU_SHARE) times the cold ones'
    // total. Without cold regions to weigh against (none, or one region), a hot region runs at
    // the cold mean times the cold-to-hot count ratio, which is the same skew.
    const hotMeanNsPerMsPerSpread =
      coldSpread > 0 && hotSpread > 0
        ? (coldSpread * COLD_MEAN_CPU_NS_PER_MS * HOT_CPU_SHARE) / (1 - HOT_CPU_SHARE) / hotSpread
        : (COLD_MEAN_CPU_NS_PER_MS * (1 - HOT_REGION_FRACTION)) / HOT_REGION_FRACTION;
    this.calibration = { hotRankBelow, hotMeanNsPerMsPerSpread };
    return this.calibration;
  }

  private profile(regionId: bigint): RegionProfile {
    let profile = this.profiles.get(regionId);
    if (profile === undefined) {
      // One generator per region, seeded by the cluster seed and the id's two 32-bit halves.
      const low = Number(regionId & 0xffff_ffffn);
      const high = Number(regionId >> 32n);
      const rng = new Rng(
        (this.seed ^ Math.imul(low, 0x9e37_79b1) ^ Math.imul(high, 0x85eb_ca6b)) >>> 0,
      );
      profile = {
        rank: rng.next(),
        spread: 0.5 + rng.next(),
        periodMs: MIN_PERIOD_MS + rng.next() * (MAX_PERIOD_MS - MIN_PERIOD_MS),
        phase: rng.next() * 2 * Math.PI,
        scannedBytesPerCpuNs:
          MIN_SCANNED_BYTES_PER_CPU_NS +
          rng.next() * (MAX_SCANNED_BYTES_PER_CPU_NS - MIN_SCANNED_BYTES_PER_CPU_NS),
      };
      this.profiles.set(regionId, profile);
    }
    return profile;
  }

  isHot(regionId: bigint): boolean {
    return this.profile(regionId).rank <= this.calibrated().hotRankBelow;
  }

  private meanNsPerMs(regionId: bigint): number {
    const p = this.profile(regionId);
    return (
      p.spread *
      (this.isHot(regionId) ? this.calibrated().hotMeanNsPerMsPerSpread : COLD_MEAN_CPU_NS_PER_MS)
    );
  }

  /** CPU ns of the region's own (seeded) load between two instants. */
  private baseCpuNs(regionId: bigint, fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const p = this.profile(regionId);
    const angle = (atMs: number) => (2 * Math.PI * atMs) / p.periodMs + p.phase;
    // ∫ mean·(1 + swing·sin(angle(t))) dt, written with (to − from) apart to stay exact.
    const swing =
      ((RATE_SWING * p.periodMs) / (2 * Math.PI)) *
      (Math.cos(angle(fromMs)) - Math.cos(angle(toMs)));
    return this.meanNsPerMs(regionId) * (toMs - fromMs + swing);
  }

  /** Query CPU ns the region spent between two instants (the counter is this since its open). */
  cpuTimeNs(regionId: bigint, fromMs: number, toMs: number): number {
    let total = 0;
    let at = fromMs;
    let current: Override | null = null;
    for (const next of this.overrides.get(regionId) ?? []) {
      if (next.fromMs > at) {
        const until = Math.min(next.fromMs, toMs);
        total += this.pieceCpuNs(regionId, current, at, until);
        at = until;
      }
      if (at >= toMs) return total;
      current = next.peers.length === 0 ? null : next;
    }
    return total + this.pieceCpuNs(regionId, current, at, toMs);
  }

  private pieceCpuNs(regionId: bigint, override: Override | null, fromMs: number, toMs: number) {
    if (override === null) return this.baseCpuNs(regionId, fromMs, toMs);
    let peersTotal = 0;
    for (const peer of override.peers) peersTotal += this.baseCpuNs(peer, fromMs, toMs);
    return (override.multiple * peersTotal) / override.peers.length;
  }

  /** Bytes the region's queries scanned between two instants. */
  scannedBytes(regionId: bigint, fromMs: number, toMs: number): number {
    return this.cpuTimeNs(regionId, fromMs, toMs) * this.profile(regionId).scannedBytesPerCpuNs;
  }

  /**
   * From `atMs`, the region's CPU rate is `multiple` times the mean rate of `datanodeRegionIds`
   * (the other regions on its datanode as of now; the region itself is left out, so any
   * multiple is possible). Their own seeded rates are used, so overrides never chain.
   */
  setMultipleOfDatanodeMean(
    regionId: bigint,
    multiple: number,
    datanodeRegionIds: readonly bigint[],
    atMs: number,
  ): void {
    const peers = datanodeRegionIds.filter((id) => id !== regionId);
    if (!(multiple >= 0) || !Number.isFinite(multiple)) {
      throw new RangeError(`multiple must be a finite number ≥ 0, got ${multiple}`);
    }
    if (peers.length === 0) {
      throw new RangeError(
        `region ${regionId} has no other region on its datanode to compare with`,
      );
    }
    this.pushOverride(regionId, { fromMs: atMs, multiple, peers });
  }

  /** From `atMs`, the region's own seeded load again. */
  clearOverride(regionId: bigint, atMs: number): void {
    this.pushOverride(regionId, { fromMs: atMs, multiple: 1, peers: [] });
  }

  private pushOverride(regionId: bigint, override: Override): void {
    const list = this.overrides.get(regionId) ?? [];
    const last = list.at(-1);
    if (last !== undefined && override.fromMs < last.fromMs) {
      throw new RangeError('an override cannot start before the previous one');
    }
    list.push(override);
    this.overrides.set(regionId, list);
  }
}
