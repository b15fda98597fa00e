/**
 * The hot-regions page (issue 17): which regions carry the cluster's load, how it spreads over
 * the datanodes, and how it moved over the last hours. Everything comes from the console
 * server, which samples information_schema.region_statistics on its own schedule; the page
 * says plainly what the cluster's version cannot report instead of drawing empty charts.
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Alert, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  DEFAULT_HOT_LIST_LIMIT,
  type HotRegionsAnswer,
  type LoadRate,
} from '../../../contract/hot-regions';
import { useCanMutate } from '../../components/permissions';
import { useNow } from '../../components/use-now';
import { useRefreshFailureToast } from '../../components/use-refresh-failure-toast';
import { formatDuration } from '../../components/format-duration';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { datanodeQueries } from '../../queries/datanode-queries';
import { DatanodeLoadTable } from './datanode-load-table';
import { HeatmapChart } from './heatmap-chart';
import { HotList, type HotListRow } from './hot-list';
import {
  RATE_NOUNS,
  availableRates,
  datanodeLoadRows,
  formatClockTime,
  hasRowsGauge,
  listInWords,
  refreshDelayMs,
  suggestMove,
  type MoveSuggestion,
} from './hot-regions-model';
import { hotRegionsQueries } from './hot-regions-queries';

/** A move from the hot list, as the migrate dialog opens it: suggested on the list's rate. */
export interface HotRegionMove {
  tableId: number;
  regionId: string;
  suggestion: MoveSuggestion;
}

export type RenderHotRegionMoveDialog = (
  move: HotRegionMove | null,
  onClose: () => void,
) => ReactNode;

interface HotRegionsPageProps {
  clusterId: string;
  onOpenRegion: (tableId: string, regionId: string) => void;
  renderMoveDialog: RenderHotRegionMoveDialog;
}

const LIMIT_CHOICES = ['10', '50', '100', '500'];

export function HotRegionsPage({ clusterId, onOpenRegion, renderMoveDialog }: HotRegionsPageProps) {
  const titleId = useId();
  const [sort, setSort] = useState<LoadRate | null>(null);
  const [limit, setLimit] = useState(DEFAULT_HOT_LIST_LIMIT);
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...hotRegionsQueries.list(clusterId, { sort, limit }),
    // Auto-refresh off means off; otherwise the list is asked for once each sample is in.
    refetchInterval: (query) => (idleInterval === false ? false : refreshDelayMs(query.state.data)),
  });
  useRefreshFailureToast(list, {
    id: `hot-regions-refresh-${clusterId}`,
    title: 'Could not refresh the hot regions',
  });

  return (
    <section aria-labelledby={titleId}>
      <Stack gap="md">
        <Title order={2} size="h4" id={titleId}>
          Hot regions
        </Title>
        {list.isPending ? (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Reading the hot regions…</Text>
          </Group>
        ) : list.isError && list.data === undefined ? (
          <ApiErrorAlert error={list.error} context="route" />
        ) : (
          <HotRegionsBody
            clusterId={clusterId}
            answer={list.data}
            dataUpdatedAt={list.dataUpdatedAt}
            limit={limit}
            onLimitChange={setLimit}
            onSortChange={setSort}
            onOpenRegion={onOpenRegion}
            renderMoveDialog={renderMoveDialog}
          />
        )}
      </Stack>
    </section>
  );
}

interface HotRegionsBodyProps {
  clusterId: string;
  answer: HotRegionsAnswer;
  /** When the answer arrived, by the browser's clock. */
  dataUpdatedAt: number;
  limit: number;
  onLimitChange: (limit: number) => void;
  onSortChange: (rate: LoadRate) => void;
  onOpenRegion: (tableId: string, regionId: string) => void;
  renderMoveDialog: RenderHotRegionMoveDialog;
}

function HotRegionsBody({
  clusterId,
  answer,
  dataUpdatedAt,
  limit,
  onLimitChange,
  onSortChange,
  onOpenRegion,
  renderMoveDialog,
}: HotRegionsBodyProps) {
  const { support } = answer;
  const idleInterval = useRefreshInterval();
  const isSampled = support.kind !== 'none';
  const leases = useQuery({
    ...datanodeQueries.leases(clusterId),
    refetchInterval: idleInterval,
    enabled: isSampled,
  });
  const heatmap = useQuery({
    ...hotRegionsQueries.heatmap(clusterId),
    enabled: isSampled,
    // One new column per column width; sooner would redraw the same picture.
    refetchInterval: (query) =>
      idleInterval === false ? false : (query.state.data?.columnWidthMs ?? false),
  });
  const [move, setMove] = useState<HotRegionMove | null>(null);
  const canMutate = useCanMutate();

  const rates = availableRates(support);
  const sortBy = answer.sortBy;
  const datanodeRows = useMemo(
    () => datanodeLoadRows(answer.datanodes, leases.data),
    [answer.datanodes, leases.data],
  );
  const hotRows = useMemo(
    (): HotListRow[] =>
      answer.regions.map((region, index) => ({
        rank: index + 1,
        region,
        share: region.shareOfDatanode[sortBy],
        suggestion: suggestMove(datanodeRows, sortBy, region.datanodeId),
      })),
    [answer.regions, datanodeRows, sortBy],
  );

  if (support.kind === 'none') {
    return (
      <Alert color="gray" title="This version reports no region load" data-testid="no-region-load">
        <Text size="sm">{support.reason}</Text>
        <Text size="sm" mt="xs">
          Hot regions need information_schema.region_statistics with load counters: written bytes
          from GreptimeDB v1.1, query CPU and scanned bytes from v1.2. There is nothing to rank or
          chart on this cluster.
        </Text>
      </Alert>
    );
  }

  const openRegion = (tableId: number, regionId: string) => {
    onOpenRegion(String(tableId), regionId);
  };

  return (
    <Stack gap="md">
      <SamplingNote answer={answer} />
      {answer.lastError !== null && (
        <Alert color="yellow" title="The last sample failed" data-testid="sampling-error">
          <Text size="sm">{answer.lastError}</Text>
        </Alert>
      )}
      {support.kind === 'partial' && (
        <Alert
          color="blue"
          title="This version reports part of the load"
          data-testid="missing-columns"
        >
          <Text size="sm">
            This cluster’s information_schema.region_statistics has no{' '}
            {listInWords(support.missingColumns)}
            {rates.length === 0
              ? ': it reports no load rate at all, so there is nothing to rank.'
              : `: shown is ${listInWords(rates.map((rate) => RATE_NOUNS[rate]))} per second${
                  hasRowsGauge(support) ? ', and rows' : ''
                }. GreptimeDB v1.2 adds query CPU and scanned bytes.`}
          </Text>
        </Alert>
      )}
      {!answer.hasRates ? (
        <RatesPending answer={answer} dataUpdatedAt={dataUpdatedAt} />
      ) : (
        rates.length > 0 && (
          <>
            <Group justify="space-between" align="flex-end" wrap="wrap">
              <Title order={3} size="h5">
                Hottest regions by {RATE_NOUNS[sortBy]}
              </Title>
              <LimitControl limit={limit} onLimitChange={onLimitChange} />
            </Group>
            <Text size="xs" c="dimmed">
              The top {limit} regions by {RATE_NOUNS[sortBy]} per second; click a rate’s heading to
              rank by it.
              {canMutate &&
                ' “Move…” opens the migrate dialog with the alive datanode lowest on that rate chosen.'}
            </Text>
            {hotRows.length === 0 ? (
              <Text size="sm">No region has a known {RATE_NOUNS[sortBy]} rate this interval.</Text>
            ) : (
              <HotList
                rows={hotRows}
                rates={rates}
                sortBy={sortBy}
                hasRows={hasRowsGauge(support)}
                canMove={canMutate}
                onSortChange={onSortChange}
                onOpenRegion={(region) => {
                  openRegion(region.tableId, region.regionId);
                }}
                onMove={(row) => {
                  if (row.suggestion === null) return;
                  setMove({
                    tableId: row.region.tableId,
                    regionId: row.region.regionId,
                    suggestion: row.suggestion,
                  });
                }}
              />
            )}
            <Title order={3} size="h5">
              Load per datanode
            </Title>
            <DatanodeLoadTable
              rows={datanodeRows}
              rates={rates}
              sortBy={sortBy}
              suggestion={suggestMove(datanodeRows, sortBy, null)}
            />
          </>
        )
      )}
      <Title order={3} size="h5">
        Load over time
      </Title>
      {heatmap.isPending ? (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm">Reading the heatmap…</Text>
        </Group>
      ) : heatmap.isError && heatmap.data === undefined ? (
        <ApiErrorAlert error={heatmap.error} context="route" />
      ) : (
        <HeatmapChart heatmap={heatmap.data} onOpenRegion={openRegion} />
      )}
      {canMutate &&
        renderMoveDialog(move, () => {
          setMove(null);
        })}
    </Stack>
  );
}

function SamplingNote({ answer }: { answer: HotRegionsAnswer }) {
  return (
    <Text size="sm" c="dimmed" data-testid="sampling-note">
      Per-region load from information_schema.region_statistics, sampled by the console server every{' '}
      {formatDuration(answer.intervalMs)}; rates are per second between the last two samples.
      {answer.sampledAtMs !== null && ` Latest sample ${formatClockTime(answer.sampledAtMs)}.`}
    </Text>
  );
}

/** Before the second sample: when the rates will appear, counting down by the browser's clock. */
function RatesPending({
  answer,
  dataUpdatedAt,
}: {
  answer: HotRegionsAnswer;
  dataUpdatedAt: number;
}) {
  const now = useNow(1_000);
  const next = answer.nextSampleAtMs;
  // The server's clock moved on by as much as the browser's since it answered.
  const inMs = next === null ? null : Math.max(0, next - answer.nowMs - (now - dataUpdatedAt));
  const due =
    next === null || inMs === null
      ? 'due soon'
      : // A countdown rounds up: "in 0 s" while the sample is still due would be wrong.
        `due at ${formatClockTime(next)} (in ${formatDuration(Math.ceil(inMs / 1_000) * 1_000)})`;
  return (
    <Alert color="blue" title="Rates need two samples" data-testid="rates-pending">
      <Text size="sm">
        {answer.sampledAtMs === null
          ? `No sample of region_statistics has been taken yet; the first is ${due}. Rates appear one interval (${formatDuration(answer.intervalMs)}) after it.`
          : `The console has one sample of region_statistics, and a rate is the change between two: rates appear after the next sample, ${due}.`}
      </Text>
    </Alert>
  );
}

function LimitControl({
  limit,
  onLimitChange,
}: {
  limit: number;
  onLimitChange: (limit: number) => void;
}) {
  const labelId = useId();
  return (
    <Group gap="xs" align="center">
      <Text size="sm" id={labelId}>
        Show the top
      </Text>
      <SegmentedControl
        size="xs"
        aria-labelledby={labelId}
        value={String(limit)}
        onChange={(value) => {
          onLimitChange(Number(value));
        }}
        data={LIMIT_CHOICES}
      />
    </Group>
  );
}
