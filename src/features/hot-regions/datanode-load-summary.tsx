import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import { datanodeQueries } from '../../queries/datanode-queries';
import { DatanodeLoadTable } from './datanode-load-table';
import {
  RATE_NOUNS,
  availableRates,
  datanodeLoadRows,
  refreshDelayMs,
  suggestMove,
} from './hot-regions-model';
import { hotRegionsQueries } from './hot-regions-queries';

/** The server ranks regions anyway; here only its per-datanode totals are wanted. */
const SUMMARY_PARAMS = { sort: null, limit: 1 } as const;

/**
 * Each datanode's query load beside its region count and bytes (the cluster view): the hot
 * regions page's table, without the regions. Nothing is shown where the version reports no
 * load; before the second sample, one line says the load is coming.
 */
export function DatanodeLoadSummary({ clusterId }: { clusterId: string }) {
  const idleInterval = useRefreshInterval();
  const list = useQuery({
    ...hotRegionsQueries.list(clusterId, SUMMARY_PARAMS),
    refetchInterval: (query) => (idleInterval === false ? false : refreshDelayMs(query.state.data)),
  });
  const answer = list.data;
  const isSampled = answer !== undefined && answer.support.kind !== 'none';
  const leases = useQuery({ ...datanodeQueries.leases(clusterId), enabled: isSampled });
  if (!isSampled) return null;
  const rates = availableRates(answer.support);
  if (rates.length === 0) return null;
  if (!answer.hasRates) {
    return (
      <Text size="xs" c="dimmed" data-testid="datanode-load-pending">
        Load per datanode: shown once the console has two samples of region_statistics.
      </Text>
    );
  }
  const rows = datanodeLoadRows(answer.datanodes, leases.data);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Load per datanode
      </Title>
      <Text size="xs" c="dimmed">
        Per second between the console’s last two samples of region_statistics, summed over the
        regions each datanode leads; bars: {RATE_NOUNS[answer.sortBy]}.
      </Text>
      <DatanodeLoadTable
        rows={rows}
        rates={rates}
        sortBy={answer.sortBy}
        suggestion={suggestMove(rows, answer.sortBy, null)}
      />
    </Stack>
  );
}
