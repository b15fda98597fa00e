/**
 * What a statement runs against: the cluster model as the frontend sees it, plus the session
 * (catalog and schema from the `db` parameter) and the frontend's own identity.
 */
import type { EmulatedCluster } from '../model/cluster.ts';
import type { SqlApiVersion } from '../model/types.ts';
import type { ColumnDef, Row } from './values.ts';

export interface FrontendIdentity {
  /** The frontend's gRPC address as cluster_info reports it. */
  peerAddr: string;
  hostname: string;
  startMs: number;
}

export interface QueryContext {
  cluster: EmulatedCluster;
  /** The GreptimeDB version answering (v1.1.4 or v1.2.0-beta.2). */
  version: SqlApiVersion;
  /** The database user running the statement (`greptime` without a user provider). */
  user: string;
  catalog: string;
  schema: string;
  frontend: FrontendIdentity;
}

/** A read-only system table: fixed columns, rows computed from the model on each query. */
export interface SystemTable {
  columns: ColumnDef[];
  rows(ctx: QueryContext): Row[];
}

/**
 * cluster_info's version: the release each mode emulates (the fixtures' "v1.2" is
 * v1.2.0-beta.2, fixtures/README.md), so the console detects the version it talks to. API.md
 * gives no v1.2 git commit: both modes report v1.1.4's.
 */
export function greptimeVersionOf(version: SqlApiVersion): string {
  return version === 'v1.2' ? '1.2.0-beta.2' : '1.1.4';
}
export const GREPTIME_GIT_COMMIT = '16e9abe4';
