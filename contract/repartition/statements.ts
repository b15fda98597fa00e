/**
 * The `ALTER TABLE` text of a checked plan (API.md §7.1 grammar). The console always sends
 * `WAIT = false`, so the answer is a procedure id to follow with `procedure_state` instead of
 * a request held open for the whole procedure. Nothing here takes SQL text: the expressions
 * come from the plan, where they were parsed and re-printed canonically.
 */
import { parseHumantimeDuration } from '../duration.ts';
import { objectNameText, sqlString } from '../sql/sql-literals.ts';
import type { RepartitionPlan } from './repartition-plan.ts';

export interface RepartitionStatementOptions {
  /** humantime, e.g. `5m`; omitted: GreptimeDB's default of 60 s applies. */
  timeout?: string | undefined;
}

export class RepartitionStatementError extends Error {
  override readonly name = 'RepartitionStatementError';
}

function withClause(options: RepartitionStatementOptions): string {
  if (options.timeout === undefined) return 'WITH (WAIT = false)';
  const parsed = parseHumantimeDuration(options.timeout);
  if (!parsed.ok || parsed.nanos === 0n) {
    throw new RepartitionStatementError(`not a timeout: ${options.timeout}`);
  }
  return `WITH (TIMEOUT = ${sqlString(options.timeout)}, WAIT = false)`;
}

/**
 * `ALTER TABLE <catalog>.<schema>.<table> SPLIT PARTITION (<source>) INTO (<t1>, <t2>, …)`
 * or `… MERGE PARTITION (<s1>, <s2>, …)`, then the WITH clause.
 */
export function repartitionStatement(
  table: { catalog: string; schema: string; name: string },
  plan: RepartitionPlan,
  options: RepartitionStatementOptions = {},
): string {
  const name = objectNameText([table.catalog, table.schema, table.name]);
  const clause =
    plan.kind === 'split'
      ? `SPLIT PARTITION (${plan.sourceExprs.join(', ')}) INTO (${plan.targetExprs.join(', ')})`
      : `MERGE PARTITION (${plan.sourceExprs.join(', ')})`;
  return `ALTER TABLE ${name} ${clause} ${withClause(options)}`;
}
