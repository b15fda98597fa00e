/**
 * A shared GreptimeDB `/v1/sql` fixture as the sampler receives it: read with the server's
 * lossless JSON (u64 beyond 2^53 as bigint) and keyed by the contract's envelope schema.
 */
import { readFileSync } from 'node:fs';
import { SqlKeyedRowsSchema } from '../../../contract/sql/sql-records.ts';
import { parseLosslessJson } from '../../../contract/lossless-json.ts';

const FIXTURES = new URL('../../../../shared/greptimedb/fixtures/', import.meta.url);

export function fixtureRecords(name: string): Record<string, unknown>[] {
  return SqlKeyedRowsSchema.parse(parseLosslessJson(readFileSync(new URL(name, FIXTURES), 'utf8')));
}
