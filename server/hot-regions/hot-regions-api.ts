/**
 * `GET /api/clusters/:id/hot-regions?sort=&limit=` and `GET .../hot-regions/heatmap?windowMs=`
 * (contract/hot-regions.ts). Both are reads of what the server already sampled: they never
 * send region_statistics to the cluster themselves, so any number of browsers costs the
 * cluster nothing more (table names aside, read at most once an interval).
 */
import type { IncomingMessage } from 'node:http';
import { API_PREFIX, CLUSTER_ENDPOINTS } from '../../contract/api-contract.ts';
import type { HeatmapAnswer, HotRegionsAnswer } from '../../contract/hot-regions.ts';
import { HeatmapQuerySchema, HotRegionsQuerySchema } from '../../contract/hot-regions.ts';
import { badRequest } from '../proxy/request-body.ts';
import type { InputRefusal } from '../proxy/request-body.ts';
import { queryObject, validate } from '../proxy/validation.ts';
import type { HotRegionsPoller } from './hot-regions-poller.ts';

const HOT_REGIONS_PATH = new RegExp(
  `^${API_PREFIX}/clusters/([^/]+)/(${CLUSTER_ENDPOINTS.hotRegions}|${CLUSTER_ENDPOINTS.hotRegionsHeatmap})$`,
);

export function isHotRegionsPath(pathname: string): boolean {
  return HOT_REGIONS_PATH.test(pathname);
}

export type HotRegionsHttpAnswer =
  { kind: 'json'; value: HotRegionsAnswer | HeatmapAnswer } | InputRefusal;

export async function serveHotRegionsApi(
  poller: HotRegionsPoller,
  req: IncomingMessage,
  url: URL,
  clusterId: string,
): Promise<HotRegionsHttpAnswer> {
  const match = HOT_REGIONS_PATH.exec(url.pathname);
  if (match?.[1] !== clusterId) {
    return {
      kind: 'proxy-error',
      error: { code: 'not-found', message: `No such endpoint: ${url.pathname}` },
    };
  }
  if (req.method !== 'GET') {
    return {
      kind: 'proxy-error',
      error: { code: 'method-not-allowed', message: 'Use GET for this endpoint.' },
      headers: { allow: 'GET' },
    };
  }
  const query = queryObject(url.searchParams);
  if (!query.ok) return badRequest(query.issues);
  if (match[2] === CLUSTER_ENDPOINTS.hotRegionsHeatmap) {
    const checked = validate(HeatmapQuerySchema, query.value);
    if (!checked.ok) return badRequest(checked.issues);
    return { kind: 'json', value: await poller.heatmap(checked.value) };
  }
  const checked = validate(HotRegionsQuerySchema, query.value);
  if (!checked.ok) return badRequest(checked.issues);
  return { kind: 'json', value: await poller.hotRegions(checked.value) };
}
