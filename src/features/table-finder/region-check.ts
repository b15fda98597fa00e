/**
 * A region id names its table (high 32 bits) and its region number (low 32 bits). The route
 * read for a region id is its table's route, so a region number the table does not have would
 * silently open the table: this check says so instead (issue 15).
 */
import { splitRegionId } from '../../../contract/region-id';
import type { TableRoute } from '../../domain/cluster-types';

/** "0–13" for a contiguous run, else the numbers themselves ("0, 2, 5" or "0, 2, 5 … 90"). */
export function describeRegionNumbers(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return 'none';
  if (sorted.length === 1) return String(first);
  if (last - first === sorted.length - 1) return `${String(first)}–${String(last)}`;
  return sorted.length <= 8
    ? sorted.join(', ')
    : `${sorted.slice(0, 6).join(', ')} … ${String(last)}`;
}

/** Null when the route holds the region; otherwise the message to show instead of the table. */
export function regionNotInRoute(regionId: string, route: TableRoute): string | null {
  const { tableId } = splitRegionId(regionId);
  if (route.type === 'logical') return null;
  if (route.regionRoutes.some((r) => r.regionId === regionId)) return null;
  if (route.regionRoutes.length === 0) {
    return `Region ${regionId} is not in table ${String(tableId)}, which has no regions in this cluster (no table has this id, or it is a logical table).`;
  }
  const numbers = route.regionRoutes.map((r) => r.regionNumber);
  return `Region ${regionId} is not in table ${String(tableId)}, which has region${numbers.length === 1 ? '' : 's'} ${describeRegionNumbers(numbers)}.`;
}

/** MetaSrv (or the frontend) answered that the region's table does not exist. */
export function unknownTableMessage(regionId: string): string {
  return `Region ${regionId} would be in table ${String(splitRegionId(regionId).tableId)}, which this cluster does not have.`;
}
