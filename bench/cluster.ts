/**
 * The embedded emulator behind the bench's server, driven through its control API with the
 * e2e specs' client (e2e/cluster-control.ts), and what the bench asks of it: a known cluster
 * for each figure, and the MetaSrv requests counted in its request log.
 */
import { request, type APIRequestContext } from '@playwright/test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClusterControl, type ResetOptions } from '../e2e/cluster-control.ts';
import { settings } from './config.ts';

/** Sizing a cluster of 100k regions on a loaded machine takes longer than Playwright's 30 s. */
export const CONTROL_TIMEOUT_MS = 120_000;

/** The demo topology's datanodes in the request figures. */
export const DEMO_DATANODES = 4;
/** A table of the demo topology (seed 1): what the request and load figures open. */
export const DEMO_TABLE_ID = '1024';

export interface BenchCluster {
  control: ClusterControl;
  dispose: () => Promise<void>;
}

export async function connectCluster(): Promise<BenchCluster> {
  const context: APIRequestContext = await request.newContext({ timeout: CONTROL_TIMEOUT_MS });
  try {
    return {
      control: await ClusterControl.connect(context, settings.base),
      dispose: () => context.dispose(),
    };
  } catch (error) {
    await context.dispose();
    throw error;
  }
}

/** Every figure starts from the same seeded cluster, at normal speed, on the default API. */
export async function resetCluster(control: ClusterControl, sizing: ResetOptions): Promise<void> {
  await control.reset({ seed: 1, api: 'v0.6', replaySpeed: 1, clockSpeed: 1, ...sizing });
}

export function resetDemo(control: ClusterControl): Promise<void> {
  return resetCluster(control, { tables: null, regions: null, datanodes: DEMO_DATANODES });
}

export interface MetasrvWindow {
  /** Requests per second that reached any MetaSrv node. */
  rate: number;
  /** How many of them per path, e.g. `/admin/leader 12`: what a rate is made of. */
  paths: string;
}

/** What reached MetaSrv during the next `windowMs`. */
export async function metasrvWindow(
  control: ClusterControl,
  windowMs: number,
): Promise<MetasrvWindow> {
  await control.clearRequests();
  // Measured rather than assumed: on a loaded machine the calls around the sleep take time too.
  const startMs = performance.now();
  await sleep(windowMs);
  const entries = await control.requests();
  const elapsedS = (performance.now() - startMs) / 1000;
  const perPath = new Map<string, number>();
  for (const { path } of entries) perPath.set(path, (perPath.get(path) ?? 0) + 1);
  const paths = [...perPath]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, count]) => `${path} ${String(count)}`)
    .join(', ');
  return { rate: entries.length / elapsedS, paths };
}

export async function metasrvRate(control: ClusterControl, windowMs: number): Promise<number> {
  return (await metasrvWindow(control, windowMs)).rate;
}
