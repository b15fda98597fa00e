import { useMemo } from 'react';
import { Loader, Modal, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ApiErrorAlert } from '../../errors/api-error-alert';
import type { CallerSuggestion } from '../../domain/suggested-target';
import { MigrateRegionDialog } from './migrate-region-dialog';
import { toRegionRow } from '../../domain/region-row';
import { routeQueries } from '../../queries/route-queries';

/** A move started outside a table's page: from the cluster grid, or from the hot list. */
interface DialogMove {
  tableId: number;
  regionId: string;
  /** Chosen before the dialog opened (a drop on a datanode's column). */
  targetPeerId?: string;
  /** Suggested on the opener's own measure (a hot region's "Move…"), with its reason. */
  suggestion?: CallerSuggestion;
}

interface GridMoveDialogProps {
  clusterId: string;
  move: DialogMove | null;
  onClose: () => void;
}

/**
 * A move started from the cluster grid or the hot list ends in the same migrate dialog as a
 * table's grid.
 * The summary is heartbeat data (up to ~30 s old), so the table's route is read first: the
 * dialog works from the route, the only current truth about where the region is.
 */
export function GridMoveDialog({ clusterId, move, onClose }: GridMoveDialogProps) {
  const tableId = move === null ? '' : String(move.tableId);
  const routeQuery = useQuery({
    ...routeQueries.byTableId(clusterId, tableId),
    enabled: move !== null,
  });
  const route = routeQuery.data;
  const physical = route?.type === 'physical' ? route : undefined;
  const routePeers = useMemo(() => {
    const peers = new Map<string, string>();
    for (const r of physical?.regionRoutes ?? []) {
      for (const p of [r.leaderPeer, ...r.followerPeers]) if (p !== null) peers.set(p.id, p.addr);
    }
    return [...peers].map(([id, addr]) => ({ id, addr }));
  }, [physical]);
  const regionRoute = physical?.regionRoutes.find((r) => r.regionId === move?.regionId);

  if (move === null) return null;
  if (regionRoute === undefined) {
    return (
      <Modal
        opened
        onClose={onClose}
        title="Migrate region"
        closeButtonProps={{ 'aria-label': 'Close dialog' }}
      >
        {routeQuery.isPending ? (
          <Text size="sm" role="status">
            <Loader size="xs" /> Reading the route of table {tableId}…
          </Text>
        ) : routeQuery.isError ? (
          <ApiErrorAlert error={routeQuery.error} context="route" />
        ) : (
          <Text size="sm">
            Region {move.regionId} is not in the route of table {tableId} any more.
          </Text>
        )}
      </Modal>
    );
  }
  return (
    <MigrateRegionDialog
      clusterId={clusterId}
      tableId={tableId}
      region={toRegionRow(regionRoute)}
      routePeers={routePeers}
      initialTargetPeerId={move.targetPeerId ?? null}
      callerSuggestion={move.suggestion ?? null}
      onClose={onClose}
    />
  );
}
