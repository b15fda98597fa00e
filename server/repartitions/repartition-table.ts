/**
 * The table as the server re-reads it right before a split or merge, so the check runs against
 * what the cluster holds now, not what the browser saw: its id (information_schema.tables), and
 * each region's rule with the partition columns (region_peers ⋈ partitions, the read the table
 * page makes; API.md §3.5). Both statements come from contract/sql/statements.ts.
 */
import { z } from 'zod';
import { inferPartitionColumns } from '../../contract/repartition/partition-columns.ts';
import type { RepartitionTable } from '../../contract/repartition/repartition-plan.ts';
import type { RepartitionTableName } from '../../contract/repartition/repartition-api.ts';
import { SqlU32Schema, SqlU64Schema, optional } from '../../contract/sql/sql-records.ts';
import { tableByNameStatement, tableRegionsStatement } from '../../contract/sql/statements.ts';
import { answerProblem, readRows } from '../migrations/sql-migration.ts';
import type { SqlMigrationAccess } from '../migrations/sql-migration.ts';

export type TableRead =
  | { kind: 'found'; tableId: number; table: RepartitionTable }
  | { kind: 'missing' }
  | { kind: 'failed'; problem: string };

const TableRowSchema = z.object({ table_id: SqlU32Schema });

const RegionRowSchema = z.object({
  region_id: SqlU64Schema,
  is_leader: z.string(),
  partition_expression: optional(z.string()),
  partition_description: optional(z.string()),
});

async function rowsOf<T>(
  statement: string,
  row: z.ZodType<T>,
  access: Pick<SqlMigrationAccess, 'runStatement'>,
): Promise<{ ok: true; rows: T[] } | { ok: false; problem: string }> {
  const answer = await access.runStatement(statement, { isMutating: false });
  if (answer.kind !== 'frontend' || answer.answer.status !== 200) {
    return { ok: false, problem: answerProblem(answer) };
  }
  const parsed = z.array(row).safeParse(readRows(answer.answer.body.toString('utf8')));
  return parsed.success
    ? { ok: true, rows: parsed.data }
    : { ok: false, problem: 'the frontend answered rows the console cannot read' };
}

export async function readRepartitionTable(
  name: RepartitionTableName,
  access: Pick<SqlMigrationAccess, 'runStatement'>,
): Promise<TableRead> {
  const tables = await rowsOf(
    tableByNameStatement(name.catalog, name.schema, name.name),
    TableRowSchema,
    access,
  );
  if (!tables.ok)
    return { kind: 'failed', problem: `information_schema.tables: ${tables.problem}` };
  const [found] = tables.rows;
  if (found === undefined) return { kind: 'missing' };
  const regions = await rowsOf(
    tableRegionsStatement(String(found.table_id)),
    RegionRowSchema,
    access,
  );
  if (!regions.ok) {
    return { kind: 'failed', problem: `region_peers and partitions: ${regions.problem}` };
  }
  // One leader row per region, even without a leader (API.md §3.5); followers repeat it.
  const leaders = regions.rows.filter((row) => row.is_leader === 'Yes');
  const names =
    leaders
      .map((row) => row.partition_expression)
      .find((expression) => expression !== null)
      ?.split(', ') ?? [];
  return {
    kind: 'found',
    tableId: found.table_id,
    table: {
      ...name,
      partitionColumns: inferPartitionColumns(
        names,
        leaders.map((row) => row.partition_description),
      ).map(({ name: column, kind }) => ({ name: column, kind })),
      partitions: leaders.map((row) => ({
        regionId: row.region_id,
        description: row.partition_description,
      })),
    },
  };
}
