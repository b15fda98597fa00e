/**
 * The table of API.md §7.4's ground truth (`repartition_mito_table`, id 1024, rules `id < 10`,
 * `id >= 10 AND id < 20`, `id >= 20`) as the SQL path gives it to the page, and server records
 * as repartition-api.ts shapes them, for this feature's tests.
 */
import { composeRegionId } from '../../../contract/region-id';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';
import type { TableSummary } from '../../../contract/sql-types';
import type { RegionRoute } from '../../domain/cluster-types';

export const TABLE_SUMMARY: TableSummary = {
  catalog: 'greptime',
  schema: 'public',
  name: 'repartition_mito_table',
  tableId: 1024,
  engine: 'mito',
};

export const RULES = ['id < 10', 'id >= 10 AND id < 20', 'id >= 20'] as const;

/** Regions as the SQL path builds them from region_peers ⋈ partitions (sql-schemas.ts). */
export function regionRoutesOf(rules: readonly string[], columns = ['id']): RegionRoute[] {
  return rules.map((rule, i) => ({
    regionId: composeRegionId(1024, i),
    regionNumber: i,
    name: `p${String(i)}`,
    partition: { columns, bounds: [{ kind: 'parsed', text: rule }] },
    leaderPeer: { id: String(i), addr: `10.0.0.${String(i)}:4001` },
    followerPeers: [],
    leaderStatus: null,
    leaderDownSinceMs: null,
  }));
}

export function trackedRepartition(overrides: Partial<TrackedRepartition>): TrackedRepartition {
  return {
    id: 'r1',
    clusterId: 'prod-eu',
    idempotencyKey: 'key-00000001',
    table: { catalog: 'greptime', schema: 'public', name: 'repartition_mito_table', tableId: 1024 },
    kind: 'split',
    statement:
      'ALTER TABLE greptime.public.repartition_mito_table SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10) WITH (WAIT = false)',
    sourceExprs: ['id < 10'],
    targetExprs: ['id < 5', 'id >= 5 AND id < 10'],
    replaced: [{ regionId: '4398046511104', rule: 'id < 10' }],
    allocatedRegionIds: ['4398046511107'],
    deallocatedRegionIds: [],
    timeoutMs: 60_000,
    startedBy: null,
    submittedAtMs: 1_000,
    phase: 'following',
    procedureId: '6f0c2b1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
    frontendAddr: '127.0.0.1:4000',
    states: [{ status: 'Running', atMs: 1_100 }],
    outcome: null,
    finishedAtMs: null,
    lastReadError: null,
    ...overrides,
  };
}
