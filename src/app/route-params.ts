/**
 * What a console URL may hold, as zod schemas the router runs (`validateSearch`, `params.parse`),
 * and where the links of the History-API era (`/?table=…&region=…`, `/?view=…`) lead now.
 * Every message names the parameter and says what is wrong with it: a bad link is reported,
 * never answered with a silently different view.
 */
import { z } from 'zod';
import { parseU64, splitRegionId } from '../../contract/region-id';
import { checkTableId } from '../features/table-picker/table-id';

/** A table id in the path: a canonical u32, kept as its decimal text. */
export const TableIdParamSchema = z.string().superRefine((text, ctx) => {
  const check = checkTableId(text);
  // A padded or signed form would name the same table under another URL: only the canonical one.
  if (!check.ok || check.tableId !== text) {
    ctx.addIssue({
      code: 'custom',
      message: check.ok ? `Write the table ID as ${check.tableId}.` : check.message,
    });
  }
});

export const TableParamsSchema = z.object({ tableId: TableIdParamSchema });

/** `?region=`: a canonical u64 in decimal (never a JS number: ids pass 2^53). */
export const RegionIdSearchSchema = z.string().superRefine((text, ctx) => {
  if (parseU64(text) === null) {
    ctx.addIssue({
      code: 'custom',
      message: `“${text}” is not a region ID. A region ID is an unsigned 64-bit integer in decimal, for example 4398046511104.`,
    });
  }
});

export const TableSearchSchema = z.object({ region: RegionIdSearchSchema.optional() });
export type TableSearch = z.infer<typeof TableSearchSchema>;

/** A region of another table cannot be highlighted in this one: say whose it is. */
export function regionOfOtherTable(tableId: string, regionId: string): string | null {
  const owner = String(splitRegionId(regionId).tableId);
  return owner === tableId
    ? null
    : `Region ${regionId} belongs to table ${owner}, not to table ${tableId}.`;
}

/** The query string of the links made before the cluster was part of the path. */
export const LegacySearchSchema = z.object({
  view: z.string().optional(),
  table: z.string().optional(),
  region: z.string().optional(),
});
export type LegacySearch = z.infer<typeof LegacySearchSchema>;

export type LegacyTarget =
  | { page: 'overview' }
  | { page: 'table'; tableId: string; region: string | undefined }
  | { page: 'cluster' }
  | { page: 'history' }
  | { page: 'unknown'; view: string };

/**
 * Where an old link leads. Values pass through unchecked: the new route checks them, so
 * `/?table=abc` ends on the same message as `/c/<cluster>/tables/abc`.
 */
export function legacyTarget(search: LegacySearch): LegacyTarget {
  switch (search.view) {
    case 'history':
      return { page: 'history' };
    case 'cluster':
      return { page: 'cluster' };
    case undefined:
    case 'tables':
      return search.table === undefined
        ? { page: 'overview' }
        : { page: 'table', tableId: search.table, region: search.region };
    default:
      return { page: 'unknown', view: search.view };
  }
}

/**
 * Search strings as the address bar has them. The router's default parses values as JSON,
 * which would turn `?region=4398046511104` into a number (and lose ids past 2^53).
 */
export function parseSearch(searchText: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(searchText));
}

export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (typeof value === 'string') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
