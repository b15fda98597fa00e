/**
 * The table list's rows from what the connected cluster offers:
 * - names: information_schema.tables (SQL path), or MetaSrv's catalogs/schemas/tables lists
 *   (legacy), see table-list-queries.ts;
 * - ids and kinds on legacy: each table's route by name, for at most
 *   LEGACY_ROUTE_LOOKUP_LIMIT tables in the default order (one MetaSrv request each: the
 *   legacy admin API has no list of tables with their ids);
 * - regions and their leaders: our server's heartbeat summary, the same source as the
 *   overview's figures and the cluster view (physical tables only: a logical table has no
 *   regions of its own);
 * - sizes: information_schema.region_statistics' disk size, summed over each table's leader
 *   regions (SQL path, v0.9.4+).
 */
import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { connectionQuery, createClusterApi } from '../../api/cluster-api-resolver';
import type { ApiGeneration } from '../../../contract/sql-contract';
import { leaderSizes } from '../../domain/datanode-figures';
import { livenessOf } from '../../domain/datanode-liveness';
import { clusterSummaryQueries } from '../../queries/cluster-summary-queries';
import { datanodeQueries } from '../../queries/datanode-queries';
import { routeQueries } from '../../queries/route-queries';
import {
  buildTableListRows,
  compareDefaultOrder,
  type NamedTable,
  type TableKind,
  type TableListRow,
} from './table-list-model';
import { TABLE_LIST_STALE_MS, tableListQueries } from './table-list-queries';

/** Routes read by name on legacy MetaSrv: enough for a readable list, bounded for MetaSrv. */
export const LEGACY_ROUTE_LOOKUP_LIMIT = 100;

export interface TableListResult {
  generation: ApiGeneration | null;
  rows: TableListRow[];
  isPending: boolean;
  /** The names could not be read: nothing to list. */
  error: Error | null;
  /** Whether the Size column applies (SQL path with region_statistics). */
  hasSizes: boolean;
  /** What the list lacks and why, in plain words. */
  notes: string[];
}

function keyOf(t: Pick<NamedTable, 'catalog' | 'schema' | 'name'>): string {
  return `${t.catalog}.${t.schema}.${t.name}`;
}

export function useTableList(clusterId: string): TableListResult {
  const connection = useQuery(connectionQuery(clusterId)).data;
  const api = connection === undefined ? null : createClusterApi(clusterId, connection);
  const hasSizes = api?.regionSizes.isSupported === true;
  const isLegacy = api?.generation === 'legacy';

  const tables = useQuery(tableListQueries.tables(clusterId));
  const summary = useQuery(clusterSummaryQueries.summary(clusterId));
  const leases = useQuery(datanodeQueries.leases(clusterId));
  const sizes = useQuery({ ...datanodeQueries.regionSizes(clusterId), enabled: hasSizes });

  const lookups = useMemo(
    () =>
      isLegacy && tables.data !== undefined
        ? [...tables.data].sort(compareDefaultOrder).slice(0, LEGACY_ROUTE_LOOKUP_LIMIT)
        : [],
    [isLegacy, tables.data],
  );
  const routes = useQueries({
    queries: lookups.map((t) => ({
      ...routeQueries.detail(clusterId, { catalog: t.catalog, schema: t.schema, table: t.name }),
      staleTime: TABLE_LIST_STALE_MS,
    })),
  });
  const routeFailures = routes.filter((r) => r.isError).length;
  // One stable value per set of answers, so the rows below are not rebuilt on every render.
  const routeAnswers = routes.map((r) => r.dataUpdatedAt).join(',');
  const identities = useMemo(() => {
    const known = new Map<string, { tableId: number; kind: TableKind }>();
    lookups.forEach((t, i) => {
      const route = routes[i]?.data;
      if (route !== undefined) known.set(keyOf(t), { tableId: route.tableId, kind: route.type });
    });
    return known;
    // routeAnswers stands for `routes`, whose array is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lookups, routeAnswers]);

  const rows = useMemo(() => {
    const named = (tables.data ?? []).map((t) => {
      const identity = identities.get(keyOf(t));
      return identity === undefined ? t : { ...t, ...identity };
    });
    const distribution = summary.data;
    const leaders =
      distribution === undefined
        ? null
        : new Map(
            distribution.tables.map((t) => [
              t.tableId,
              t.datanodeIndexes.map((i) => distribution.datanodes[i]?.peerId ?? ''),
            ]),
          );
    const leaseData = leases.data;
    const datanodes = (distribution?.datanodes ?? []).map((d) => ({
      peerId: d.peerId,
      // As the cluster view counts them: unreadable leases leave every datanode a candidate.
      canTakeRegions:
        leaseData === undefined ||
        livenessOf(
          leaseData.leases.find((l) => l.peerId === d.peerId),
          leaseData.metasrvNowMs,
        ).kind === 'alive',
    }));
    let bytesPerTable: Map<number, number> | null = null;
    if (sizes.data !== undefined) {
      bytesPerTable = new Map();
      for (const size of leaderSizes(sizes.data)) {
        bytesPerTable.set(
          size.tableId,
          (bytesPerTable.get(size.tableId) ?? 0) + (size.diskSize ?? 0),
        );
      }
    }
    return buildTableListRows({ tables: named, leaders, datanodes, sizes: bytesPerTable });
  }, [tables.data, identities, summary.data, leases.data, sizes.data]);

  const total = tables.data?.length ?? 0;
  const notes = [
    isLegacy
      ? `Legacy MetaSrv lists table names without ids; ids and kinds come from each table’s route (${
          total > LEGACY_ROUTE_LOOKUP_LIMIT
            ? `read for the first ${LEGACY_ROUTE_LOOKUP_LIMIT} of ${total} tables; search by name and open the others`
            : 'one request per table'
        }).`
      : null,
    routeFailures > 0
      ? `${routeFailures} route(s) could not be read; those rows have no id.`
      : null,
    summary.isError
      ? `The heartbeat summary could not be read, so region counts and skew are not shown: ${summary.error.message}`
      : null,
    sizes.isError
      ? `information_schema.region_statistics could not be read, so sizes are not shown: ${sizes.error.message}`
      : null,
  ].filter((n): n is string => n !== null);

  return {
    generation: api?.generation ?? null,
    rows,
    isPending: tables.isPending,
    error: tables.error,
    hasSizes,
    notes,
  };
}
