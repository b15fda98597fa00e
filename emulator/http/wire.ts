/**
 * MetaSrv wire forms (API.md §1.5, §1.7, §1.8, §1.9), built from the model per emulated
 * version. Keys are in the Rust structs' declaration order, because serde writes them so.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import { storedStatTimes } from '../model/heartbeats.ts';
import { renderPartition } from '../model/partition.ts';
import type {
  ApiVersion,
  ColumnSpec,
  DatanodeRecord,
  PhysicalTable,
  RegionRecord,
  TableRecord,
} from '../model/types.ts';
import { writeJson } from './json.ts';
import type { JsonValue } from './json.ts';

function peerJson(cluster: EmulatedCluster, peerId: number): JsonValue {
  return { id: peerId, addr: cluster.datanodes.get(peerId)?.addr ?? '' };
}

function regionRouteJson(
  cluster: EmulatedCluster,
  region: RegionRecord,
  api: ApiVersion,
): JsonValue {
  const partition = renderPartition(region.partition, api);
  const route: Record<string, JsonValue> = {
    region: {
      id: region.regionId,
      name: '',
      partition:
        partition === null
          ? null
          : { column_list: partition.columnList, value_list: partition.valueList },
      attrs: {},
    },
    leader_peer: region.leaderPeerId === null ? null : peerJson(cluster, region.leaderPeerId),
    follower_peers: region.followerPeerIds.map((id) => peerJson(cluster, id)),
  };
  // skip_serializing_if = "Option::is_none"
  if (region.leaderStatus !== null) route.leader_status = region.leaderStatus;
  // v0.7.0+ always writes it; v0.6.0 has no such field.
  if (api === 'v0.7') route.leader_down_since = region.leaderDownSinceMs;
  return route;
}

/** TableRouteValue as serde writes it (compact). */
export function tableRouteJson(
  cluster: EmulatedCluster,
  table: TableRecord,
  api: ApiVersion,
): string {
  if (table.kind === 'logical') {
    const physical = cluster.table(table.physicalTableId);
    const numbers =
      physical?.kind === 'physical' ? physical.regions.map((r) => r.regionNumber) : [];
    return writeJson({
      type: 'logical',
      physical_table_id: table.physicalTableId,
      region_ids: numbers.map((n) => (BigInt(table.tableId) << 32n) | BigInt(n)),
    });
  }
  const regionRoutes = table.regions.map((r) => regionRouteJson(cluster, r, api));
  if (api === 'v0.6' && table.writtenByV05) {
    return writeJson({ region_routes: regionRoutes, version: table.version });
  }
  return writeJson({ type: 'physical', region_routes: regionRoutes, version: table.version });
}

/** `/admin/route` body: v0.6 echoes the stored bytes as a JSON string; v0.7 the object. */
export function routeBody(cluster: EmulatedCluster, table: TableRecord, api: ApiVersion): string {
  const json = tableRouteJson(cluster, table, api);
  return api === 'v0.6' ? JSON.stringify(json) : json;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * common_time DateTime Display in UTC: v0.6 `%F %T%z`; v0.7 `%F %H:%M:%S%.f%z`, where chrono's
 * `%.f` prints nothing for a whole second and `.fff` otherwise.
 */
export function humanTime(ms: number, api: ApiVersion): string {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const millis = d.getUTCMilliseconds();
  const fraction = api === 'v0.7' && millis !== 0 ? `.${pad(millis, 3)}` : '';
  return `${base}${fraction}+0000`;
}

/**
 * HashMap iteration order in GreptimeDB is random; the emulator uses a fixed, seeded but
 * non-sorted order so clients cannot come to rely on ids being sorted.
 */
export function hashOrder<T extends { id: number }>(items: T[], seed: number): T[] {
  const key = (id: number) => Math.imul((id + 1) ^ seed, 2_654_435_761) >>> 0;
  return [...items].sort((a, b) => key(a.id) - key(b.id));
}

export function nodeLeaseBody(
  cluster: EmulatedCluster,
  clusterId: bigint,
  api: ApiVersion,
): string {
  const entries: JsonValue[] = [];
  // Datanodes register under cluster 0 only. (The key prefix `__meta_dnlease-<cluster_id>`
  // has no trailing dash, so a cluster 1 would also match 10..19; there is none.)
  if (clusterId !== 0n) return '[]';
  for (const dn of hashOrder([...cluster.datanodes.values()], cluster.options.seed)) {
    const ts = cluster.leaseTimestamp(dn);
    if (ts === null) continue;
    entries.push({
      name: { cluster_id: 0, node_id: dn.id },
      human_time: humanTime(ts, api),
      lease: { timestamp_millis: ts, node_addr: dn.addr },
    });
  }
  return writeJson(entries);
}

function regionBytes(region: RegionRecord, table: PhysicalTable, atMs: number): number {
  const hours = Math.max(0, (atMs - table.createdOnMs) / 3_600_000);
  return Math.floor(region.approximateBytes + region.bytesPerHour * hours);
}

/**
 * Per-datanode region stats at time `atMs`. Leadership in the past is rebuilt from the
 * current routes by undoing later leader changes, so stored (lagging) snapshots still show a
 * moved region on its source, as v0.7.2 does. Visits each region instead of returning objects:
 * at 100k regions the heartbeat writers call it for ~1M region stats.
 */
export function forEachStatAt(
  cluster: EmulatedCluster,
  dn: DatanodeRecord,
  led: Map<bigint, { region: RegionRecord; table: PhysicalTable }>,
  atMs: number,
  visit: (
    region: RegionRecord,
    table: PhysicalTable,
    bytes: number,
    engine: 'mito' | 'metric',
    role: 'Leader' | 'Follower',
  ) => void,
): void {
  // Copied only when a later leader change must be undone (at 100k regions, 2000 stats
  // each copying ~500 entries would be a good part of the heartbeat's cost).
  let regions = led;
  for (let i = cluster.leaderChanges.length - 1; i >= 0; i -= 1) {
    const change = cluster.leaderChanges[i];
    if (change === undefined || change.atMs <= atMs) break;
    if (change.toPeerId !== dn.id && change.fromPeerId !== dn.id) continue;
    if (regions === led) regions = new Map(led);
    if (change.toPeerId === dn.id) regions.delete(change.regionId);
    if (change.fromPeerId === dn.id) {
      const found = findRegion(cluster, change.regionId);
      if (found !== undefined) regions.set(change.regionId, found);
    }
  }
  for (const { region, table } of regions.values()) {
    // A region a repartition allocated later did not exist at this stat's time.
    if (region.createdOnMs !== undefined && region.createdOnMs > atMs) continue;
    const downgraded =
      region.leaderStatus === 'Downgraded' &&
      region.leaderDownSinceMs !== null &&
      region.leaderDownSinceMs <= atMs &&
      region.leaderPeerId === dn.id;
    visit(
      region,
      table,
      regionBytes(region, table, atMs),
      table.engine,
      downgraded ? 'Follower' : 'Leader',
    );
  }
  for (const report of cluster.extraReports) {
    if (report.peerId !== dn.id || report.fromMs > atMs) continue;
    if (report.untilMs !== null && report.untilMs < atMs) continue;
    if (regions.has(report.regionId)) continue;
    const found = findRegion(cluster, report.regionId);
    if (found === undefined) continue;
    visit(
      found.region,
      found.table,
      regionBytes(found.region, found.table, atMs),
      report.engine,
      'Follower',
    );
  }
}

export function findRegion(
  cluster: EmulatedCluster,
  regionId: bigint,
): { region: RegionRecord; table: PhysicalTable } | undefined {
  const table = cluster.table(Number(regionId >> 32n));
  if (table?.kind !== 'physical') return undefined;
  const region = table.regionsByNumber.get(Number(regionId & 0xffff_ffffn));
  return region === undefined ? undefined : { region, table };
}

/** Regions each datanode leads now, by the current routes (forEachStatAt rewinds from here). */
export function regionsByLeader(
  cluster: EmulatedCluster,
): Map<number, Map<bigint, { region: RegionRecord; table: PhysicalTable }>> {
  const ledBy = new Map<number, Map<bigint, { region: RegionRecord; table: PhysicalTable }>>();
  for (const table of cluster.allTables()) {
    if (table.kind !== 'physical') continue;
    for (const region of table.regions) {
      if (region.leaderPeerId === null) continue;
      let led = ledBy.get(region.leaderPeerId);
      if (led === undefined) {
        led = new Map();
        ledBy.set(region.leaderPeerId, led);
      }
      led.set(region.regionId, { region, table });
    }
  }
  return ledBy;
}

const regionStatHeads = new WeakMap<RegionRecord, string>();

/** `{"id":<region id>,"rcus":0,"wcus":0,"approximate_bytes":`, the same in both generations. */
export function regionStatHead(region: RegionRecord): string {
  let head = regionStatHeads.get(region);
  if (head === undefined) {
    head = `{"id":${region.regionId.toString()},"rcus":0,"wcus":0,"approximate_bytes":`;
    regionStatHeads.set(region, head);
  }
  return head;
}

/**
 * `/admin/heartbeat` body: Stat[][] (one stored history per datanode), filtered by `addr`.
 * A 100k-region cluster's body is ~120 MB (10 stats per datanode), so it is written straight
 * into strings rather than through JsonValue objects and writeJson: the bytes are the same
 * (keys in Rust order, integers as serde writes them), several times faster.
 */
export function heartbeatBody(cluster: EmulatedCluster, addrFilter: string | undefined): string {
  if (cluster.leader() === null) return '[]';
  const ledBy = regionsByLeader(cluster);
  const now = cluster.clock.now();
  const histories: string[] = [];
  for (const dn of hashOrder([...cluster.datanodes.values()], cluster.options.seed ^ 7)) {
    const times = storedStatTimes(dn, cluster.leaderSinceMs(), now);
    if (times.length === 0) continue;
    // Every entry carries the datanode's addr; the filter keeps histories holding that addr.
    if (addrFilter !== undefined && dn.addr !== addrFilter) continue;
    const led =
      ledBy.get(dn.id) ?? new Map<bigint, { region: RegionRecord; table: PhysicalTable }>();
    const head = `"cluster_id":0,"id":${writeJson(dn.id)},"addr":${JSON.stringify(dn.addr)},"rcus":0,"wcus":0,`;
    const entries = times.map((t) => {
      const regionStats: string[] = [];
      // Bytes are whole numbers (regionBytes floors them), written as serde writes a u64.
      forEachStatAt(cluster, dn, led, t, (region, _table, bytes, engine, role) => {
        regionStats.push(
          `${regionStatHead(region)}${String(bytes)},"approximate_rows":0,"engine":"${engine}","role":"${role}"}`,
        );
      });
      return `{"timestamp_millis":${writeJson(t)},${head}"region_num":${String(regionStats.length)},"region_stats":[${regionStats.join(',')}],"node_epoch":${writeJson(dn.epochMs)}}`;
    });
    histories.push(`[${entries.join(',')}]`);
  }
  return `[${histories.join(',')}]`;
}

function dataTypeJson(type: ColumnSpec['type']): JsonValue {
  switch (type) {
    case 'String':
      return { String: null };
    case 'Float64':
      return { Float64: {} };
    case 'Int32':
      return { Int32: {} };
    case 'TimestampMillisecond':
      return { Timestamp: { Millisecond: null } };
  }
}

/** TableInfoValue (`/admin/table`), shape per fixtures/table-info-v0.7.2.json. */
export function tableInfoJson(cluster: EmulatedCluster, table: TableRecord): JsonValue {
  const columns = table.columns;
  const timeIndex = columns.findIndex((c) => c.isTimeIndex);
  const regionNumbers =
    table.kind === 'physical'
      ? table.regions.map((r) => r.regionNumber)
      : (() => {
          const physical = cluster.table(table.physicalTableId);
          return physical?.kind === 'physical' ? physical.regions.map((r) => r.regionNumber) : [];
        })();
  const primaryKeys = columns.flatMap((c, i) => (c.isPrimaryKey ? [i] : []));
  const values = columns.flatMap((c, i) => (!c.isPrimaryKey && !c.isTimeIndex ? [i] : []));
  const partitionKeys =
    table.kind === 'physical' && table.partitionColumn !== null
      ? columns.flatMap((c, i) => (c.name === table.partitionColumn ? [i] : []))
      : [];
  return {
    table_info: {
      ident: { table_id: table.tableId, version: 0 },
      name: table.name,
      desc: null,
      catalog_name: table.catalog,
      schema_name: table.schema,
      meta: {
        schema: {
          column_schemas: columns.map((c): JsonValue => ({
            name: c.name,
            data_type: dataTypeJson(c.type),
            is_nullable: !c.isTimeIndex,
            is_time_index: c.isTimeIndex,
            default_constraint: null,
            metadata: (c.isTimeIndex ? { 'greptime:time_index': 'true' } : {}) satisfies JsonValue,
          })),
          timestamp_index: timeIndex < 0 ? null : timeIndex,
          version: 0,
        },
        primary_key_indices: primaryKeys,
        value_indices: values,
        engine: table.kind === 'physical' ? table.engine : 'metric',
        next_column_id: columns.length,
        region_numbers: regionNumbers,
        options: { write_buffer_size: null, ttl: null, extra_options: {} },
        created_on: new Date(table.createdOnMs).toISOString(),
        partition_key_indices: partitionKeys,
      },
      table_type: 'Base',
    },
    version: 0,
  };
}
