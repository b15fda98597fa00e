/**
 * `ALTER TABLE … SPLIT / MERGE PARTITION` on the frontend (`repartition_table`,
 * src/operator/src/statement/ddl.rs@v1.2.0-beta.2, same in v1.1.4; API.md §7.1–§7.2): resolve
 * the table, hand the statement to MetaSrv's repartition model, then answer at once with the
 * procedure id (`WAIT = false`) or when the procedure has finished (`WAIT = true`).
 * REPARTITION, `ON COLUMNS` and PARTITION ON COLUMNS get GreptimeDB's table checks, then a
 * refusal naming what the emulator does not run.
 */
import {
  META_CLIENT_INVALID_ARGUMENTS_SUFFIX,
  repartitionErrors,
} from '../../contract/repartition/preconditions.ts';
import type { RepartitionAlter } from './ast.ts';
import type { QueryContext } from './context.ts';
import { SqlError, StatusCode } from './errors.ts';
import type { QueryOutput, StatementOutput } from './executor.ts';

/**
 * A failed procedure as the frontend reports it: the meta client's shape of API.md §3.2 with the
 * error's own status (derived; API.md §7.2 step 10 leaves the exact wrapping unverified).
 * `ExceededDeadline` is Cancelled in MetaSrv (src/meta-srv/src/error.rs@v1.2.0-beta.2).
 */
function procedureFailure(error: string): SqlError {
  if (error.startsWith('Exceeded deadline')) {
    return new SqlError(
      StatusCode.Cancelled,
      `${error}, code: Cancelled, tonic code: The operation was cancelled`,
    );
  }
  if (error.includes('does not satisfy requirement')) {
    return new SqlError(StatusCode.InvalidArguments, error + META_CLIENT_INVALID_ARGUMENTS_SUFFIX);
  }
  return new SqlError(
    StatusCode.Unexpected,
    `${error}, code: Unexpected, tonic code: Internal error`,
  );
}

export function executeRepartition(
  stmt: RepartitionAlter,
  ctx: QueryContext,
): QueryOutput | Promise<StatementOutput> {
  const [catalog = '', schema = '', name = ''] =
    stmt.table.length === 3
      ? stmt.table
      : stmt.table.length === 2
        ? [ctx.catalog, ...stmt.table]
        : [ctx.catalog, ctx.schema, ...stmt.table];
  // is_readonly_schema: information_schema only; SchemaReadOnly is StatusCode Unsupported.
  if (schema === 'information_schema')
    throw new SqlError(StatusCode.Unsupported, repartitionErrors.schemaReadOnly(schema));
  const table = { catalog, schema, name };
  const model = ctx.cluster.repartition;
  const { form } = stmt;
  if (form === 'repartition' || form === 'partitionOnColumns' || stmt.columns !== null) {
    return model.refuseUnmodelled(
      table,
      form === 'repartition'
        ? 'REPARTITION'
        : form === 'partitionOnColumns'
          ? 'PARTITION ON COLUMNS'
          : 'ON COLUMNS',
    );
  }
  const { procedureId, wait } = model.submit(
    {
      kind: form,
      table,
      sources: stmt.sources,
      targets: stmt.targets,
      options: stmt.options,
    },
    { actor: ctx.user, protocol: 'httpsql', version: ctx.version },
  );
  // build_procedure_id_output: one String column `Procedure ID`.
  if (!wait) return { columns: [{ name: 'Procedure ID', type: 'String' }], rows: [[procedureId]] };
  return model.finished(procedureId).then((snapshot) => {
    if (snapshot.status !== 'Done') throw procedureFailure(snapshot.error ?? '');
    return { affectedRows: 0 };
  });
}
