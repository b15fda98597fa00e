import { useMutation, useQueryClient } from '@tanstack/react-query';
import { submitRegionMigration } from '../../api/cluster-api';
import type { RegionMigrationRequest } from '../../domain/api-contract';
import { routeQueries } from '../region-grid/route-queries';

/**
 * Submits one migration; never retried (the query client's mutation default), so one click
 * starts at most one procedure. Whatever the answer — a procedure id, a refusal because the
 * route changed, or an unknown outcome — the route on screen may be out of date, so it is
 * re-read; the returned promise keeps the mutation pending until it is.
 */
export function useSubmitMigration(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RegionMigrationRequest) => submitRegionMigration(clusterId, request),
    onSettled: () => queryClient.invalidateQueries({ queryKey: routeQueries.all(clusterId) }),
  });
}
