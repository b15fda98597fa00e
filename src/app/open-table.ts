import { useNavigate } from '@tanstack/react-router';
import { useRecentTables } from '../features/table-finder/recent-tables';
import type { OpenTableOptions } from './pages/open-table-fields';

/**
 * Opening a table, from any page: a new history entry (Back returns to where it was opened),
 * on the cluster shown, and the table on top of that cluster's recent list.
 */
export function useOpenTable(clusterId: string) {
  const navigate = useNavigate();
  const [, rememberRecentTable] = useRecentTables(clusterId);
  return (tableId: string, options: OpenTableOptions = {}) => {
    rememberRecentTable({ tableId, label: options.label ?? null });
    void navigate({
      to: '/c/$cluster/tables/$tableId',
      params: { cluster: clusterId, tableId },
      search: options.regionId === undefined ? {} : { region: options.regionId },
    });
  };
}
