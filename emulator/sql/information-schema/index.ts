/** The system tables the emulated frontend answers, and the ones it names when refusing. */
import type { SystemTable } from '../context.ts';
import { clusterInfo } from './cluster-info.ts';
import { partitions } from './partitions.ts';
import { procedureInfo } from './procedure-info.ts';
import { regionPeers } from './region-peers.ts';
import { regionStatistics } from './region-statistics.ts';
import { tables } from './tables.ts';

export const INFORMATION_SCHEMA: Record<string, SystemTable> = {
  region_peers: regionPeers,
  partitions,
  tables,
  cluster_info: clusterInfo,
  region_statistics: regionStatistics,
  procedure_info: procedureInfo,
};

/** information_schema tables GreptimeDB has but the emulator does not fill (refused clearly). */
export const OTHER_INFORMATION_SCHEMA = new Set([
  'build_info',
  'character_sets',
  'check_constraints',
  'collations',
  'collation_character_set_applicability',
  'columns',
  'column_privileges',
  'column_statistics',
  'engines',
  'events',
  'files',
  'global_status',
  'key_column_usage',
  'optimizer_trace',
  'parameters',
  'profiling',
  'referential_constraints',
  'routines',
  'schema_privileges',
  'schemata',
  'session_status',
  'table_constraints',
  'table_privileges',
  'triggers',
  'views',
  'flows',
  'runtime_metrics',
  'process_list',
  'ssts_manifest',
  'ssts_storage',
  'ssts_index_meta',
]);
