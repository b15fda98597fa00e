import { getRouteApi } from '@tanstack/react-router';
import { PanelErrorBoundary } from '../../components/panel-error-boundary';
import { HotRegionsPage } from '../../features/hot-regions/hot-regions-page';
import { useOpenTable } from '../open-table';
import { GridMoveDialog } from '../pages/grid-move-dialog';

const clusterRouteApi = getRouteApi('/c/$cluster');

/**
 * `/c/<cluster>/hot-regions`, a lazy chunk (canvas heatmap, hot list). A hot region is moved
 * in the same dialog as a move from the cluster grid: the table's route is read first, and the
 * list's suggestion (the alive datanode lowest on its rate) comes preselected with its reason.
 */
export default function HotRegionsRoute() {
  const { cluster } = clusterRouteApi.useParams();
  const openTable = useOpenTable(cluster);
  return (
    <PanelErrorBoundary panelName="hot regions">
      <HotRegionsPage
        clusterId={cluster}
        onOpenRegion={(tableId, regionId) => {
          openTable(tableId, { regionId });
        }}
        renderMoveDialog={(move, onClose) => (
          <GridMoveDialog clusterId={cluster} move={move} onClose={onClose} />
        )}
      />
    </PanelErrorBoundary>
  );
}
