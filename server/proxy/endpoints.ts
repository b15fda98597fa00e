/**
 * The typed endpoints of the /api contract and the MetaSrv request each one becomes. The
 * upstream path and every query key are written here; only values that passed the
 * contract's schemas are taken from the browser, percent-encoded by us.
 */
import { z } from 'zod';
import {
  CLUSTER_ENDPOINTS,
  MaintenanceSetBodySchema,
  RegionMigrationRequestSchema,
  RouteQuerySchema,
  SchemasQuerySchema,
  TablesQuerySchema,
  TableInfoQuerySchema,
} from '../../contract/api-contract.ts';
import type { RegionMigrationRequest, RouteQuery } from '../../contract/api-contract.ts';
import { SQL_ENDPOINTS } from '../../contract/sql-contract.ts';
import { validate } from './validation.ts';
import type { Validated } from './validation.ts';

export type UpstreamPlan =
  | { kind: 'metasrv-status' }
  /**
   * Any MetaSrv could answer reads; the leader does, so all answers come from one view.
   * `upstreamMethod` POST for MetaSrv routes that demand it (v0.16+ HTTP admin); GET otherwise.
   */
  | { kind: 'leader-read'; pathAndQuery: string; upstreamMethod?: 'POST' }
  | { kind: 'region-migration'; pathAndQuery: string }
  /** `/admin/heartbeat` on the leader, summarized by server/cluster-summary. */
  | { kind: 'cluster-summary' };

export interface EndpointInput {
  query: Record<string, string>;
  /** Parsed JSON body; only read for POST endpoints. */
  body: unknown;
}

export interface Endpoint {
  method: 'GET' | 'POST';
  plan(input: EndpointInput): Validated<UpstreamPlan>;
}

/**
 * `encodeURIComponent`, not URLSearchParams: MetaSrv decodes `+` as a space, but a literal
 * space sent as `%20` cannot be misread by anything on the way (`1h 30m` -> `1h%2030m`).
 */
export function adminPath(path: string, params: readonly (readonly [string, string])[]): string {
  if (params.length === 0) return path;
  const query = params
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${path}?${query}`;
}

const NoQuerySchema = z.strictObject({});

function routeParams(query: RouteQuery): [string, string][] {
  if ('table_id' in query) return [['table_id', query.table_id]];
  if ('region_id' in query) return [['region_id', query.region_id]];
  return [
    ['catalog', query.catalog],
    ['schema', query.schema],
    ['table', query.table],
  ];
}

/** Parameter order as MetaSrv parses them (API.md §1.6), so its first reported error matches. */
export function regionMigrationPath(request: RegionMigrationRequest): string {
  return adminPath('/admin/region-migration', [
    ['region_id', request.region_id],
    ['from_peer_id', request.from_peer_id],
    ['to_peer_id', request.to_peer_id],
    ['replay_timeout', request.replay_timeout],
  ]);
}

function leaderRead<T>(
  schema: z.ZodType<T>,
  toPath: (value: T) => string,
  unionHint?: string,
): Endpoint {
  return {
    method: 'GET',
    plan: ({ query }) => {
      const checked = validate(schema, query, unionHint);
      return checked.ok
        ? { ok: true, value: { kind: 'leader-read', pathAndQuery: toPath(checked.value) } }
        : checked;
    },
  };
}

/** POST `{enable}` with no query: v0.7.2's `set?enable=` and v0.16+'s `enable|disable` forms. */
function maintenanceSwitch(toPlan: (enable: boolean) => UpstreamPlan): Endpoint {
  return {
    method: 'POST',
    plan: ({ query, body }) => {
      const noQuery = validate(NoQuerySchema, query);
      if (!noQuery.ok) return noQuery;
      const checked = validate(MaintenanceSetBodySchema, body);
      return checked.ok ? { ok: true, value: toPlan(checked.value.enable) } : checked;
    },
  };
}

export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  [
    CLUSTER_ENDPOINTS.metasrv,
    {
      method: 'GET',
      plan: ({ query }) => {
        const checked = validate(NoQuerySchema, query);
        return checked.ok ? { ok: true, value: { kind: 'metasrv-status' } } : checked;
      },
    },
  ],
  [
    CLUSTER_ENDPOINTS.route,
    leaderRead(
      RouteQuerySchema,
      (query) => adminPath('/admin/route', routeParams(query)),
      'name the table with exactly one of table_id, region_id, or catalog+schema+table',
    ),
  ],
  [
    CLUSTER_ENDPOINTS.nodeLease,
    // v0.6-v0.7 datanodes always register in cluster 0 (API.md §1.6, §1.7).
    leaderRead(NoQuerySchema, () => adminPath('/admin/node-lease', [['cluster_id', '0']])),
  ],
  [CLUSTER_ENDPOINTS.heartbeat, leaderRead(NoQuerySchema, () => '/admin/heartbeat')],
  // v0.13+ dropped the cluster id (API.md §3.1); the SQL path's clusters read leases so.
  [SQL_ENDPOINTS.sqlNodeLease, leaderRead(NoQuerySchema, () => '/admin/node-lease')],
  [
    CLUSTER_ENDPOINTS.clusterSummary,
    {
      method: 'GET',
      plan: ({ query }) => {
        const checked = validate(NoQuerySchema, query);
        return checked.ok ? { ok: true, value: { kind: 'cluster-summary' } } : checked;
      },
    },
  ],
  [CLUSTER_ENDPOINTS.catalogs, leaderRead(NoQuerySchema, () => '/admin/catalogs')],
  // Maintenance mode lives in the leader's KV; setting it twice is harmless, so the write may
  // take the read path (one retry after a re-resolved leader). MetaSrv v0.7.2 ignores the method.
  [CLUSTER_ENDPOINTS.maintenance, leaderRead(NoQuerySchema, () => '/admin/maintenance')],
  [
    CLUSTER_ENDPOINTS.maintenanceSet,
    maintenanceSwitch((enable) => ({
      kind: 'leader-read',
      pathAndQuery: adminPath('/admin/maintenance/set', [['enable', String(enable)]]),
    })),
  ],
  [
    CLUSTER_ENDPOINTS.maintenanceSwitch,
    maintenanceSwitch((enable) => ({
      kind: 'leader-read',
      pathAndQuery: enable ? '/admin/maintenance/enable' : '/admin/maintenance/disable',
      upstreamMethod: 'POST',
    })),
  ],
  [
    CLUSTER_ENDPOINTS.procedureManager,
    leaderRead(NoQuerySchema, () => '/admin/procedure-manager/status'),
  ],
  [
    CLUSTER_ENDPOINTS.schemas,
    leaderRead(SchemasQuerySchema, ({ catalog }) =>
      adminPath('/admin/schemas', [['catalog', catalog]]),
    ),
  ],
  [
    CLUSTER_ENDPOINTS.tables,
    leaderRead(TablesQuerySchema, ({ catalog, schema }) =>
      adminPath('/admin/tables', [
        ['catalog', catalog],
        ['schema', schema],
      ]),
    ),
  ],
  [
    CLUSTER_ENDPOINTS.tableInfo,
    leaderRead(TableInfoQuerySchema, ({ table_ids }) =>
      adminPath('/admin/table', [['table_ids', table_ids.join(',')]]),
    ),
  ],
  [
    CLUSTER_ENDPOINTS.regionMigration,
    {
      method: 'POST',
      plan: ({ query, body }) => {
        // Everything travels in the JSON body; a query string is refused, not ignored.
        const noQuery = validate(NoQuerySchema, query);
        const checked = validate(RegionMigrationRequestSchema, body);
        if (!checked.ok || !noQuery.ok) {
          return {
            ok: false,
            issues: [...(noQuery.ok ? [] : noQuery.issues), ...(checked.ok ? [] : checked.issues)],
          };
        }
        return {
          ok: true,
          value: { kind: 'region-migration', pathAndQuery: regionMigrationPath(checked.value) },
        };
      },
    },
  ],
]);
