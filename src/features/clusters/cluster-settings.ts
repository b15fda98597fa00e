/**
 * The cluster chosen last in this browser (localStorage through Mantine's useLocalStorage):
 * `/` opens it. The URL names the cluster shown; this only remembers it for the next visit.
 * A stored id that does not parse, or names a cluster no longer configured, is ignored.
 */
import { readLocalStorageValue, useLocalStorage } from '@mantine/hooks';
import { useEffect } from 'react';
import { ClusterIdSchema } from '../../../contract/api-contract';

const SELECTED_KEY = 'region-console.cluster';

/** Stored as the bare id, as earlier versions stored it. */
const storageOptions = {
  key: SELECTED_KEY,
  defaultValue: null,
  serialize: (clusterId: string | null) => clusterId ?? '',
  deserialize: (stored: string | undefined): string | null => {
    const parsed = ClusterIdSchema.safeParse(stored);
    return parsed.success ? parsed.data : null;
  },
} as const;

/** The stored choice if it is still a configured cluster, else the first one. */
export function initialClusterId(configured: readonly string[]): string | null {
  const stored = readLocalStorageValue<string | null>(storageOptions);
  if (stored !== null && configured.includes(stored)) return stored;
  return configured[0] ?? null;
}

/** Remembers the cluster shown, so that `/` opens it next time. */
export function useRememberCluster(clusterId: string): void {
  const [, setStored] = useLocalStorage<string | null>({
    ...storageOptions,
    getInitialValueInEffect: false,
  });
  useEffect(() => {
    setStored(clusterId);
  }, [clusterId, setStored]);
}
