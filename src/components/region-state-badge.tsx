/**
 * What the datanodes say about one region (information_schema.region_info, v1.1+): the
 * leader's state when it is not plainly writable (`Leader(Downgrading)` during a migration,
 * `Leader(Staging)` during a repartition…), and how many follower replicas are open. A plainly
 * writable leader without followers shows nothing, so the grid stays quiet in the common case.
 * Where region_info says nothing of staging (v1.0 has no region_info; it may lag the route),
 * MetaSrv's own mark from region_peers (`STAGING`, API.md §7.4) is shown instead.
 */
import { Badge, Group, VisuallyHidden } from '@mantine/core';
import type { RegionState } from '../../contract/sql/region-runtime-types';

interface RegionStateBadgeProps {
  /**
   * The region's replicas as reported; undefined while unknown (loading, no region_info, or a
   * region region_info does not list).
   */
  states: readonly RegionState[] | undefined;
  /** region_peers reports the leader `STAGING`: a repartition is moving the region's data. */
  isStaging?: boolean;
}

const STAGING_STATES = new Set(['Leader(Staging)', 'Leader(EnteringStaging)']);

/** Badge colour per state; anything else (a newer version's value) is grey. */
function colorOf(state: RegionState): string {
  if (state.state === 'Leader(Downgrading)') return 'orange';
  if (STAGING_STATES.has(state.state)) return 'violet';
  if (state.state.startsWith('Leader(') && state.state !== 'Leader(Writable)') return 'grape';
  return 'gray';
}

export function RegionStateBadge({ states = [], isStaging = false }: RegionStateBadgeProps) {
  // region_info lists only mito regions (API.md §3.5): a missing region says nothing.
  const leaders = states.filter(
    (state) => state.state !== 'Follower' && state.state !== 'Leader(Writable)',
  );
  const followers = states.filter((state) => state.state === 'Follower');
  const isPeerStagingShown = isStaging && !leaders.some((state) => STAGING_STATES.has(state.state));
  if (leaders.length === 0 && followers.length === 0 && !isPeerStagingShown) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {isPeerStagingShown && (
        <Badge size="xs" color="violet" variant="light" data-region-state="STAGING">
          Staging
          <VisuallyHidden>
            {' '}
            (region_peers: a repartition is moving this region’s data)
          </VisuallyHidden>
        </Badge>
      )}
      {leaders.map((state) => (
        <Badge
          key={`${state.nodeId ?? '?'}-${state.state}`}
          size="xs"
          color={colorOf(state)}
          variant="light"
          data-region-state={state.state}
        >
          {state.state} on datanode {state.nodeId ?? '?'}
          {state.isWritable ? '' : ' · read-only'}
        </Badge>
      ))}
      {followers.length > 0 && (
        <Badge size="xs" color="gray" variant="outline" data-region-state="Follower">
          {followers.length} follower{followers.length === 1 ? '' : 's'}
          <VisuallyHidden>
            {' '}
            on datanode {followers.map((state) => state.nodeId ?? '?').join(', ')}
          </VisuallyHidden>
        </Badge>
      )}
    </Group>
  );
}
