/**
 * Where a table's schema sorts, for every list of schemas or tables the console shows: the
 * `greptime` catalog's `public` schema first, then user schemas, then other catalogs, and
 * GreptimeDB's own schemas last (API.md §1.9: a fresh cluster lists `greptime_private`,
 * `information_schema` and `public`, in that key order, so the first schema offered used to be
 * `greptime_private`). System schemas are never preselected.
 */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set([
  'information_schema',
  'greptime_private',
  'pg_catalog',
]);
export const DEFAULT_CATALOG = 'greptime';
export const DEFAULT_SCHEMA = 'public';

/** 0: greptime.public, 1: other user schemas of greptime, 2: other catalogs, 3: system. */
export function schemaRank(catalog: string, schema: string): number {
  if (SYSTEM_SCHEMAS.has(schema)) return 3;
  if (catalog !== DEFAULT_CATALOG) return 2;
  return schema === DEFAULT_SCHEMA ? 0 : 1;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A catalog's schemas: `public` first, user schemas by name, system schemas last. */
export function orderSchemas(catalog: string, schemas: readonly string[]): string[] {
  return [...schemas].sort(
    (a, b) => schemaRank(catalog, a) - schemaRank(catalog, b) || compareText(a, b),
  );
}

/** The schema to preselect: `public`, else the first user schema; never a system schema. */
export function defaultSchemaOf(catalog: string, schemas: readonly string[]): string | null {
  return orderSchemas(catalog, schemas).find((s) => !SYSTEM_SCHEMAS.has(s)) ?? null;
}

/** The catalog to preselect: `greptime` when the cluster has it, else the only one. */
export function defaultCatalogOf(catalogs: readonly string[]): string | null {
  if (catalogs.includes(DEFAULT_CATALOG)) return DEFAULT_CATALOG;
  return catalogs.length === 1 ? (catalogs[0] ?? null) : null;
}
