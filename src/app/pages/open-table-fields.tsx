/**
 * The fields that open a table by name, by id or by region id: on the overview, and folded
 * above an open table ("Open another table").
 */
import { PanelErrorBoundary } from '../../components/panel-error-boundary';
import type { RecentTable } from '../../features/table-finder/recent-tables';
import { TableFinder } from '../../features/table-finder/table-finder';
import { TablePicker } from '../../features/table-picker/table-picker';

export interface OpenTableOptions {
  label?: string;
  regionId?: string;
}

interface OpenTableFieldsProps {
  clusterId: string;
  recentTables: readonly RecentTable[];
  /** The table on screen, if any: the id field does not offer to open it again. */
  openedTableId: string | null;
  onOpenTable: (tableId: string, options?: OpenTableOptions) => void;
}

export function OpenTableFields({
  clusterId,
  recentTables,
  openedTableId,
  onOpenTable,
}: OpenTableFieldsProps) {
  return (
    <>
      <PanelErrorBoundary panelName="table finder">
        <TableFinder clusterId={clusterId} recentTables={recentTables} onOpenTable={onOpenTable} />
      </PanelErrorBoundary>
      <PanelErrorBoundary panelName="table picker">
        <TablePicker
          openedTableId={openedTableId}
          onOpenTable={(tableId) => {
            onOpenTable(tableId);
          }}
        />
      </PanelErrorBoundary>
    </>
  );
}
