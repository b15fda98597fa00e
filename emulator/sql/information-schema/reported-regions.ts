/**
 * The regions each running datanode reports right now (what v1 heartbeats carry and
 * region_statistics shows): the regions it leads — `Leader(Downgrading)` while a migration has
 * downgraded it — plus candidates it opened and sources still closing (`Follower`).
 */
import type { EmulatedCluster } from '../../model/cluster.ts';
import type { PhysicalTable, RegionRecord } from '../../model/types.ts';

export type ReportedRole = 'Leader' | 'Follower' | 'Leader(Downgrading)';

export interface ReportedRegion {
  peerId: number;
  table: PhysicalTable;
  region: RegionRecord;
  role: ReportedRole;
}

export function reportedRegions(cluster: EmulatedCluster): ReportedRegion[] {
  const now = cluster.clock.now();
  const out: ReportedRegion[] = [];
  const running = (id: number) => cluster.datanodes.get(id)?.running === true;
  const seen = new Set<string>();
  const tables = [...cluster.allTables()].sort((a, b) => a.tableId - b.tableId);
  for (const table of tables) {
    if (table.kind !== 'physical') continue;
    for (const region of table.regions) {
      if (region.leaderPeerId === null || !running(region.leaderPeerId)) continue;
      seen.add(`${region.leaderPeerId}/${region.regionId}`);
      out.push({
        peerId: region.leaderPeerId,
        table,
        region,
        role: region.leaderStatus === null ? 'Leader' : 'Leader(Downgrading)',
      });
    }
  }
  for (const report of cluster.extraReports) {
    if (report.fromMs > now || (report.untilMs !== null && report.untilMs < now)) continue;
    const key = `${report.peerId}/${report.regionId}`;
    if (seen.has(key) || !running(report.peerId)) continue;
    const found = cluster.regionWithTable(report.regionId);
    if (found === undefined) continue;
    seen.add(key);
    out.push({ peerId: report.peerId, table: found.table, region: found.region, role: 'Follower' });
  }
  return out;
}
