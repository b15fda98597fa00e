/**
 * Settings kept per cluster in localStorage: which cluster was chosen last, and per cluster
 * the table last opened. Storage may be unavailable (private mode, quota); the console then
 * simply forgets, it never fails.
 */
import { ClusterIdSchema } from '../../../contract/api-contract';
import { U32StringSchema } from '../../../contract/api-contract';

const SELECTED_KEY = 'region-console.cluster';
const tableKey = (clusterId: string) => `region-console.cluster.${clusterId}.table`;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Forgetting a preference is harmless.
  }
}

/** The stored choice if it is still a configured cluster, else the first one. */
export function initialClusterId(configured: readonly string[]): string | null {
  const stored = ClusterIdSchema.safeParse(read(SELECTED_KEY));
  if (stored.success && configured.includes(stored.data)) return stored.data;
  return configured[0] ?? null;
}

export function rememberCluster(clusterId: string): void {
  write(SELECTED_KEY, clusterId);
}

export function lastTableId(clusterId: string): string | null {
  const stored = U32StringSchema.safeParse(read(tableKey(clusterId)));
  return stored.success ? stored.data : null;
}

export function rememberTableId(clusterId: string, tableId: string | null): void {
  write(tableKey(clusterId), tableId);
}
