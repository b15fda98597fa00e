/**
 * The repartitions of one table, for its page: the records (polled every second while any is
 * unfinished), whether one of this table runs (the page then re-reads the route and region
 * states every second, so the grid shows the STAGING regions), and, when one ends, the
 * invalidation that makes the grid show the regions GreptimeDB allocated or dropped.
 */
import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import {
  isUnfinished,
  repartitionPollInterval,
  repartitionQueries,
  useRepartitionSupport,
} from '../../queries/repartition-queries';
import { routeQueries } from '../../queries/route-queries';
import { useRefreshInterval } from '../../preferences/refresh-interval';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';

const NONE: readonly TrackedRepartition[] = [];

export interface TableRepartitions {
  /** This table's records, newest first. */
  records: readonly TrackedRepartition[];
  isRunning: boolean;
}

export function useTableRepartitions(
  clusterId: string,
  tableId: string,
  /** Called once per repartition of this table that ends; the page refreshes what it owns. */
  onEnded: () => void,
): TableRepartitions {
  const support = useRepartitionSupport(clusterId);
  const queryClient = useQueryClient();
  const { data } = useQuery({
    ...repartitionQueries.list(clusterId),
    refetchInterval: repartitionPollInterval(useRefreshInterval()),
    enabled: support.kind === 'supported',
  });
  const all = data?.repartitions;
  const records = all?.filter((r) => String(r.table.tableId) === tableId) ?? NONE;
  const running = records.filter(isUnfinished).map((r) => r.id);
  const runningKey = running.join(',');
  const seenRunning = useRef(new Set<string>());
  const onEndedRef = useRef(onEnded);
  useEffect(() => {
    onEndedRef.current = onEnded;
  });

  useEffect(() => {
    const now = new Set(runningKey === '' ? [] : runningKey.split(','));
    const ended = [...seenRunning.current].filter((id) => !now.has(id));
    seenRunning.current = now;
    if (ended.length === 0) return;
    void queryClient.invalidateQueries({ queryKey: routeQueries.all(clusterId) });
    void queryClient.invalidateQueries({
      queryKey: maintenanceQueries.regionSizesAll(clusterId),
    });
    onEndedRef.current();
  }, [runningKey, clusterId, queryClient]);

  return { records, isRunning: running.length > 0 };
}
