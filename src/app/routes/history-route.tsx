import { Anchor } from '@mantine/core';
import { Link, getRouteApi } from '@tanstack/react-router';
import { PanelErrorBoundary } from '../../components/panel-error-boundary';
import { HistoryPage } from '../../features/history/history-page';

const clusterRouteApi = getRouteApi('/c/$cluster');

/** `/c/<cluster>/history`, a lazy chunk. Each row's table is a link to it on this cluster. */
export default function HistoryRoute() {
  const { cluster } = clusterRouteApi.useParams();
  return (
    <PanelErrorBoundary panelName="migration history">
      <HistoryPage
        clusterId={cluster}
        renderTableLink={(tableId) => (
          <Anchor
            size="sm"
            aria-label={`Open table ${tableId}`}
            renderRoot={(props) => (
              <Link {...props} to="/c/$cluster/tables/$tableId" params={{ cluster, tableId }} />
            )}
          >
            {tableId}
          </Anchor>
        )}
      />
    </PanelErrorBoundary>
  );
}
