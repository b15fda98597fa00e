/**
 * The seeded starting topology: datanodes and tables. The same seed and sizes always give the
 * same cluster. Without `tables`/`regions` a small demo cluster is built (a few named tables,
 * one crowded onto one datanode, a metric-engine physical table with a logical table on it);
 * with them, a large one for scale tests.
 */
import { Rng } from './rng.ts';
import { buildLogicalTable, buildPhysicalTable, roundRobin, skewed } from './tables.ts';
import type { DatanodeRecord, TableRecord } from './types.ts';

export const FIRST_TABLE_ID = 1024;
export const HEARTBEAT_INTERVAL_MS = 3_000;

export interface TopologyOptions {
  seed: number;
  datanodes: number;
  /** Scale mode: number of physical tables. */
  tables?: number | undefined;
  /** Scale mode: total number of regions over all tables. */
  regions?: number | undefined;
  nowMs: number;
}

export interface Topology {
  datanodes: DatanodeRecord[];
  tables: TableRecord[];
}

export function datanodeAddr(id: number): string {
  return `greptimedb-datanode-${id}.greptimedb-datanode.my-greptimedb:4001`;
}

const TABLE_NAMES = [
  'monitor',
  'cpu_metrics',
  'http_requests',
  'disk_io',
  'app_logs',
  'memory_usage',
  'net_traffic',
  'api_latency',
  'sensor_readings',
  'order_events',
];

function buildDatanodes(count: number, rng: Rng, nowMs: number): DatanodeRecord[] {
  return Array.from({ length: count }, (_, id) => ({
    id,
    addr: datanodeAddr(id),
    running: true,
    // Started about two hours ago, a few seconds apart, like a StatefulSet rollout.
    epochMs: nowMs - 2 * 3_600_000 + id * rng.int(500, 4_000),
    phaseMs: rng.int(0, HEARTBEAT_INTERVAL_MS - 1),
    stoppedAtMs: null,
  }));
}

export function buildTopology(options: TopologyOptions): Topology {
  const rng = new Rng(options.seed);
  const datanodes = buildDatanodes(Math.max(1, options.datanodes), rng, options.nowMs);
  const ids = datanodes.map((d) => d.id);
  const createdOnMs = options.nowMs - 3_600_000;
  const scale = options.tables !== undefined || options.regions !== undefined;
  const tables = scale
    ? scaleTables(options, ids, rng, createdOnMs)
    : demoTables(ids, rng, createdOnMs);
  return { datanodes, tables };
}

function demoTables(ids: number[], rng: Rng, createdOnMs: number): TableRecord[] {
  const offset = () => rng.int(0, ids.length - 1);
  const specs: { name: string; regions: number; layout: 'even' | 'skewed' }[] = [
    { name: 'monitor', regions: 3, layout: 'even' },
    { name: 'cpu_metrics', regions: rng.int(6, 10), layout: 'even' },
    { name: 'http_requests', regions: rng.int(10, 14), layout: 'skewed' },
    { name: 'disk_io', regions: 1, layout: 'even' },
    { name: 'app_logs', regions: 32, layout: 'even' },
    { name: 'memory_usage', regions: rng.int(4, 6), layout: 'even' },
  ];
  const tables: TableRecord[] = specs.map((spec, i) =>
    buildPhysicalTable(
      {
        tableId: FIRST_TABLE_ID + i,
        name: spec.name,
        leaderPeerIds:
          spec.layout === 'skewed'
            ? skewed(spec.regions, ids, rng)
            : roundRobin(spec.regions, ids, offset()),
        createdOnMs,
      },
      rng,
    ),
  );
  const physicalId = FIRST_TABLE_ID + specs.length;
  tables.push(
    buildPhysicalTable(
      {
        tableId: physicalId,
        name: 'greptime_physical_table',
        engine: 'metric',
        leaderPeerIds: roundRobin(4, ids, offset()),
        createdOnMs,
      },
      rng,
    ),
    buildLogicalTable({
      tableId: physicalId + 1,
      name: 'host_cpu_seconds_total',
      physicalTableId: physicalId,
      createdOnMs,
    }),
  );
  return tables;
}

function scaleTables(
  options: TopologyOptions,
  ids: number[],
  rng: Rng,
  createdOnMs: number,
): TableRecord[] {
  const tableCount = Math.max(1, options.tables ?? Math.ceil((options.regions ?? 8) / 16));
  const totalRegions = Math.max(tableCount, options.regions ?? tableCount * 8);
  const base = Math.floor(totalRegions / tableCount);
  const extra = totalRegions % tableCount;
  const tables: TableRecord[] = [];
  let offset = rng.int(0, ids.length - 1);
  for (let i = 0; i < tableCount; i += 1) {
    const regions = base + (i < extra ? 1 : 0);
    const baseName = TABLE_NAMES[i % TABLE_NAMES.length] ?? 'table';
    const round = Math.floor(i / TABLE_NAMES.length);
    tables.push(
      buildPhysicalTable(
        {
          tableId: FIRST_TABLE_ID + i,
          name: round === 0 ? baseName : `${baseName}_${round}`,
          leaderPeerIds: i === 2 ? skewed(regions, ids, rng) : roundRobin(regions, ids, offset),
          createdOnMs,
        },
        rng,
      ),
    );
    offset = (offset + regions) % ids.length;
  }
  return tables;
}
