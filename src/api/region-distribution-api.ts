/**
 * Fetcher for our own `cluster-summary` endpoint. Its body can be a few megabytes at 100k
 * regions, and the server guarantees every number in it is a safe integer (ids that could
 * exceed 2^53 are strings), so it is decoded with JSON.parse rather than the lossless parser,
 * which is several times slower; zod still types every byte.
 */
import { z } from 'zod';
import { CLUSTER_ENDPOINTS } from '../../contract/api-contract';
import {
  RegionDistributionSchema,
  type RegionDistribution,
} from '../../contract/region-distribution';
import { requestThroughGate } from './http-gate';

const JsonTextSchema = z.string().transform((text, ctx): unknown => {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

const RegionDistributionTextSchema = JsonTextSchema.pipe(RegionDistributionSchema);

export function fetchRegionDistribution(
  clusterId: string,
  signal?: AbortSignal,
): Promise<RegionDistribution> {
  return requestThroughGate({
    clusterId,
    endpoint: CLUSTER_ENDPOINTS.clusterSummary,
    bodyFormat: 'text',
    schema: RegionDistributionTextSchema,
    signal,
  });
}
