/**
 * The table finder's catalog -> schema -> table lists on the SQL path, read from one
 * information_schema.tables answer (base tables only, so a schema without tables is absent).
 */
import type { TableSummary } from '../../../contract/sql-types';
import type { TableName } from '../cluster-api-interface';

function sortedUnique(names: Iterable<string>): string[] {
  return [...new Set(names)].sort();
}

export function catalogsOf(tables: readonly TableSummary[]): string[] {
  return sortedUnique(tables.map((t) => t.catalog));
}

export function schemasOf(tables: readonly TableSummary[], catalog: string): string[] {
  return sortedUnique(tables.filter((t) => t.catalog === catalog).map((t) => t.schema));
}

export function tableNamesOf(
  tables: readonly TableSummary[],
  catalog: string,
  schema: string,
): TableName[] {
  return tables
    .filter((t) => t.catalog === catalog && t.schema === schema)
    .map((t) => ({ name: t.name, tableId: t.tableId }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
