/**
 * Per-datanode figures for the datanodes panel and the migrate picker: lease state (MetaSrv's
 * clock), regions of this table and of the whole cluster, and approximate bytes. Bytes and
 * region counts come from the heartbeat summary, which counts only regions a datanode reports
 * as Leader: a source datanode keeps reporting a moved region (as Follower) for a while.
 * Legacy datanodes report read/write units and rows as 0, so rows are shown only when the
 * cluster reports any.
 */
import type { NodeLeases } from '../../domain/cluster-types';
import type { RegionDistribution } from '../../domain/region-distribution';
import { livenessOf, type Liveness } from './datanode-liveness';

export interface DatanodeFigures {
  peerId: string;
  addr: string;
  liveness: Liveness;
  /** Regions of the open table led here, from the route (null without a table). */
  tableRegions: number | null;
  /** From the heartbeat summary; null when it could not be read. */
  clusterRegions: number | null;
  bytes: number | null;
  rows: number | null;
}

export function buildDatanodeFigures(
  leases: NodeLeases | undefined,
  summary: RegionDistribution | undefined,
  tableId: number | null,
): DatanodeFigures[] {
  const addrs = new Map<string, string>();
  for (const lease of leases?.leases ?? []) addrs.set(lease.peerId, lease.addr);
  for (const dn of summary?.datanodes ?? [])
    if (!addrs.has(dn.peerId)) addrs.set(dn.peerId, dn.addr);
  const table = tableId === null ? undefined : summary?.tables.find((t) => t.tableId === tableId);

  return [...addrs.entries()]
    .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([peerId, addr]) => {
      const lease = leases?.leases.find((l) => l.peerId === peerId);
      const index = summary?.datanodes.findIndex((dn) => dn.peerId === peerId) ?? -1;
      const stat = index >= 0 ? summary?.datanodes[index] : undefined;
      return {
        peerId,
        addr,
        liveness:
          leases === undefined ? { kind: 'no-lease' } : livenessOf(lease, leases.metasrvNowMs),
        tableRegions:
          tableId === null || summary === undefined
            ? null
            : (table?.datanodeIndexes.filter((i) => i === index).length ?? 0),
        clusterRegions: summary === undefined ? null : (stat?.regionCount ?? 0),
        bytes: summary === undefined ? null : (stat?.bytes ?? 0),
        rows: summary?.rowsReported === true ? (stat?.rows ?? 0) : null,
      };
    });
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? String(value) : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

/**
 * One line for the migrate picker, beside each choice (the lease age is said separately):
 * regions of the open table and of the cluster, approximate bytes (Leader regions only), and
 * rows only where the cluster reports them. Null while the heartbeat summary is unknown.
 */
export function describeLoad(figures: DatanodeFigures | undefined): string | null {
  if (figures === undefined || figures.clusterRegions === null) return null;
  const regions =
    figures.tableRegions === null
      ? `${figures.clusterRegions} leader regions in the cluster`
      : `leader regions: ${figures.tableRegions} of this table, ${figures.clusterRegions} in the cluster`;
  const parts = [
    regions,
    figures.bytes === null ? null : `≈ ${formatBytes(figures.bytes)}`,
    figures.rows === null ? null : `${figures.rows} rows`,
  ];
  return parts.filter((p) => p !== null).join(' · ');
}
