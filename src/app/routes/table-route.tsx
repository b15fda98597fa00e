/**
 * `/c/<cluster>/tables/<table id>?region=<region id>`, a lazy chunk. The finder is folded into
 * an "Open another table" disclosure above the table, so that the grid's first rows are on the
 * first screen (1280x720). Selecting a region replaces the history entry: Back leaves the
 * table, it does not step through the regions clicked.
 */
import { useId, useState } from 'react';
import { Button, Collapse, Stack } from '@mantine/core';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { PanelErrorBoundary } from '../../components/panel-error-boundary';
import { useRecentTables } from '../../features/table-finder/recent-tables';
import { useOpenTable } from '../open-table';
import { OpenTableFields } from '../pages/open-table-fields';
import { TablePage } from '../pages/table-page';

const tableRouteApi = getRouteApi('/c/$cluster/tables/$tableId');

export default function TableRoute() {
  const { cluster, tableId } = tableRouteApi.useParams();
  const { region } = tableRouteApi.useSearch();
  const navigate = useNavigate();
  const openTable = useOpenTable(cluster);

  return (
    <Stack gap="md">
      {/* Keyed by table: opening one folds the finder away again. */}
      <AnotherTable
        key={`finder-${tableId}`}
        clusterId={cluster}
        tableId={tableId}
        onOpenTable={openTable}
      />
      <PanelErrorBoundary key={`grid-${tableId}`} panelName="region grid">
        <TablePage
          clusterId={cluster}
          tableId={tableId}
          highlightedRegionId={region ?? null}
          onSelectRegion={(regionId) => {
            void navigate({
              to: '/c/$cluster/tables/$tableId',
              params: { cluster, tableId },
              search: { region: regionId },
              replace: true,
            });
          }}
          onOpenTable={(next) => {
            openTable(next);
          }}
        />
      </PanelErrorBoundary>
    </Stack>
  );
}

interface AnotherTableProps {
  clusterId: string;
  tableId: string;
  onOpenTable: ReturnType<typeof useOpenTable>;
}

function AnotherTable({ clusterId, tableId, onOpenTable }: AnotherTableProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [recentTables] = useRecentTables(clusterId);
  const panelId = useId();
  return (
    <Stack gap="xs">
      <Button
        variant="subtle"
        size="compact-sm"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => {
          setIsOpen((open) => !open);
        }}
        style={{ alignSelf: 'flex-start' }}
      >
        Open another table
      </Button>
      <Collapse expanded={isOpen} id={panelId}>
        {/* Not mounted while folded: its catalog and schema queries wait for the user. */}
        {isOpen && (
          <Stack gap="sm">
            <OpenTableFields
              clusterId={clusterId}
              recentTables={recentTables}
              openedTableId={tableId}
              onOpenTable={onOpenTable}
            />
          </Stack>
        )}
      </Collapse>
    </Stack>
  );
}
