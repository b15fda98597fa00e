import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { RegionMigrationRequest } from '../../../contract/api-contract';
import type { TrackedMigration } from '../../../contract/tracked-migration';
import { routeQueries } from '../../queries/route-queries';
import {
  newIdempotencyKey,
  useSubmitTrackedMigration,
} from '../../queries/tracked-migration-queries';

/**
 * One-click retry: re-read the route first (the leader may have moved, which is why a
 * "wrong from_peer" refusal happens), then submit with the region's current leader as the
 * source and a new idempotency key (a new intent). If the region already sits on the target,
 * MetaSrv answers `procedure_id: null` and the record says so.
 */
export function useRetryMigration(clusterId: string) {
  const queryClient = useQueryClient();
  const mutation = useSubmitTrackedMigration(clusterId);
  const [problem, setProblem] = useState<string | null>(null);

  /** `toPeerId`: another target (after "Failed (inferred)"); the previous one otherwise. */
  const retry = async (
    previous: TrackedMigration,
    toPeerId: string = previous.request.to_peer_id,
  ): Promise<TrackedMigration | null> => {
    setProblem(null);
    try {
      const route = await queryClient.query({
        ...routeQueries.detail(clusterId, { region_id: previous.request.region_id }),
        staleTime: 0,
      });
      const region =
        route.type === 'physical'
          ? route.regionRoutes.find((r) => r.regionId === previous.request.region_id)
          : undefined;
      if (region?.leaderPeer == null) {
        setProblem('The region has no leader in the current route, so there is nothing to retry.');
        return null;
      }
      const request: RegionMigrationRequest = {
        ...previous.request,
        from_peer_id: region.leaderPeer.id,
        to_peer_id: toPeerId,
      };
      const answer = await mutation.mutateAsync({ request, key: newIdempotencyKey() });
      return answer.migration;
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return null;
    }
  };
  return { retry, isRetrying: mutation.isPending, problem };
}
