/**
 * Which datanodes a region may be moved to from the grid: never its current leader, never a
 * datanode without a live lease (by MetaSrv's clock). The reason is shown where the target
 * would be, so the user sees why it is not offered.
 */
import { describeLiveness } from '../../domain/datanode-liveness';
import type { ClusterRegion, DatanodeLoad } from './distribution-model';

export function targetBlockReason(region: ClusterRegion, target: DatanodeLoad): string | null {
  if (target.index === region.datanodeIndex) return 'it already leads this region';
  if (target.liveness === null) return 'its lease could not be read';
  if (target.liveness.kind !== 'alive') return describeLiveness(target.liveness);
  return null;
}
