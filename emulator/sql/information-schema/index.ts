/** The system tables the emulated frontend answers per version, and the ones it refuses by name. */
import type { SqlApiVersion } from '../../model/types.ts';
import type { SystemTable } from '../context.ts';
import { clusterInfo } from './cluster-info.ts';
import { flowStatistics } from './flow-statistics.ts';
import { partitions } from './partitions.ts';
import { procedureInfo } from './procedure-info.ts';
import { regionInfo } from './region-info.ts';
import { regionPeers } from './region-peers.ts';
import { REGION_STATISTICS } from './region-statistics.ts';
import { tables } from './tables.ts';

const COMMON: Record<string, SystemTable> = {
  region_peers: regionPeers,
  partitions,
  tables,
  cluster_info: clusterInfo,
  procedure_info: procedureInfo,
  region_info: regionInfo,
};

export const INFORMATION_SCHEMA: Record<SqlApiVersion, Record<string, SystemTable>> = {
  'v1.1': { ...COMMON, region_statistics: REGION_STATISTICS['v1.1'] },
  'v1.2': {
    ...COMMON,
    region_statistics: REGION_STATISTICS['v1.2'],
    flow_statistics: flowStatistics,
  },
};
