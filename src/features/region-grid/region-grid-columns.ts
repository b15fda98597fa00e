/**
 * Geometry of the per-table region grid, at module scope. The fixed columns stay in place
 * while the grid scrolls sideways; datanode columns follow them, all the same width, so the
 * column virtualizer places them without measuring. Rows have one height for the same reason
 * (long partition bounds are cut with an ellipsis and shown whole on hover).
 */
import type { RegionSortKey } from '../../domain/region-list-query';

export type FixedColumnId = 'regionId' | 'regionNumber' | 'partition' | 'size' | 'rows';

export interface FixedColumn {
  id: FixedColumnId;
  header: string;
  width: number;
  sortKey: RegionSortKey | null;
}

const REGION_COLUMNS: readonly FixedColumn[] = [
  { id: 'regionId', header: 'Region ID', width: 150, sortKey: 'regionId' },
  { id: 'regionNumber', header: 'Region number', width: 140, sortKey: null },
  { id: 'partition', header: 'Partition bounds', width: 220, sortKey: null },
];
/** Only where the cluster reports region_statistics (SQL path, v0.9.4+). */
const SIZE_COLUMNS: readonly FixedColumn[] = [
  { id: 'size', header: 'Size', width: 84, sortKey: 'bytes' },
  { id: 'rows', header: 'Rows', width: 104, sortKey: null },
];

export interface FixedLayout {
  columns: readonly (FixedColumn & { left: number })[];
  width: number;
}

function layoutOf(columns: readonly FixedColumn[]): FixedLayout {
  let left = 0;
  const placed = columns.map((column) => {
    const at = { ...column, left };
    left += column.width;
    return at;
  });
  return { columns: placed, width: left };
}

export const FIXED_LAYOUT = layoutOf(REGION_COLUMNS);
export const FIXED_LAYOUT_WITH_SIZES = layoutOf([...REGION_COLUMNS, ...SIZE_COLUMNS]);

export const DATANODE_COLUMN_WIDTH = 132;
export const ROW_HEIGHT = 34;
export const HEADER_HEIGHT = 58;
export const FOOTER_HEIGHT = 36;
/** The grid grows with its rows up to this height, then scrolls. */
export const MAX_GRID_HEIGHT = 560;
