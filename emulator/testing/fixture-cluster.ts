/**
 * The cluster the shared GreptimeDB fixtures describe (fixtures/README.md), built through the
 * model on a ManualClock: datanodes 0..2 at greptimedb-datanode-<n>...:4001 with the fixtures'
 * epochs and heartbeat phases, table 1087 `monitor` (3 regions split on host at 'h' and 'p'),
 * logical table 1088 `monitor_logical`, and a MetaSrv leader elected at a time that makes the
 * stored heartbeat stats the 1-entry case the fixture shows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../clock.ts';
import { EmulatedCluster } from '../model/cluster.ts';
import type { ApiVersion, RegionPartition } from '../model/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
/** The CI checkout has shared/ beside main. */
export const FIXTURES_DIR = path.resolve(repoRoot, '../shared/greptimedb/fixtures');

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
}

export const TABLE_ID = 1087;
export const REGION_0 = 4668629450752n;
export const REGION_1 = 4668629450753n;
export const REGION_2 = 4668629450754n;
export const LEADER_ADDR = '10.244.1.17:3002';

/** Heartbeat instants from heartbeat.json / node-lease.json: node_epoch and first stat time. */
const DATANODES = [
  { id: 0, epochMs: 1712564410200, firstStatMs: 1712565337871 },
  { id: 1, epochMs: 1712564412900, firstStatMs: 1712565339004 },
  { id: 2, epochMs: 1712564411500, firstStatMs: 1712565338123 },
];

const h = { type: 'String', value: 'h' } as const;
const p = { type: 'String', value: 'p' } as const;
const HOST_SPLIT: RegionPartition[] = [
  { kind: 'range', column: 'host', lower: null, upper: h },
  { kind: 'range', column: 'host', lower: h, upper: p },
  { kind: 'range', column: 'host', lower: p, upper: null },
];

export interface FixtureCluster {
  clock: ManualClock;
  cluster: EmulatedCluster;
}

/**
 * At return the clock reads 1712565342500: every datanode has sent exactly two heartbeats to
 * the leader elected at 1712565337000 (stats hold the first, leases show the second).
 */
export function buildFixtureCluster(options: { unpartitioned?: boolean } = {}): FixtureCluster {
  const clock = new ManualClock(1712565334000);
  const cluster = new EmulatedCluster(clock, { seed: 1, datanodes: 3, empty: true });
  for (const spec of DATANODES) {
    const dn = cluster.datanode(spec.id);
    dn.epochMs = spec.epochMs;
    dn.phaseMs = (spec.firstStatMs - spec.epochMs) % 3_000;
  }
  cluster.metasrvs.forEach((m, i) => {
    m.addr = i === 1 ? LEADER_ADDR : `10.244.${i + 2}.17:3002`;
  });
  cluster.createPhysicalTable({
    tableId: TABLE_ID,
    name: 'monitor',
    leaderPeerIds: options.unpartitioned === true ? [2] : [0, 1, 2],
    partitions: options.unpartitioned === true ? [{ kind: 'unpartitioned' }] : HOST_SPLIT,
    approximateBytes: [2097152, 524288, 1048576],
    createdOnMs: Date.parse('2024-04-08T08:20:11.500Z'),
  });
  if (options.unpartitioned !== true) {
    cluster.createLogicalTable({
      tableId: 1088,
      name: 'monitor_logical',
      physicalTableId: TABLE_ID,
    });
  }
  // Node 0 dies; node 1 (10.244.1.17:3002) takes over 3 s later, at 1712565337000.
  cluster.stopMetasrv(0);
  clock.advance(3_000);
  cluster.startMetasrv(0);
  clock.advance(1712565342500 - clock.now());
  return { clock, cluster };
}

export type { ApiVersion };
