/**
 * Pure shaping of the cluster summary (plus leases) into what the cluster page shows: per
 * datanode loads and liveness, skew, the tables × datanodes heatmap, and a flat region list
 * for the cluster-wide grid and the planner. Region ids are composed only when asked for,
 * since 100k BigInt compositions per refresh would be wasted on rows never seen.
 */
import type { NodeLeases } from '../../domain/cluster-types';
import type { RegionDistribution } from '../../../contract/region-distribution';
import { composeRegionId } from '../../../contract/region-id';
import type { PlannerInput } from '../../domain/planner/planner-types';
import type { Skew } from '../../domain/planner/skew';
import { skewOverDatanodes } from '../../domain/datanode-skew';
import { livenessOf, type Liveness } from '../../domain/datanode-liveness';
import { formatBytes } from '../../components/format-bytes';
import { formatCount } from '../../components/format-count';
import type { Weighting } from '../../preferences/weighting';

/**
 * The weightings the cluster view plots: the heartbeat summary has regions, bytes and rows per
 * datanode; query load is weighed where a target is suggested.
 */
export type DistributionWeighting = Exclude<Weighting, 'load'>;

export interface DatanodeLoad {
  index: number;
  peerId: string;
  addr: string;
  /** Null when leases could not be read. */
  liveness: Liveness | null;
  count: number;
  bytes: number;
  rows: number;
}

export interface ClusterRegion {
  tableId: number;
  regionNumber: number;
  datanodeIndex: number;
  bytes: number;
  rows: number;
}

export interface DistributionModel {
  datanodes: DatanodeLoad[];
  /** Sorted by table id. */
  tableIds: number[];
  regions: ClusterRegion[];
  /** heat[tableIndex][datanodeIndex] = regions (count) of that table on that datanode. */
  heatCount: Uint32Array[];
  heatBytes: Float64Array[];
  rowsReported: boolean;
}

export function buildDistributionModel(
  summary: RegionDistribution,
  leases: NodeLeases | undefined,
): DistributionModel {
  const leaseById = new Map((leases?.leases ?? []).map((l) => [l.peerId, l]));
  const datanodes: DatanodeLoad[] = summary.datanodes.map((d, index) => ({
    index,
    peerId: d.peerId,
    addr: d.addr,
    liveness:
      leases === undefined ? null : livenessOf(leaseById.get(d.peerId), leases.metasrvNowMs),
    count: d.regionCount,
    bytes: d.bytes,
    rows: d.rows,
  }));
  const regions: ClusterRegion[] = [];
  const heatCount: Uint32Array[] = [];
  const heatBytes: Float64Array[] = [];
  for (const table of summary.tables) {
    const counts = new Uint32Array(datanodes.length);
    const bytes = new Float64Array(datanodes.length);
    for (let i = 0; i < table.regionNumbers.length; i += 1) {
      const datanodeIndex = table.datanodeIndexes[i] ?? 0;
      const b = table.bytes[i] ?? 0;
      counts[datanodeIndex] = (counts[datanodeIndex] ?? 0) + 1;
      bytes[datanodeIndex] = (bytes[datanodeIndex] ?? 0) + b;
      regions.push({
        tableId: table.tableId,
        regionNumber: table.regionNumbers[i] ?? 0,
        datanodeIndex,
        bytes: b,
        rows: table.rows[i] ?? 0,
      });
    }
    heatCount.push(counts);
    heatBytes.push(bytes);
  }
  return {
    datanodes,
    tableIds: summary.tables.map((t) => t.tableId),
    regions,
    heatCount,
    heatBytes,
    rowsReported: summary.rowsReported,
  };
}

export function weightOf(d: DatanodeLoad, weighting: DistributionWeighting): number {
  return weighting === 'count' ? d.count : weighting === 'bytes' ? d.bytes : d.rows;
}

/** A datanode that can take regions: alive, or liveness unknown (leases unreadable). */
export function canTakeRegions(d: DatanodeLoad): boolean {
  return d.liveness === null || d.liveness.kind === 'alive';
}

/** Skew over the datanodes that hold regions or could: dead empty ones are not counted. */
export function distributionSkew(model: DistributionModel, weighting: DistributionWeighting): Skew {
  return skewOverDatanodes(
    model.datanodes.map((d) => ({
      canTakeRegions: canTakeRegions(d),
      regionCount: d.count,
      weight: weightOf(d, weighting),
    })),
  );
}

export function regionIdOf(region: ClusterRegion): string {
  return composeRegionId(region.tableId, region.regionNumber);
}

export function plannerInputOf(model: DistributionModel): PlannerInput {
  return {
    datanodes: model.datanodes.map((d) => ({
      peerId: d.peerId,
      isAlive: d.liveness?.kind === 'alive',
    })),
    regions: model.regions.map((r) => ({
      regionId: regionIdOf(r),
      tableId: r.tableId,
      peerId: model.datanodes[r.datanodeIndex]?.peerId ?? '',
      bytes: r.bytes,
    })),
  };
}

export function formatWeight(value: number, weighting: DistributionWeighting): string {
  return weighting === 'bytes' ? formatBytes(value) : formatCount(value);
}

/** "regions", "bytes" or "rows": what a plotted value counts. */
export function weightingNoun(weighting: DistributionWeighting): string {
  return weighting === 'count' ? 'regions' : weighting;
}

/** A value with its unit, as a tooltip or a table cell reads it: "23 regions", "1.2 GiB". */
export function formatWeightWithUnit(value: number, weighting: DistributionWeighting): string {
  return weighting === 'bytes'
    ? formatBytes(value)
    : `${formatCount(value)} ${weightingNoun(weighting)}`;
}

/** 1, 2 or 5 times a power of ten, the smallest at or above `raw`. */
function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const factor = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
  return factor * magnitude;
}

/**
 * The value axis: 0, then about `target` ticks at round steps, up to the first tick at or above
 * `max` (the axis's top, so the highest bar ends under a labelled line). Counts and rows step by
 * whole units; bytes step by round amounts of the binary unit `max` is shown in (0.5 GiB, not
 * 536,870,912 B), so every tick label reads as the sizes elsewhere on screen do.
 */
export function axisTicks(max: number, weighting: DistributionWeighting, target = 4): number[] {
  let unit = 1;
  if (weighting === 'bytes') while (unit * 1024 <= max) unit *= 1024;
  const scaled = max / unit;
  const step = scaled <= 0 ? 1 : Math.max(unit === 1 ? 1 : 0.1, niceStep(scaled / target));
  const count = Math.max(1, Math.ceil(scaled / step - 1e-9));
  // toPrecision drops the binary noise of 0.1-steps (0.30000000000000004).
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)) * unit);
}

/**
 * Every how many bars a label fits: the smallest of 1, 2, 5, 10, 20, 50… bars whose width
 * holds one label and a gap. Labels that would overlap are left out; the tooltips and the
 * table keep every value.
 */
export function labelEvery(barWidthPx: number, labelWidthPx: number): number {
  for (let step = 1; ; step *= 10) {
    for (const factor of [1, 2, 5]) {
      if (barWidthPx * step * factor >= labelWidthPx) return step * factor;
    }
    if (step > 1e9) return step;
  }
}

/**
 * The region a heatmap cell stands for: the lowest region number of the table on that
 * datanode, or null when the datanode leads none of it. Opening the table with it highlighted
 * shows that datanode's share of the table.
 */
export function regionOnDatanode(
  model: DistributionModel,
  tableId: number,
  datanodeIndex: number,
): string | null {
  let found: ClusterRegion | null = null;
  for (const region of model.regions) {
    if (region.tableId !== tableId || region.datanodeIndex !== datanodeIndex) continue;
    if (found === null || region.regionNumber < found.regionNumber) found = region;
  }
  return found === null ? null : regionIdOf(found);
}
