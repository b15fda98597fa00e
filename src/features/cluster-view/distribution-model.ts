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

export type Weighting = 'count' | 'bytes' | 'rows';

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

export function weightOf(d: DatanodeLoad, weighting: Weighting): number {
  return weighting === 'count' ? d.count : weighting === 'bytes' ? d.bytes : d.rows;
}

/** A datanode that can take regions: alive, or liveness unknown (leases unreadable). */
export function canTakeRegions(d: DatanodeLoad): boolean {
  return d.liveness === null || d.liveness.kind === 'alive';
}

/** Skew over the datanodes that hold regions or could: dead empty ones are not counted. */
export function distributionSkew(model: DistributionModel, weighting: Weighting): Skew {
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

export function formatWeight(value: number, weighting: Weighting): string {
  return weighting === 'bytes' ? formatBytes(value) : formatCount(value);
}
