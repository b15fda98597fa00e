/** The last tables opened in this browser (localStorage), newest first. */
import { z } from 'zod';

const STORAGE_KEY = 'region-console.recent-tables';
export const MAX_RECENT_TABLES = 8;

const RecentTableSchema = z.object({ tableId: z.string(), label: z.string().nullable() });
export type RecentTable = z.infer<typeof RecentTableSchema>;

export function readRecentTables(): RecentTable[] {
  try {
    const parsed = z
      .array(RecentTableSchema)
      .safeParse(JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Pure: `entry` first, its older duplicate dropped (keeping a known name), capped. */
export function addRecentTable(list: readonly RecentTable[], entry: RecentTable): RecentTable[] {
  const previous = list.find((t) => t.tableId === entry.tableId);
  const merged = { tableId: entry.tableId, label: entry.label ?? previous?.label ?? null };
  return [merged, ...list.filter((t) => t.tableId !== entry.tableId)].slice(0, MAX_RECENT_TABLES);
}

export function rememberRecentTable(entry: RecentTable): RecentTable[] {
  const next = addRecentTable(readRecentTables(), entry);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Private mode: the list lasts for this page only.
  }
  return next;
}
