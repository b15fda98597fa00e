/**
 * One test per explanation rule, fed GreptimeDB's exact bodies from
 * fixtures/sql-errors-v1.json (looked up by the request that produced them), so a rule that
 * drifts from the real text fails here rather than in front of a user.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import sqlErrorsV1 from '../../../shared/greptimedb/fixtures/sql-errors-v1.json?raw';
import { explainFrontendError } from './explain-frontend-error';

const CasesSchema = z.array(
  z.object({
    request: z.string(),
    status: z.number().int(),
    body: z.object({ code: z.number().int(), error: z.string() }),
    versions: z.string(),
  }),
);
const CASES = CasesSchema.parse(JSON.parse(sqlErrorsV1));

/** The fixture case whose request starts with `request` (and whose versions include `version`). */
function fixtureCase(request: string, version = '') {
  const found = CASES.find((c) => c.request.startsWith(request) && c.versions.includes(version));
  if (found === undefined) throw new Error(`no fixture case ${request}`);
  return found;
}

function explainCase(request: string, version = '') {
  const { status, body } = fixtureCase(request, version);
  return explainFrontendError(status, body.code, body.error, 'migration');
}

describe('explainFrontendError on the texts of sql-errors-v1.json', () => {
  it('says the console server sent no credentials (7003)', () => {
    const explained = explainCase('POST /v1/sql  (auth on, no Authorization');
    expect(explained.title).toBe('The console server sent no credentials');
    expect(explained.explanation).toMatch(/FRONTEND_USER/);
  });

  it('names the unknown user (7000)', () => {
    expect(explainCase('POST /v1/sql  Authorization: Basic <base64 of alice:x>').title).toBe(
      'GreptimeDB has no user alice',
    );
  });

  it('names the user whose password is wrong (7002)', () => {
    expect(explainCase('POST /v1/sql  Authorization: Basic <base64 of admin:wrong>').title).toBe(
      'Wrong password for user admin',
    );
  });

  it('says the credentials header was malformed (7004: scheme, base64, no colon)', () => {
    for (const request of [
      'POST /v1/sql  Authorization: Bearer abc',
      'POST /v1/sql  Authorization: Basic !!!!',
      'POST /v1/sql  Authorization: Basic dXNlcg==',
    ]) {
      expect(explainCase(request).title).toBe(
        'The frontend could not read the console’s credentials',
      );
    }
  });

  it('explains a database that does not exist, case included (4004)', () => {
    const explained = explainCase('GET /v1/sql?db=PUBLIC');
    expect(explained.title).toBe('Database PUBLIC was not found');
    expect(explained.explanation).toMatch(/case-sensitively/);
  });

  it('explains flush_table and compact_table on an unknown table', () => {
    for (const request of [
      "POST /v1/sql sql=ADMIN flush_table('x')",
      "POST /v1/sql sql=ADMIN compact_table('x')",
    ]) {
      expect(explainCase(request).title).toBe('Table greptime.public.x was not found');
    }
  });

  it('explains flush_region on a region id whose table has no route', () => {
    const explained = explainCase('POST /v1/sql sql=ADMIN flush_region(4720169058304)');
    expect(explained.title).toBe('Table 1099 has no route');
    expect(explained.explanation).toMatch(/dropped/);
  });

  it('explains compact_region on a region number missing from the route', () => {
    const explained = explainCase('POST /v1/sql sql=ADMIN compact_region(4398046511113)');
    expect(explained.title).toBe('Region 4398046511113 has no leader the frontend can find');
    expect(explained.explanation).toMatch(/region number 9 is not in its route/);
  });

  it('calls an argument-count refusal a console bug', () => {
    for (const request of [
      'POST /v1/sql sql=ADMIN flush_region(1, 2)',
      'POST /v1/sql sql=ADMIN migrate_region(4398046511105, 1)',
    ]) {
      const explained = explainCase(request);
      expect(explained.title).toBe('GreptimeDB refused the statement’s arguments');
      expect(explained.explanation).toMatch(/console bug/);
    }
  });

  it('quotes compact_table option refusals in both versions', () => {
    for (const [request, version] of [
      ["POST /v1/sql sql=ADMIN compact_table('monitor', 'regular', 'parallelism=2', 'x')", 'v1.1'],
      ["POST /v1/sql sql=ADMIN compact_table('monitor', 'regular', 'parallelism=2', 'x')", 'v1.2'],
      ["POST /v1/sql sql=ADMIN compact_table('monitor', 'regular', 'window=3600')", ''],
      ["POST /v1/sql sql=ADMIN compact_table('monitor', 'regular', 'start_time", ''],
    ] as const) {
      const explained = explainCase(request, version);
      expect(explained.title).toBe('GreptimeDB refused the arguments');
      expect(explained.explanation).toMatch(
        /The length of the args|Unknown parameter|start_time must/,
      );
    }
  });

  it('explains a logical region’s migration refusal and points at the physical region', () => {
    const explained = explainCase('POST /v1/sql sql=ADMIN migrate_region(4402341478400, 0, 1)');
    expect(explained.title).toBe('This region belongs to a logical table');
    expect(explained.explanation).toMatch(
      /region number 0 of a physical table under logical table 1025.*Migrate that region instead/,
    );
  });

  it('explains a migration of a region removed from the route', () => {
    expect(explainCase('POST /v1/sql sql=ADMIN migrate_region(4398046511106, 2, 0)').title).toBe(
      'Region 2 is not in the route of table 1024',
    );
  });

  it('explains a procedure MetaSrv has forgotten', () => {
    expect(
      explainCase("POST /v1/sql sql=ADMIN procedure_state('00000000-0000-4000-8000-000000000000')")
        .title,
    ).toBe('MetaSrv no longer knows this procedure');
  });

  it('calls a procedure id MetaSrv cannot parse a console bug', () => {
    const explained = explainCase("POST /v1/sql sql=ADMIN procedure_state('abc')");
    expect(explained.title).toBe('MetaSrv could not read the procedure id');
    expect(explained.explanation).toMatch(/console bug/);
  });

  it('explains the datanode the frontend cannot reach during a maintenance call', () => {
    expect(
      explainFrontendError(
        500,
        1002,
        'Failed to execute admin function flush_region: Execution error: Datanode 2 is unavailable',
        'route',
      ).title,
    ).toBe('Datanode 2 is unavailable');
  });

  it('admits when it does not recognise a message', () => {
    const explained = explainFrontendError(500, 1003, 'Internal error: 1003', 'route');
    expect(explained.title).toBe('The frontend answered with an error (HTTP 500, code 1003)');
  });
});
