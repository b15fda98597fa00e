/**
 * API.md §5's other admin functions per version, through the frontend handler as a request
 * arrives: build_index, gc_regions / gc_table (with §3.1's v1.2 maintenance rule), the reconcile
 * functions' strategy check, flush_flow and v1.2's ADMIN-only discard_unflushed. Texts are
 * asserted whole; cases API.md leaves open must be refused as unmodelled (1001), never answered
 * with an invented text. The error-catalogue cases (sql-errors-v1.json) run in
 * sql-versions.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SqlApiVersion } from '../model/types.ts';
import { startEmulator } from '../server.ts';
import type { RunningEmulator } from '../server.ts';
import { R0, R1, buildSqlCluster, runSql, sqlRecords } from '../testing/sql-fixture.ts';

const ErrorBodySchema = z.object({ code: z.number(), error: z.string() });

const VERSIONS: SqlApiVersion[] = ['v1.1', 'v1.2'];

/** The cluster of the modern fixtures plus metric logical table 1025 `cpu` on table 1024. */
function cluster() {
  const built = buildSqlCluster();
  built.cluster.createLogicalTable({ tableId: 1025, name: 'cpu', physicalTableId: 1024 });
  return built;
}

function failure(sql: string, version: SqlApiVersion, c = cluster().cluster) {
  const r = runSql(c, sql, { version });
  return { status: r.status, ...ErrorBodySchema.parse(JSON.parse(r.body)) };
}

function answer(sql: string, version: SqlApiVersion, c = cluster().cluster) {
  const r = runSql(c, sql, { version });
  expect(r.status).toBe(200);
  return sqlRecords(r.body);
}

const executionError = (fn: string, inner: string) => ({
  status: 500,
  code: 1002,
  error: `Failed to execute admin function ${fn}: Execution error: ${inner}`,
});

describe('build_index (API.md §5, v1.0+)', () => {
  for (const version of VERSIONS) {
    it(`${version}: 0 for a table; arity, cast and unknown-table errors as sqlness shows`, () => {
      expect(answer("ADMIN build_index('monitor')", version)).toEqual({
        schema: { column_schemas: [{ name: "ADMIN build_index('monitor')", data_type: 'UInt64' }] },
        rows: [[0]],
        total_rows: 1,
      });
      expect(failure('ADMIN build_index()', version)).toEqual({
        status: 400,
        code: 1004,
        error: 'Expected 1 args, but actual 0',
      });
      expect(failure('ADMIN build_index(1)', version)).toEqual({
        status: 400,
        code: 1004,
        error: 'Failed to build admin function args: failed to cast 1',
      });
      expect(failure("ADMIN build_index('non_existent_table')", version)).toEqual(
        executionError('build_index', 'Table not found: greptime.public.non_existent_table'),
      );
    });
  }
});

describe('gc_regions / gc_table (API.md §5, §3.1)', () => {
  for (const version of VERSIONS) {
    it(`${version}: the number of processed regions when MetaSrv GC is on`, () => {
      expect(answer("ADMIN gc_table('monitor')", version).rows).toEqual([[3]]);
      expect(answer("ADMIN gc_table('monitor', true)", version).rows).toEqual([[3]]);
      const regions = answer(`ADMIN gc_regions(${R0}, ${R1})`, version);
      expect(regions.schema.column_schemas).toEqual([
        { name: `ADMIN gc_regions(${R0}, ${R1})`, data_type: 'UInt64' },
      ]);
      expect(regions.rows).toEqual([[2]]);
      expect(answer(`ADMIN gc_regions(${R0}, false)`, version).rows).toEqual([[1]]);
    });

    it(`${version}: GC off → GC ticker not available, with the meta-client suffix`, () => {
      const { cluster: c } = cluster();
      c.repartition.settings.isMetasrvGcEnabled = false;
      // Also when maintenance is on: without GC there is no scheduler to check it.
      c.maintenance = true;
      for (const [fn, sql] of [
        ['gc_regions', `ADMIN gc_regions(${R0})`],
        ['gc_table', "ADMIN gc_table('monitor')"],
      ] as const) {
        expect(failure(sql, version, c)).toEqual(
          executionError(
            fn,
            'Unexpected, violated: GC ticker not available, code: Unexpected, tonic code: Internal error',
          ),
        );
      }
    });
  }

  it('maintenance mode rejects manual GC in v1.2 only', () => {
    const { cluster: c } = cluster();
    c.maintenance = true;
    expect(failure(`ADMIN gc_regions(${R0})`, 'v1.2', c)).toEqual(
      executionError(
        'gc_regions',
        'Manual GC is rejected because maintenance mode is enabled, code: InvalidArguments, tonic code: Client specified an invalid argument',
      ),
    );
    // v1.1: maintenance mode does not touch GC (API.md §3.1).
    expect(answer(`ADMIN gc_regions(${R0})`, 'v1.1', c).rows).toEqual([[1]]);
    expect(answer("ADMIN gc_table('monitor')", 'v1.1', c).rows).toEqual([[3]]);
  });

  it('cases API.md gives no text for are refused as unmodelled', () => {
    for (const sql of [
      'ADMIN gc_regions()',
      "ADMIN gc_regions('x')",
      `ADMIN gc_regions(${R0}, ${R0})`,
      'ADMIN gc_regions(4398046511199)',
      "ADMIN gc_table('x')",
      "ADMIN gc_table('cpu')",
      'ADMIN gc_table(1)',
    ]) {
      const e = failure(sql, 'v1.2');
      expect([e.status, e.code]).toEqual([400, 1001]);
      expect(e.error).toMatch(/^Not supported by the GreptimeDB emulator: gc_(regions|table): /);
    }
  });
});

describe('reconcile_* (API.md §5, v0.17+)', () => {
  for (const version of VERSIONS) {
    it(`${version}: a strategy other than the exact proto names is refused`, () => {
      for (const [fn, sql] of [
        ['reconcile_table', "ADMIN reconcile_table('monitor', 'use_latest')"],
        ['reconcile_database', "ADMIN reconcile_database('public', 'use_latest', 8)"],
        ['reconcile_catalog', "ADMIN reconcile_catalog('use_latest')"],
      ] as const) {
        expect(failure(sql, version)).toEqual(
          executionError(fn, 'Invalid function args: Invalid resolve strategy: use_latest'),
        );
      }
    });

    it(`${version}: a valid call is refused as unmodelled (no procedure type given)`, () => {
      for (const sql of [
        "ADMIN reconcile_table('monitor')",
        "ADMIN reconcile_table('monitor', 'UseMetasrv')",
        "ADMIN reconcile_database('public', 'AbortOnConflict', 64)",
        'ADMIN reconcile_catalog()',
      ]) {
        const e = failure(sql, version);
        expect([e.status, e.code]).toEqual([400, 1001]);
        expect(e.error).toContain('the reconcile procedure');
      }
    });
  }
});

describe('flush_flow (API.md §5, v0.9.1+)', () => {
  it('exists in both versions but no flow is modelled', () => {
    for (const version of VERSIONS) {
      const e = failure("ADMIN flush_flow('f')", version);
      expect([e.status, e.code]).toEqual([400, 1001]);
      expect(e.error).toContain('flush_flow: flows');
    }
  });
});

describe('discard_unflushed (API.md §0, §5: v1.2, ADMIN-only)', () => {
  const memtables = (c: ReturnType<typeof cluster>['cluster'], version: SqlApiVersion) =>
    answer(
      'SELECT region_id, memtable_size, sst_size FROM information_schema.region_statistics ORDER BY region_id',
      version,
      c,
    ).rows;

  it('v1.2: drops the memtables of a table, SSTs stay; 0 as sqlness shows', () => {
    const { cluster: c, clock } = cluster();
    const before = memtables(c, 'v1.2');
    expect(before.every((r) => Number(r[1]) > 0)).toBe(true);
    expect(answer("ADMIN discard_unflushed('monitor')", 'v1.2', c)).toEqual({
      schema: {
        column_schemas: [{ name: "ADMIN discard_unflushed('monitor')", data_type: 'UInt64' }],
      },
      rows: [[0]],
      total_rows: 1,
    });
    // Repeating it is idempotent (sqlness).
    expect(answer("ADMIN discard_unflushed('monitor')", 'v1.2', c).rows).toEqual([[0]]);
    clock.advance(1);
    const after = memtables(c, 'v1.2');
    expect(after.map((r) => [r[0], r[1], r[2]])).toEqual(before.map((r) => [r[0], 0, r[2]]));
  });

  it('v1.2: one region by id', () => {
    const { cluster: c } = cluster();
    expect(answer(`ADMIN discard_unflushed(${R1})`, 'v1.2', c).rows).toEqual([[0]]);
    const rows = memtables(c, 'v1.2');
    expect(rows.map((r) => Number(r[1]) === 0)).toEqual([false, true, false]);
  });

  it('v1.2: a metric logical table fails; SELECT has no such function', () => {
    expect(failure("ADMIN discard_unflushed('cpu')", 'v1.2')).toEqual(
      executionError(
        'discard_unflushed',
        'Not supported: discarding unflushed data from a Metric Engine logical table',
      ),
    );
    expect(failure('SELECT discard_unflushed(0)', 'v1.2')).toEqual({
      status: 400,
      code: 3000,
      error: "Failed to plan SQL: Error during planning: Invalid function 'discard_unflushed'.",
    });
  });

  it('v1.1 has no discard_unflushed: an unknown admin function', () => {
    expect(failure("ADMIN discard_unflushed('monitor')", 'v1.1')).toEqual({
      status: 400,
      code: 1004,
      error: 'Admin function not found: discard_unflushed',
    });
  });

  it('cases API.md gives no text for are refused as unmodelled', () => {
    for (const sql of [
      'ADMIN discard_unflushed()',
      "ADMIN discard_unflushed('monitor', 'x')",
      "ADMIN discard_unflushed('x')",
      'ADMIN discard_unflushed(4398046511199)',
      'ADMIN discard_unflushed(true)',
    ]) {
      const e = failure(sql, 'v1.2');
      expect([e.status, e.code]).toEqual([400, 1001]);
      expect(e.error).toMatch(/^Not supported by the GreptimeDB emulator: discard_unflushed: /);
    }
  });
});

describe('admin_function events (API.md §6.3, v1.2)', () => {
  const ADMIN_COLUMNS =
    'SELECT type, actor, admin_function_name, admin_function_status, payload, admin_function_output FROM greptime_private.events';

  it('one row per ADMIN statement, flushed within 5 s; an unknown function fails', () => {
    const { cluster: c, clock } = cluster();
    answer("ADMIN FLUSH_TABLE('monitor')", 'v1.2', c);
    failure('ADMIN missing_admin_function()', 'v1.2', c);
    // The recorder creates the table with its first (flushed) insert.
    expect(failure('SELECT * FROM greptime_private.events', 'v1.2', c)).toEqual({
      status: 400,
      code: 4001,
      error: 'Failed to plan SQL: Table not found: greptime.greptime_private.events',
    });
    clock.advance(5_000);
    const all = answer('SELECT * FROM greptime_private.events', 'v1.2', c);
    // Not a procedure: no procedure_* columns; actor, then the type's own columns.
    expect(all.schema.column_schemas).toEqual([
      { name: 'type', data_type: 'String' },
      { name: 'payload', data_type: 'Json' },
      { name: 'timestamp', data_type: 'TimestampNanosecond' },
      { name: 'actor', data_type: 'String' },
      { name: 'admin_function_name', data_type: 'String' },
      { name: 'admin_function_status', data_type: 'String' },
      { name: 'admin_function_output', data_type: 'Json' },
    ]);
    expect(answer(`${ADMIN_COLUMNS} ORDER BY timestamp`, 'v1.2', c).rows).toEqual([
      [
        'admin_function',
        'greptime',
        'flush_table',
        'Succeeded',
        { arguments: { type: 'list', value: ['monitor'] }, version: 1 },
        { result: 0 },
      ],
      [
        'admin_function',
        'greptime',
        'missing_admin_function',
        'Failed',
        { arguments: { type: 'list', value: [] }, version: 1 },
        { error: '0: Admin function not found: missing_admin_function' },
      ],
    ]);
  });

  it('a u64 argument stays exact; the emulator refusing an unmodelled case records nothing', () => {
    const { cluster: c, clock } = cluster();
    answer(`ADMIN flush_region(${R1})`, 'v1.2', c);
    failure("ADMIN flush_flow('f')", 'v1.2', c);
    clock.advance(5_000);
    const body = runSql(c, `${ADMIN_COLUMNS} ORDER BY timestamp`, { version: 'v1.2' }).body;
    expect(body).toContain(
      `"rows":[["admin_function","greptime","flush_region","Succeeded",{"arguments":{"type":"list","value":[${R1}]},"version":1},{"result":0}]]`,
    );
  });

  it('migrate_region: the MetaSrv rows first, then the frontend row adds its columns', () => {
    const { cluster: c, clock } = cluster();
    const id = answer(`ADMIN migrate_region(${R1}, 1, 2, 120)`, 'v1.2', c).rows[0]?.[0];
    clock.advance(30_000);
    const all = answer('SELECT * FROM greptime_private.events ORDER BY timestamp', 'v1.2', c);
    expect(all.schema.column_schemas.map((s) => s.name).slice(-3)).toEqual([
      'admin_function_name',
      'admin_function_status',
      'admin_function_output',
    ]);
    const rows = answer(
      'SELECT type, procedure_state, admin_function_output FROM greptime_private.events ORDER BY timestamp',
      'v1.2',
      c,
    ).rows;
    expect(rows).toEqual([
      ['region_migration', 'Running', null],
      ['admin_function', null, { result: id }],
      ['region_migration', 'Done', null],
    ]);
  });

  it('v1.1 records no admin_function row', () => {
    const { cluster: c, clock } = cluster();
    answer("ADMIN flush_table('monitor')", 'v1.1', c);
    clock.advance(5_000);
    expect(failure('SELECT * FROM greptime_private.events', 'v1.1', c).code).toBe(4001);
  });

  it('[event_recorder] event_types: a type left out is not written', () => {
    const { cluster: c, clock } = cluster();
    c.events.eventTypes = new Set(['region_migration']);
    answer("ADMIN flush_table('monitor')", 'v1.2', c);
    answer(`ADMIN migrate_region(${R1}, 1, 2, 120)`, 'v1.2', c);
    clock.advance(30_000);
    const types = answer('SELECT type FROM greptime_private.events', 'v1.2', c).rows;
    expect(types).toEqual([['region_migration'], ['region_migration']]);

    const only = cluster();
    only.cluster.events.eventTypes = new Set(['admin_function']);
    answer(`ADMIN migrate_region(${R1}, 1, 2, 120)`, 'v1.2', only.cluster);
    only.clock.advance(30_000);
    expect(
      answer('SELECT admin_function_name FROM greptime_private.events', 'v1.2', only.cluster).rows,
    ).toEqual([['migrate_region']]);
  });
});

describe('POST /control/event-types (sockets)', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function control(path: string, body: unknown) {
    const r = await fetch(`http://${emulator?.controlAddr ?? ''}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: z.record(z.string(), z.unknown()).parse(await r.json()) };
  }

  it('sets the v1.2 filter, shown in the state; v1.1 has no such option; names are checked', async () => {
    emulator = await startEmulator({ api: 'v1.1', datanodes: 3 });
    const v11 = await control('/control/event-types', { eventTypes: [] });
    expect(v11).toEqual({
      status: 400,
      body: { error: 'event types need api v1.2 (reset with {"api":"v1.2"})', issues: [] },
    });
    await control('/control/reset', { api: 'v1.2' });
    const set = await control('/control/event-types', { eventTypes: ['admin_function'] });
    expect(set.status).toBe(200);
    expect(set.body.v1).toMatchObject({ eventTypes: ['admin_function'] });
    expect(emulator.cluster.events.isRecorded('region_migration')).toBe(false);
    const all = await control('/control/event-types', { eventTypes: null });
    expect(all.body.v1).toMatchObject({ eventTypes: null });
    expect((await control('/control/event-types', { eventTypes: ['slow_query'] })).status).toBe(
      400,
    );
  });
});

describe('v1.2 MetaSrv start-up needs GC once a repartition was submitted (API.md §3.1, sockets)', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function control(path: string, body: unknown) {
    const r = await fetch(`http://${emulator?.controlAddr ?? ''}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: z.record(z.string(), z.unknown()).parse(await r.json()) };
  }

  async function sql(text: string) {
    const r = await fetch(`http://${emulator?.frontendAddr ?? ''}/v1/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sql: text }).toString(),
    });
    return r.status;
  }

  const running = (node: number) =>
    emulator?.cluster.metasrvs.find((m) => m.index === node)?.running;

  it('GC off: a MetaSrv restarts until a repartition was submitted, then stays down', async () => {
    emulator = await startEmulator({ api: 'v1.2', seed: 2, datanodes: 3 });
    await control('/control/repartition', { gcEnabled: false });
    await control('/control/metasrv/stop', { node: 1 });
    expect((await control('/control/metasrv/start', { node: 1 })).status).toBe(200);
    expect(running(1)).toBe(true);

    await control('/control/repartition', { gcEnabled: true });
    const split =
      "ALTER TABLE monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir') WITH (WAIT = false)";
    expect(await sql(split)).toBe(200);
    await control('/control/repartition', { gcEnabled: false });
    await control('/control/metasrv/stop', { node: 1 });
    expect(await control('/control/metasrv/start', { node: 1 })).toEqual({
      status: 400,
      body: {
        error:
          'MetaSrv 1 did not start: Metasrv GC must be enabled because the cluster has durable repartition state',
        issues: [],
      },
    });
    expect(running(1)).toBe(false);
    // Its HTTP server never started.
    await expect(fetch(`http://${emulator.metasrvAddrs[1] ?? ''}/admin/health`)).rejects.toThrow();
    // With GC on again the node starts.
    await control('/control/repartition', { gcEnabled: true });
    expect((await control('/control/metasrv/start', { node: 1 })).status).toBe(200);
    expect(running(1)).toBe(true);
  });
});

describe('v1.2 [http] enable_api_server (API.md §3.4, sockets)', () => {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const get = async (addr: string | null, path: string) => {
    const r = await fetch(`http://${addr ?? ''}${path}`);
    return { status: r.status, body: await r.text() };
  };

  it('serves /v1 like the frontend and 404s every other path; off by default', async () => {
    emulator = await startEmulator({ api: 'v1.2', datanodes: 3 });
    expect(emulator.apiServerAddr).toBeNull();
    await emulator.close();

    emulator = await startEmulator({ api: 'v1.2', datanodes: 3, apiServerPort: 0 });
    const api = emulator.apiServerAddr;
    expect(api).not.toBeNull();
    expect(api).not.toBe(emulator.frontendAddr);
    const sql =
      '/v1/sql?sql=SELECT%20peer_type%20FROM%20information_schema.cluster_info%20LIMIT%201';
    const viaApi = await get(api, sql);
    expect(viaApi.status).toBe(200);
    expect(viaApi.body).toContain('"rows":[["');
    expect(await get(api, '/v1/health')).toEqual({ status: 200, body: '{}' });
    // `/health` is outside the API surface: 404 here, 200 on the frontend's own port.
    expect(await get(api, '/health')).toEqual({ status: 404, body: '' });
    expect((await get(emulator.frontendAddr, '/health')).status).toBe(200);
  });

  it('exists only in v1.2: a reset to v1.1 closes it, back to v1.2 opens it', async () => {
    emulator = await startEmulator({ api: 'v1.1', datanodes: 3, apiServerPort: 0 });
    expect(emulator.apiServerAddr).toBeNull();
    await emulator.controller.reset({ api: 'v1.2' });
    expect(emulator.apiServerAddr).not.toBeNull();
    await emulator.controller.reset({ api: 'v1.1' });
    expect(emulator.apiServerAddr).toBeNull();
  });
});
