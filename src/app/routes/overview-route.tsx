import { getRouteApi } from '@tanstack/react-router';
import { useRecentTables } from '../../features/table-finder/recent-tables';
import { useOpenTable } from '../open-table';
import { OverviewPage } from '../pages/overview-page';

const clusterRouteApi = getRouteApi('/c/$cluster');

/** `/c/<cluster>/`: the first page, so it is in the main chunk. */
export function OverviewRoute() {
  const { cluster } = clusterRouteApi.useParams();
  const [recentTables] = useRecentTables(cluster);
  return (
    <OverviewPage
      clusterId={cluster}
      recentTables={recentTables}
      onOpenTable={useOpenTable(cluster)}
    />
  );
}
