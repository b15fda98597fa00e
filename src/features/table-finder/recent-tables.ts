/**
 * The last tables opened in this browser, newest first, per cluster: table ids start at 1024
 * on every cluster, so one cluster's "Table 1025" must not be offered on another. Kept in
 * localStorage through Mantine's useLocalStorage (which keeps every hook on the key in step);
 * a stored value that does not parse is forgotten, never trusted.
 */
import { useLocalStorage } from '@mantine/hooks';
import { useCallback } from 'react';
import { z } from 'zod';
import { U32StringSchema } from '../../../contract/api-contract';

export const MAX_RECENT_TABLES = 8;

const RecentTableSchema = z.object({ tableId: U32StringSchema, label: z.string().nullable() });
export type RecentTable = z.infer<typeof RecentTableSchema>;
const RecentTablesSchema = z.array(RecentTableSchema).max(MAX_RECENT_TABLES);

const NO_RECENT_TABLES: RecentTable[] = [];

export function recentTablesKey(clusterId: string): string {
  return `region-console.cluster.${clusterId}.recent-tables`;
}

export function deserializeRecentTables(stored: string | undefined): RecentTable[] {
  if (stored === undefined) return NO_RECENT_TABLES;
  try {
    const parsed = RecentTablesSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : NO_RECENT_TABLES;
  } catch {
    return NO_RECENT_TABLES;
  }
}

/** Pure: `entry` first, its older duplicate dropped (keeping a known name), capped. */
export function addRecentTable(list: readonly RecentTable[], entry: RecentTable): RecentTable[] {
  const previous = list.find((t) => t.tableId === entry.tableId);
  const merged = { tableId: entry.tableId, label: entry.label ?? previous?.label ?? null };
  return [merged, ...list.filter((t) => t.tableId !== entry.tableId)].slice(0, MAX_RECENT_TABLES);
}

/** The cluster's recent tables, and how to put one on top. */
export function useRecentTables(
  clusterId: string,
): [readonly RecentTable[], (entry: RecentTable) => void] {
  const [recentTables, setRecentTables] = useLocalStorage<RecentTable[]>({
    key: recentTablesKey(clusterId),
    defaultValue: NO_RECENT_TABLES,
    // Read during the first render: the finder shows the list at once, without a flash.
    getInitialValueInEffect: false,
    deserialize: deserializeRecentTables,
  });
  const rememberRecentTable = useCallback(
    (entry: RecentTable) => {
      setRecentTables((list) => addRecentTable(list, entry));
    },
    [setRecentTables],
  );
  return [recentTables, rememberRecentTable];
}
