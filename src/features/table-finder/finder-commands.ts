/**
 * The finder's equivalent commands, per API generation: legacy MetaSrv's `/admin/route` (by
 * name or by region id); on the SQL path the statements the server sends for the same lookups
 * (information_schema.tables by name; region_peers ⋈ partitions of the region's table).
 */
import { splitRegionId } from '../../../contract/region-id';
import { tableByNameStatement, tableRegionsStatement } from '../../../contract/sql/statements';
import { metasrvCommand, sqlCommand, type CommandTarget } from '../../queries/command-target';

export interface FinderCommand {
  label: string;
  command: string;
}

export function byNameCommand(
  target: CommandTarget,
  name: { catalog: string; schema: string; table: string },
): FinderCommand {
  if (target.generation === 'sql') {
    return {
      label: 'Equivalent command (table by name)',
      command: sqlCommand(target, tableByNameStatement(name.catalog, name.schema, name.table)),
    };
  }
  return {
    label: 'Equivalent command (route by name)',
    command: metasrvCommand(target, {
      path: '/admin/route',
      params: [
        ['catalog', name.catalog],
        ['schema', name.schema],
        ['table', name.table],
      ],
    }),
  };
}

/** `regionId`: a canonical u64 decimal. */
export function byRegionCommand(target: CommandTarget, regionId: string): FinderCommand {
  if (target.generation === 'sql') {
    const tableId = String(splitRegionId(regionId).tableId);
    return {
      label: 'Equivalent command (regions of the region’s table)',
      command: sqlCommand(target, tableRegionsStatement(tableId)),
    };
  }
  return {
    label: 'Equivalent command (route by region)',
    command: metasrvCommand(target, { path: '/admin/route', params: [['region_id', regionId]] }),
  };
}
