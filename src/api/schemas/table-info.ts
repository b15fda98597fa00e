/**
 * `/admin/table?table_ids=` (v0.6/v0.7, API.md §1.9): an object keyed by table id, each a
 * TableInfoValue. Only the names are read; unknown ids are silently omitted (`{}`).
 */
import { z } from 'zod';
import type { TableSummary } from '../../../contract/sql-types';

const TableInfoValueSchema = z.object({
  table_info: z.object({
    name: z.string(),
    catalog_name: z.string(),
    schema_name: z.string(),
    meta: z.object({ engine: z.string() }).partial().optional(),
  }),
});

export const TableInfoAnswerSchema = z.record(z.string(), TableInfoValueSchema);

/** The asked table's summary, or null when MetaSrv omitted it (no such table). */
export function tableSummaryOf(
  answer: z.infer<typeof TableInfoAnswerSchema>,
  tableId: string,
): TableSummary | null {
  const info = answer[tableId]?.table_info;
  if (info === undefined) return null;
  return {
    catalog: info.catalog_name,
    schema: info.schema_name,
    name: info.name,
    tableId: Number(tableId),
    engine: info.meta?.engine ?? null,
  };
}
