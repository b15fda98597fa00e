import './cluster-view-styles';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { NodeLeases } from '../../domain/cluster-types';
import type { RegionDistribution } from '../../../contract/region-distribution';
import { useCanMutate } from '../../components/permissions';
import { useRefreshFailureToast } from '../../components/use-refresh-failure-toast';
import { datanodeQueries } from '../../queries/datanode-queries';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { ClusterRegionGrid, type MoveRequest } from './cluster-region-grid';
import { clusterSummaryQueries } from '../../queries/cluster-summary-queries';
import {
  buildDistributionModel,
  distributionSkew,
  regionIdOf,
  type DistributionWeighting,
} from './distribution-model';
import { DistributionPlot } from './distribution-plot';
import { Heatmap } from './heatmap';
import { useHeatmapTableNames } from './heatmap-table-names';
import { PlanPanel } from './plan-panel';
import { INITIAL_REGION_LIST_QUERY } from '../../domain/region-list-query';
import { SkewFigures } from './skew-figures';
import { formatCount } from '../../components/format-count';
import { WEIGHTING_LABELS, parseWeighting, useWeighting } from '../../preferences/weighting';

const NO_NAMES: ReadonlyMap<number, string> = new Map();

/** A region dragged (or sent) to another datanode's column, not yet confirmed. */
export interface PendingMove {
  tableId: number;
  regionId: string;
  targetPeerId: string;
}

/** The migrate dialog for a move from the grid; the page supplies it (it is another feature). */
export type RenderMoveDialog = (move: PendingMove | null, onClose: () => void) => ReactNode;

/** Opens a table, optionally with one of its regions highlighted. */
type OpenTable = (tableId: string, regionId?: string) => void;

interface ClusterViewProps {
  clusterId: string;
  onOpenTable: OpenTable;
  /** Table names by id from the SQL path's table list; legacy MetaSrv is asked here, by id. */
  tableNames?: ReadonlyMap<number, string>;
  /** Another feature's per-datanode load (hot regions), shown under regions and bytes. */
  datanodeLoad?: ReactNode;
  renderMoveDialog: RenderMoveDialog;
}

/**
 * The whole cluster at once, from our server's heartbeat summary (one MetaSrv read): regions
 * per datanode, skew, tables × datanodes, every region in one grid, and drain/rebalance.
 */
export function ClusterView({
  clusterId,
  onOpenTable,
  tableNames = NO_NAMES,
  datanodeLoad = null,
  renderMoveDialog,
}: ClusterViewProps) {
  const titleId = useId();
  const summaryQuery = useQuery(clusterSummaryQueries.summary(clusterId));
  const leasesQuery = useQuery(datanodeQueries.leases(clusterId));
  useRefreshFailureToast(summaryQuery, {
    id: `cluster-summary-refresh-${clusterId}`,
    title: 'Could not refresh the cluster summary',
  });

  return (
    <section aria-labelledby={titleId}>
      <Stack gap="md">
        <Title order={2} size="h4" id={titleId}>
          Cluster overview
        </Title>
        {summaryQuery.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading the heartbeat summary…</Text>
          </Group>
        ) : summaryQuery.isError && summaryQuery.data === undefined ? (
          <ApiErrorAlert error={summaryQuery.error} context="route" />
        ) : (
          <ClusterBody
            clusterId={clusterId}
            summary={summaryQuery.data}
            leases={leasesQuery.data}
            onOpenTable={onOpenTable}
            tableNames={tableNames}
            datanodeLoad={datanodeLoad}
            renderMoveDialog={renderMoveDialog}
          />
        )}
      </Stack>
    </section>
  );
}

interface ClusterBodyProps {
  clusterId: string;
  summary: RegionDistribution;
  leases: NodeLeases | undefined;
  onOpenTable: OpenTable;
  tableNames: ReadonlyMap<number, string>;
  datanodeLoad: ReactNode;
  renderMoveDialog: RenderMoveDialog;
}

function ClusterBody({
  clusterId,
  summary,
  leases,
  onOpenTable,
  tableNames,
  datanodeLoad,
  renderMoveDialog,
}: ClusterBodyProps) {
  const model = useMemo(() => buildDistributionModel(summary, leases), [summary, leases]);
  const { weighting: activeWeighting, setWeighting } = useWeighting();
  // Query load ranks migrate targets only, and unreported rows (v0.7) are all 0: either way
  // this view weighs regions, says so, and leaves the active weighting as the user set it.
  const weighting: DistributionWeighting =
    activeWeighting === 'load' || (activeWeighting === 'rows' && !summary.rowsReported)
      ? 'count'
      : activeWeighting;
  const skew = useMemo(() => distributionSkew(model, weighting), [model, weighting]);
  const heatmapNames = useHeatmapTableNames(clusterId, model.tableIds, tableNames);
  const [query, setQuery] = useState(INITIAL_REGION_LIST_QUERY);
  const [pendingMove, setPendingMove] = useState<PendingMove | null>(null);
  // Read-only mode: no moves from the grid (the server refuses them anyway).
  const canMutate = useCanMutate();

  const handleMove = ({ region, targetIndex }: MoveRequest) => {
    const target = model.datanodes[targetIndex];
    if (target === undefined) return;
    setPendingMove({
      tableId: region.tableId,
      regionId: regionIdOf(region),
      targetPeerId: target.peerId,
    });
  };

  if (summary.regionCount === 0) {
    return (
      <Text size="sm" data-testid="cluster-empty">
        No datanode reports a leader region: the cluster has no tables yet, or its{' '}
        {summary.datanodes.length} datanodes have not yet sent a heartbeat that lists regions. There
        is nothing to plot, drain or rebalance.
      </Text>
    );
  }

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {formatCount(summary.regionCount)} leader regions in {formatCount(summary.tables.length)}{' '}
        tables on {summary.datanodes.length} datanodes, from MetaSrv&apos;s heartbeat (each
        datanode&apos;s latest stat; up to ~30 s old).
        {summary.duplicateLeaders > 0 &&
          ` ${summary.duplicateLeaders} region(s) reported by two datanodes while moving; the newer report is shown.`}
      </Text>
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label="Weight regions by"
          value={weighting}
          onChange={(value) => {
            const next = parseWeighting(value);
            if (next !== null) setWeighting(next);
          }}
          data={[
            { value: 'count', label: WEIGHTING_LABELS.count },
            { value: 'bytes', label: WEIGHTING_LABELS.bytes },
            { value: 'rows', label: WEIGHTING_LABELS.rows, disabled: !summary.rowsReported },
          ]}
        />
        {!summary.rowsReported && (
          <Text size="xs" c="dimmed">
            Rows: the datanodes report 0 rows (GreptimeDB v0.7 does not fill approximate_rows).
          </Text>
        )}
      </Group>
      {weighting !== activeWeighting && (
        <Text size="xs" c="dimmed" data-testid="weighting-fallback">
          {activeWeighting === 'load'
            ? 'The active weighting is query load, which ranks migrate targets only (where the cluster reports it): this view weighs regions.'
            : 'The active weighting is rows, which these datanodes report as 0: this view weighs regions.'}
        </Text>
      )}
      <SkewFigures skew={skew} weighting={weighting} />
      <DistributionPlot datanodes={model.datanodes} weighting={weighting} skew={skew} />
      {datanodeLoad}
      <Title order={3} size="h5">
        Tables × datanodes
      </Title>
      <Heatmap
        model={model}
        weighting={weighting}
        tableNames={heatmapNames}
        onOpenTable={(tableId, regionId) => {
          onOpenTable(String(tableId), regionId ?? undefined);
        }}
      />
      <PlanPanel clusterId={clusterId} model={model} />
      <Title order={3} size="h5">
        All regions
      </Title>
      {canMutate ? (
        <Text size="xs" c="dimmed">
          Move a region: click its L mark, then a “here” cell in its row; or drag the mark onto
          another datanode&apos;s column. Keyboard: Tab to the mark, Enter, then Tab to a target and
          Enter; Escape cancels. Datanodes that cannot take it show ✕ with the reason.
        </Text>
      ) : (
        <Text size="xs" c="dimmed" data-testid="grid-read-only">
          Read-only mode: L marks where each region&apos;s leader is; regions cannot be moved here.
        </Text>
      )}
      <ClusterRegionGrid
        model={model}
        query={query}
        onQueryChange={setQuery}
        onMove={canMutate ? handleMove : undefined}
      />
      {canMutate &&
        renderMoveDialog(pendingMove, () => {
          setPendingMove(null);
        })}
    </Stack>
  );
}
