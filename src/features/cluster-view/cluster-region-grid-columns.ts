/**
 * Fixed columns of the cluster-wide grid, at module scope. Datanode columns follow them, one
 * per datanode, all the same width so the column virtualizer can place them without measuring.
 */
import type { RegionSortKey } from '../../domain/region-list-query';

export interface FixedColumn {
  id: string;
  header: string;
  width: number;
  sortKey: RegionSortKey | null;
}

export const FIXED_COLUMNS: readonly FixedColumn[] = [
  { id: 'regionId', header: 'Region ID', width: 150, sortKey: 'regionId' },
  { id: 'tableId', header: 'Table', width: 64, sortKey: null },
  { id: 'regionNumber', header: 'No.', width: 44, sortKey: null },
  { id: 'bytes', header: 'Size', width: 76, sortKey: 'bytes' },
];
export const FIXED_WIDTH = FIXED_COLUMNS.reduce((sum, c) => sum + c.width, 0);
export const DATANODE_COLUMN_WIDTH = 64;
export const ROW_HEIGHT = 26;
export const HEADER_HEIGHT = 40;
