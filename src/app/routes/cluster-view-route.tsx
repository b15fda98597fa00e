import { getRouteApi } from '@tanstack/react-router';
import { PanelErrorBoundary } from '../../components/panel-error-boundary';
import { useOpenTable } from '../open-table';
import { ClusterPage } from '../pages/cluster-page';

const clusterRouteApi = getRouteApi('/c/$cluster');

/** `/c/<cluster>/cluster`, a lazy chunk: the plot, heatmap, 100k-row grid and planner. */
export default function ClusterViewRoute() {
  const { cluster } = clusterRouteApi.useParams();
  const openTable = useOpenTable(cluster);
  return (
    <PanelErrorBoundary panelName="cluster overview">
      <ClusterPage
        clusterId={cluster}
        onOpenTable={(tableId, regionId) => {
          openTable(tableId, regionId === undefined ? {} : { regionId });
        }}
      />
    </PanelErrorBoundary>
  );
}
