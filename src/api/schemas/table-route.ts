/**
 * `/admin/route` answers (API.md §1.4, §1.5) -> TableRoute.
 *
 * Two wire forms reach us:
 *  - v0.6: the body is a JSON *string* whose content is the route JSON (MetaSrv echoes the
 *    raw KV bytes), so it is parsed a second time, losslessly again;
 *  - v0.7: the route object itself.
 * Within the route: `type` is missing on routes written by v0.5 (those are physical),
 * `leader_down_since` does not exist in v0.6, and `leader_status` appears only when set.
 * The table id is not in a physical route; it is the upper 32 bits of its region ids.
 */
import { z } from 'zod';
import type { RouteWireForm, TableRoute } from '../../domain/cluster-types';
import { splitRegionId } from '../../../contract/region-id';
import { parseLosslessJson } from '../../../contract/lossless-json';
import { RawRegionRoutesSchema } from './region-routes';
import { RawU32Schema, RawU64Schema } from './wire-numbers';

const RawPhysicalTableRouteSchema = z.object({
  // Routes written by v0.5 have no "type" and are physical (TableRouteValue::try_from_raw_value).
  type: z.literal('physical').optional(),
  region_routes: RawRegionRoutesSchema,
  version: RawU64Schema,
});

const RawLogicalTableRouteSchema = z.object({
  type: z.literal('logical'),
  physical_table_id: RawU32Schema,
  region_ids: z.array(RawU64Schema),
});

export const RawTableRouteSchema = z.union([
  RawLogicalTableRouteSchema,
  RawPhysicalTableRouteSchema,
]);
type RawTableRoute = z.output<typeof RawTableRouteSchema>;

/** The one table id all region ids share; an issue (not a guess) when there is none. */
function tableIdOf(
  tableIds: ReadonlySet<number>,
  field: string,
  ctx: z.RefinementCtx,
): number | null {
  const [tableId] = tableIds;
  if (tableId === undefined || tableIds.size > 1) {
    ctx.addIssue({
      code: 'custom',
      path: [field],
      message:
        tableId === undefined
          ? 'no regions, so the table id cannot be derived'
          : `regions of several tables (${[...tableIds].join(', ')})`,
    });
    return null;
  }
  return tableId;
}

function toTableRoute(
  raw: RawTableRoute,
  wireForm: RouteWireForm,
  ctx: z.RefinementCtx,
): TableRoute {
  if (raw.type === 'logical') {
    const tableIds = new Set(raw.region_ids.map((id) => splitRegionId(id).tableId));
    const tableId = tableIdOf(tableIds, 'region_ids', ctx);
    if (tableId === null) return z.NEVER;
    return {
      type: 'logical',
      tableId,
      physicalTableId: raw.physical_table_id,
      regionIds: raw.region_ids,
      wireForm,
    };
  }
  const tableId = tableIdOf(raw.region_routes.tableIds, 'region_routes', ctx);
  if (tableId === null) return z.NEVER;
  return {
    type: 'physical',
    tableId,
    version: raw.version,
    regionRoutes: raw.region_routes.routes,
    wireForm,
  };
}

/** v0.6: a JSON string holding the route JSON. */
const RawStringFormRouteSchema = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return parseLosslessJson(text);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `route string is not JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
  })
  .pipe(RawTableRouteSchema)
  .transform((raw, ctx) => toTableRoute(raw, 'string', ctx));

/** v0.7: the route object. */
const RawObjectFormRouteSchema = RawTableRouteSchema.transform((raw, ctx) =>
  toTableRoute(raw, 'object', ctx),
);

/** The decoded `/admin/route` body, in either wire form. */
export const TableRouteAnswerSchema = z.union([RawStringFormRouteSchema, RawObjectFormRouteSchema]);
