/**
 * The plan executors of this process, one per cluster, kept on `globalThis` for the same
 * reason as the migration tracker: Vite re-bundles the plugin on config changes, and two
 * executors on one cluster would run the same plan twice.
 */
import { dataDirFromEnv } from '../migrations/process-tracker.ts';
import { PlanExecutor, type PlanExecutorFactoryOptions } from './plan-executor.ts';
import { fileSystemPlanRunStore } from './plan-store.ts';

declare global {
  var regionConsolePlanExecutors: Map<string, PlanExecutor> | undefined;
}

export function processPlanExecutor(options: PlanExecutorFactoryOptions): PlanExecutor {
  const executors = (globalThis.regionConsolePlanExecutors ??= new Map<string, PlanExecutor>());
  const existing = executors.get(options.clusterId);
  if (existing !== undefined) return existing;
  const log = options.log ?? (() => undefined);
  const executor = new PlanExecutor({
    ...options,
    store: fileSystemPlanRunStore(dataDirFromEnv(), options.clusterId, log),
  });
  executors.set(options.clusterId, executor);
  return executor;
}
