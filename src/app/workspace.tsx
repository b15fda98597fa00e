/**
 * The main area: the table finder and the open table, or the history page, as the URL says
 * (url-state.ts). Opening a table pushes a history entry, so Back returns to the previous one.
 */
import { Suspense, lazy, useEffect, useState } from 'react';
import { Loader, Stack } from '@mantine/core';
import { PanelErrorBoundary } from '../components/panel-error-boundary';
import { HistoryPage } from '../features/history/history-page';
import { TableFinder } from '../features/table-finder/table-finder';
import { readRecentTables, rememberRecentTable } from '../features/table-finder/recent-tables';
import { TablePicker } from '../features/table-picker/table-picker';
import { TablePage } from './pages/table-page';
import { navigate, useUrlState } from './url-state';

// The cluster page (plot, heatmap, 100k-row grid, planner) is its own chunk: the first page
// (tables) does not download it.
const ClusterPage = lazy(() => import('./pages/cluster-page'));

interface WorkspaceProps {
  clusterId: string;
  initialTableId: string | null;
  onTableOpened?: ((tableId: string | null) => void) | undefined;
}

export function Workspace({ clusterId, initialTableId, onTableOpened }: WorkspaceProps) {
  const url = useUrlState();
  const [recentTables, setRecentTables] = useState(readRecentTables);

  // A cluster switch brings back that cluster's last table, unless the URL names one.
  useEffect(() => {
    if (initialTableId !== null && url.tableId === null && url.view === 'tables') {
      navigate({ view: 'tables', tableId: initialTableId, regionId: null }, 'replace');
    }
    // Only on mount: later the URL is the source of truth.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const openTable = (tableId: string, options: { label?: string; regionId?: string } = {}) => {
    setRecentTables(rememberRecentTable({ tableId, label: options.label ?? null }));
    navigate({ view: 'tables', tableId, regionId: options.regionId ?? null });
    onTableOpened?.(tableId);
  };

  if (url.view === 'history') return <HistoryPage clusterId={clusterId} />;
  if (url.view === 'cluster') {
    return (
      <PanelErrorBoundary panelName="cluster overview">
        <Suspense fallback={<Loader size="sm" aria-label="Loading the cluster overview" />}>
          <ClusterPage
            clusterId={clusterId}
            onOpenTable={(tableId) => {
              openTable(tableId);
            }}
          />
        </Suspense>
      </PanelErrorBoundary>
    );
  }

  return (
    <Stack gap="lg">
      <PanelErrorBoundary panelName="table finder">
        <TableFinder clusterId={clusterId} recentTables={recentTables} onOpenTable={openTable} />
      </PanelErrorBoundary>
      <PanelErrorBoundary panelName="table picker">
        <TablePicker
          openedTableId={url.tableId}
          onOpenTable={(tableId) => {
            openTable(tableId);
          }}
        />
      </PanelErrorBoundary>
      {url.tableId !== null && (
        <PanelErrorBoundary key={url.tableId} panelName="region grid">
          <TablePage
            clusterId={clusterId}
            tableId={url.tableId}
            highlightedRegionId={url.regionId}
            onSelectRegion={(regionId) => {
              navigate({ view: 'tables', tableId: url.tableId, regionId }, 'replace');
            }}
            onOpenTable={(tableId) => {
              openTable(tableId);
            }}
          />
        </PanelErrorBoundary>
      )}
    </Stack>
  );
}
