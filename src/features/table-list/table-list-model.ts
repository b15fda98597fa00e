/**
 * The overview's table list, as pure functions: one row per table across every catalog and
 * schema, with its regions, its own skew (regions per datanode) and, on the SQL path, its size;
 * the default order (catalog `greptime` and schema `public` first, system schemas last), the
 * search and the column sorts. The component only renders what this returns.
 */
import { skewOverDatanodes } from '../../domain/datanode-skew';
import { SYSTEM_SCHEMAS, compareText, schemaRank } from '../../domain/schema-order';

export type TableKind = 'physical' | 'logical';

/** A table as a name source lists it; the id and kind where that source knows them. */
export interface NamedTable {
  catalog: string;
  schema: string;
  name: string;
  tableId: number | null;
  /** information_schema.tables' engine (SQL path); null where unknown. */
  engine: string | null;
  /** Known from the table's route (legacy); null where not read. */
  kind: TableKind | null;
}

export interface TableListSources {
  tables: readonly NamedTable[];
  /** Leader peer of every region, per physical table id; null while unknown. */
  leaders: ReadonlyMap<number, readonly string[]> | null;
  /** Every datanode of the cluster, and whether it could take regions (alive, or unknown). */
  datanodes: readonly { peerId: string; canTakeRegions: boolean }[];
  /** Disk bytes per table id (SQL path: region_statistics); null where the cluster has none. */
  sizes: ReadonlyMap<number, number> | null;
}

export interface TableListRow {
  /** The table id, or the qualified name while the id is unknown (legacy, not yet read). */
  rowId: string;
  catalog: string;
  schema: string;
  name: string;
  qualifiedName: string;
  tableId: number | null;
  kind: TableKind | null;
  isSystem: boolean;
  /** Leader regions; null for a logical table (its rows live in its physical table's regions) or while unknown. */
  regionCount: number | null;
  /** Coefficient of variation of the table's regions per datanode; null where regionCount is. */
  skewCv: number | null;
  sizeBytes: number | null;
}

type Named = Pick<TableListRow, 'catalog' | 'schema' | 'name'>;

export function compareDefaultOrder(a: Named, b: Named): number {
  return (
    schemaRank(a.catalog, a.schema) - schemaRank(b.catalog, b.schema) ||
    compareText(a.catalog, b.catalog) ||
    compareText(a.schema, b.schema) ||
    compareText(a.name, b.name)
  );
}

function kindOf(table: NamedTable, leaderCount: number | null): TableKind | null {
  if (table.kind !== null) return table.kind;
  if (leaderCount !== null && leaderCount > 0) return 'physical';
  // information_schema has no column naming a logical table (API.md §3.5): a metric-engine
  // table without regions of its own is one; a metric physical table has regions.
  if (table.engine === 'metric' && leaderCount === 0) return 'logical';
  if (table.engine === 'mito') return 'physical';
  return null;
}

function tableSkewCv(leaders: readonly string[], datanodes: TableListSources['datanodes']): number {
  const counts = new Map<string, number>();
  for (const peerId of leaders) counts.set(peerId, (counts.get(peerId) ?? 0) + 1);
  const weights = datanodes.map((d) => {
    const count = counts.get(d.peerId) ?? 0;
    counts.delete(d.peerId);
    return { canTakeRegions: d.canTakeRegions, regionCount: count, weight: count };
  });
  // A leader on a datanode the lists do not name still holds regions: count it.
  for (const count of counts.values()) {
    weights.push({ canTakeRegions: false, regionCount: count, weight: count });
  }
  return skewOverDatanodes(weights).cv;
}

export function buildTableListRows({
  tables,
  leaders,
  datanodes,
  sizes,
}: TableListSources): TableListRow[] {
  return tables
    .map((table): TableListRow => {
      const qualifiedName = `${table.catalog}.${table.schema}.${table.name}`;
      const regionLeaders =
        table.tableId === null || leaders === null ? null : (leaders.get(table.tableId) ?? []);
      const kind = kindOf(table, regionLeaders?.length ?? null);
      const hasRegions = kind !== 'logical' && regionLeaders !== null;
      return {
        rowId: table.tableId === null ? qualifiedName : String(table.tableId),
        catalog: table.catalog,
        schema: table.schema,
        name: table.name,
        qualifiedName,
        tableId: table.tableId,
        kind,
        isSystem: SYSTEM_SCHEMAS.has(table.schema),
        regionCount: hasRegions ? regionLeaders.length : null,
        skewCv:
          hasRegions && regionLeaders.length > 0 ? tableSkewCv(regionLeaders, datanodes) : null,
        sizeBytes:
          table.tableId === null || sizes === null || kind === 'logical'
            ? null
            : (sizes.get(table.tableId) ?? 0),
      };
    })
    .sort(compareDefaultOrder);
}

/**
 * Rows whose name (qualified or not) contains the text, or whose id starts with it; case does
 * not matter. An empty search keeps every row.
 */
export function searchTableRows(rows: readonly TableListRow[], text: string): TableListRow[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...rows];
  return rows.filter(
    (row) =>
      row.qualifiedName.toLowerCase().includes(needle) ||
      (row.tableId !== null && String(row.tableId).startsWith(needle)),
  );
}

export const TABLE_SORT_KEYS = ['name', 'tableId', 'regionCount', 'skewCv', 'sizeBytes'] as const;
export type TableSortKey = (typeof TABLE_SORT_KEYS)[number];

export interface TableSort {
  key: TableSortKey;
  isDescending: boolean;
}

function sortValue(row: TableListRow, key: Exclude<TableSortKey, 'name'>): number | null {
  return row[key];
}

/**
 * Sorted by one column; unknown values last in either direction, ties in the default order.
 * No sort keeps the default order.
 */
export function sortTableRows(
  rows: readonly TableListRow[],
  sort: TableSort | null,
): TableListRow[] {
  if (sort === null) return [...rows].sort(compareDefaultOrder);
  const direction = sort.isDescending ? -1 : 1;
  const { key } = sort;
  return [...rows].sort((a, b) => {
    if (key === 'name') return direction * compareText(a.name, b.name) || compareDefaultOrder(a, b);
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      return (va === null ? 1 : 0) - (vb === null ? 1 : 0) || compareDefaultOrder(a, b);
    }
    return direction * (va - vb) || compareDefaultOrder(a, b);
  });
}
