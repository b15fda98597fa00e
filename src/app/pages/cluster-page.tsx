import { ClusterView } from '../../features/cluster-view/cluster-view';
import { GridMoveDialog } from './grid-move-dialog';

interface ClusterPageProps {
  clusterId: string;
  onOpenTable: (tableId: string) => void;
}

/**
 * The cluster overview, with moves from its grid ending in the migrate dialog. Loaded lazily
 * with its route (routes/cluster-view-route.tsx): the first page does not carry it.
 */
export function ClusterPage({ clusterId, onOpenTable }: ClusterPageProps) {
  return (
    <ClusterView
      clusterId={clusterId}
      onOpenTable={onOpenTable}
      renderMoveDialog={(move, onClose) => (
        <GridMoveDialog clusterId={clusterId} move={move} onClose={onClose} />
      )}
    />
  );
}
