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

/** The named tables' summaries; a table MetaSrv omitted (no such table) has none. */
export function tableSummariesOf(answer: z.infer<typeof TableInfoAnswerSchema>): TableSummary[] {
  return Object.entries(answer).map(([tableId, { table_info: info }]) => ({
    catalog: info.catalog_name,
    schema: info.schema_name,
    name: info.name,
    tableId: Number(tableId),
    engine: info.meta?.engine ?? null,
  }));
}
