import { useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableRoute } from '../../domain/cluster-types';
import { formatDuration } from '../../components/format-duration';
import { useCanMutate } from '../../components/permissions';
import { useNow } from '../../components/use-now';
import { useRefreshFailureToast } from '../../components/use-refresh-failure-toast';
import { datanodeQueries } from '../../queries/datanode-queries';
import { DatanodesPanel } from '../../features/datanodes/datanodes-panel';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { TableMaintenanceControls } from '../../features/region-maintenance/table-maintenance-controls';
import { INITIAL_REGION_LIST_QUERY } from '../../domain/region-list-query';
import { buildGridModel, describeSpread } from '../../features/region-grid/grid-model';
import { RegionGrid } from '../../features/region-grid/region-grid';
import { routeQueries } from '../../queries/route-queries';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import { useRegionSizes } from '../../features/region-grid/use-region-sizes';
import { MigrateRegionDialog } from './migrate-region-dialog';
import { regionNotInRoute } from '../../features/table-finder/region-check';
import { splitRegionId } from '../../../contract/region-id';
import { LogicalTableNotice } from '../../features/logical-table/logical-table-notice';
import { regionStatesQueries } from '../../features/region-states/region-states-queries';
import { logicalTableQueries } from '../../features/logical-table/logical-table-queries';
import { RepartitionControls } from '../../features/repartition/repartition-controls';
import { useTableRepartitions } from '../../features/repartition/use-table-repartitions';
import { REPARTITION_POLL_INTERVAL_MS } from '../../queries/repartition-queries';

interface TablePageProps {
  clusterId: string;
  tableId: string;
  onOpenTable: (tableId: string) => void;
  /** A region found by id (or in a deep link): highlighted and focused in the grid. */
  highlightedRegionId?: string | null;
  /** A region row was opened; the URL keeps it. */
  onSelectRegion?: (regionId: string) => void;
}

/**
 * Everything about one table: its maintenance and repartition controls, its route as a grid,
 * its datanodes, and the migrate dialog for its regions. While a split or merge of the table
 * runs, the route and region states are re-read every second so the grid shows its STAGING
 * regions, and once more when it ends.
 */
export function TablePage({
  clusterId,
  tableId,
  onOpenTable,
  highlightedRegionId = null,
  onSelectRegion,
}: TablePageProps) {
  const queryClient = useQueryClient();
  const repartitions = useTableRepartitions(clusterId, tableId, () => {
    void queryClient.invalidateQueries({ queryKey: regionStatesQueries.all(clusterId) });
  });
  const idleInterval = useRefreshInterval();
  const refetchInterval = repartitions.isRunning ? REPARTITION_POLL_INTERVAL_MS : idleInterval;
  const routeQuery = useQuery({ ...routeQueries.byTableId(clusterId, tableId), refetchInterval });
  const metricKind = useQuery(logicalTableQueries.kind(clusterId, tableId));
  const titleId = useId();
  // The heading names the table however it was opened (issue 19): information_schema.tables
  // on the SQL path, `/admin/table` on the legacy API.
  const { data: summary } = useQuery(maintenanceQueries.tableName(clusterId, tableId));
  const tableName =
    summary === undefined || summary === null
      ? null
      : `${summary.catalog}.${summary.schema}.${summary.name}`;
  useRefreshFailureToast(routeQuery, {
    id: `route-refresh-${clusterId}`,
    title: `Could not refresh the route of table ${tableId}`,
  });

  return (
    <section aria-labelledby={titleId}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={titleId}>
            {tableName === null ? (
              `Table ${tableId}`
            ) : (
              <>
                {tableName}{' '}
                <Text span inherit c="dimmed" fw={400}>
                  (table {tableId})
                </Text>
              </>
            )}
          </Title>
          <Group gap="xs">
            <TableMaintenanceControls clusterId={clusterId} tableId={tableId} />
            <RepartitionControls
              clusterId={clusterId}
              tableId={tableId}
              // Unknown stays unknown while read; a failed read offers the actions (GreptimeDB
              // still refuses a logical table, and the dialog shows its answer).
              isLogical={metricKind.isPending ? undefined : metricKind.data?.kind === 'logical'}
              records={repartitions.records}
            />
          </Group>
        </Group>
        <LogicalTableNotice clusterId={clusterId} tableId={tableId} onOpenTable={onOpenTable} />
        {routeQuery.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading the route of table {tableId}…</Text>
          </Group>
        ) : routeQuery.isError && routeQuery.data === undefined ? (
          <ApiErrorAlert error={routeQuery.error} context="route" />
        ) : (
          <>
            <HighlightedRegionCheck
              regionId={highlightedRegionId}
              tableId={tableId}
              route={routeQuery.data}
            />
            <RouteView
              clusterId={clusterId}
              tableId={tableId}
              route={routeQuery.data}
              dataUpdatedAt={routeQuery.dataUpdatedAt}
              refetchInterval={refetchInterval}
              isStale={routeQuery.isRefetchError}
              isFetching={routeQuery.isFetching}
              onReload={() => {
                void routeQuery.refetch();
              }}
              onOpenTable={onOpenTable}
              highlightedRegionId={highlightedRegionId}
              onSelectRegion={onSelectRegion}
            />
          </>
        )}
      </Stack>
    </section>
  );
}

/**
 * A deep link's region that this table does not have gets a specific message (issue 15),
 * never a silently different view.
 */
function HighlightedRegionCheck({
  regionId,
  tableId,
  route,
}: {
  regionId: string | null;
  tableId: string;
  route: TableRoute;
}) {
  if (regionId === null) return null;
  const regionTableId = String(splitRegionId(regionId).tableId);
  const problem =
    regionTableId === tableId
      ? regionNotInRoute(regionId, route)
      : `Region ${regionId} belongs to table ${regionTableId}, not to table ${tableId}.`;
  if (problem === null) return null;
  return (
    <Alert color="orange" variant="light" title="Region not found" role="alert">
      {problem}
    </Alert>
  );
}

interface RouteViewProps {
  clusterId: string;
  tableId: string;
  route: TableRoute;
  dataUpdatedAt: number;
  /** The route's; the region states follow it (every second while a repartition runs). */
  refetchInterval: number | false;
  isStale: boolean;
  isFetching: boolean;
  onReload: () => void;
  onOpenTable: (tableId: string) => void;
  highlightedRegionId: string | null;
  onSelectRegion?: ((regionId: string) => void) | undefined;
}

const WIRE_FORM_TEXT = {
  string: 'route received as a JSON string (v0.6)',
  object: 'route received as an object (v0.7)',
  sql: 'regions read from information_schema.region_peers and partitions (SQL path)',
} as const;

function RouteView(props: RouteViewProps) {
  const { route } = props;
  const now = useNow(1_000, props.isStale);

  const meta = (
    <Group gap="xs" wrap="wrap">
      <Text size="xs" c="dimmed" data-testid="route-meta">
        {/* The SQL path has no route version (empty): region_peers does not expose it. */}
        {route.type === 'physical' && route.version !== ''
          ? `Route version ${route.version} · `
          : ''}
        {WIRE_FORM_TEXT[route.wireForm]}
      </Text>
      {props.isStale && (
        <Text size="xs" c="yellow.8" fw={600}>
          Stale: last read {formatDuration(now - props.dataUpdatedAt)} ago
        </Text>
      )}
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={props.onReload}
        loading={props.isFetching}
      >
        Reload route
      </Button>
    </Group>
  );

  if (route.type === 'logical') {
    const physicalTableId = String(route.physicalTableId);
    return (
      <Stack gap="xs">
        {meta}
        <Alert color="blue" title={`Table ${props.tableId} is a logical table`}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              Its data lives in the regions of physical table {physicalTableId} (metric engine), so
              it has no regions of its own to migrate. It maps {route.regionIds.length} region ids
              onto that table’s regions.
            </Text>
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                props.onOpenTable(physicalTableId);
              }}
            >
              Open physical table {physicalTableId}
            </Button>
          </Stack>
        </Alert>
      </Stack>
    );
  }

  return <PhysicalRouteView {...props} route={route} meta={meta} />;
}

function ignoreRegion(): void {
  // Nothing to open in read-only mode.
}

function PhysicalRouteView({
  clusterId,
  tableId,
  route,
  meta,
  refetchInterval,
  highlightedRegionId,
  onSelectRegion,
}: RouteViewProps & { route: Extract<TableRoute, { type: 'physical' }>; meta: ReactNode }) {
  const leasesQuery = useQuery(datanodeQueries.leases(clusterId));
  const model = useMemo(
    () => buildGridModel(route.regionRoutes, leasesQuery.data),
    [route.regionRoutes, leasesQuery.data],
  );
  const spread = describeSpread(model);
  const sizes = useRegionSizes(clusterId, tableId, model.rows);
  const { data: regionStates } = useQuery({
    ...regionStatesQueries.byTable(clusterId, tableId),
    refetchInterval,
  });
  const [query, setQuery] = useState(INITIAL_REGION_LIST_QUERY);
  const [selectedRegionId, setSelectedRegionId] = useState<string | null>(null);
  const [returnFocusTo, setReturnFocusTo] = useState<{ regionId: string } | null>(null);
  // Read-only mode: no region opens the migrate dialog (the server refuses anyway).
  const canMutate = useCanMutate();
  const selectedRow = model.rows.find((row) => row.regionId === selectedRegionId) ?? null;
  const routePeers = useMemo(
    () => model.datanodes.map((d) => ({ id: d.peerId, addr: d.addr })),
    [model.datanodes],
  );
  // The grid is what the table was opened for, so it renders and paints first; the datanodes
  // panel below it and the (closed) migrate dialog follow in a background render.
  const isGridShown = useDeferredValue(true, false);

  return (
    <Stack gap="xs">
      {meta}
      {leasesQuery.isError && (
        <Text size="sm" c="orange.8" role="status">
          Datanode leases could not be read, so liveness is unknown: {leasesQuery.error.message}
        </Text>
      )}
      {spread !== null && (
        <Text size="sm" c="orange.8" fw={500} data-testid="spread-summary">
          {spread}
        </Text>
      )}
      {sizes.error !== null && (
        <Text size="sm" c="orange.8" role="status">
          Region sizes could not be read from region_statistics: {sizes.error.message}
        </Text>
      )}
      {model.rows.length === 0 ? (
        <Text size="sm" data-testid="no-regions">
          {route.wireForm === 'sql'
            ? `No region of table ${String(route.tableId)} appears in information_schema.region_peers: no table has this id, or it is a logical table (metric engine), whose rows live in its physical table’s regions. region_peers does not say which physical table that is; open it by name.`
            : 'This table’s route has no regions.'}
        </Text>
      ) : (
        <RegionGrid
          tableId={tableId}
          model={model}
          query={query}
          onQueryChange={setQuery}
          sizes={sizes.byRow}
          regionStates={regionStates ?? undefined}
          onOpenRegion={(regionId) => {
            onSelectRegion?.(regionId);
            if (canMutate) setSelectedRegionId(regionId);
            else ignoreRegion();
          }}
          highlightedRegionId={highlightedRegionId}
          returnFocusTo={returnFocusTo}
        />
      )}
      {isGridShown && <DatanodesPanel clusterId={clusterId} tableId={tableId} />}
      {isGridShown && canMutate && (
        <MigrateRegionDialog
          clusterId={clusterId}
          tableId={tableId}
          region={selectedRow}
          routePeers={routePeers}
          returnFocus={false}
          onClose={() => {
            if (selectedRegionId !== null) setReturnFocusTo({ regionId: selectedRegionId });
            setSelectedRegionId(null);
          }}
        />
      )}
    </Stack>
  );
}
