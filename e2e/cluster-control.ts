/**
 * A typed client for the emulator's control API, used by the `cluster` fixture. Only the fields
 * the specs read are parsed; the control API's own reference is in the README.
 */
import type { APIRequestContext } from '@playwright/test';
import { z } from 'zod';

const EmbeddedEmulatorSchema = z.object({
  controlAddr: z.string(),
  metasrvAddrs: z.array(z.string()),
});

const ProcedureSchema = z.object({
  procedureId: z.string(),
  regionId: z.string(),
  fromPeerId: z.number(),
  toPeerId: z.number(),
  status: z.string(),
  outcome: z.string().nullable(),
  submittedTo: z.number().nullable().optional(),
});
export type EmulatedProcedure = z.infer<typeof ProcedureSchema>;

const StateSchema = z.object({
  api: z.string(),
  leader: z.object({ node: z.number(), addr: z.string() }).nullable(),
  metasrvs: z.array(
    z.object({ node: z.number(), addr: z.string(), running: z.boolean(), isLeader: z.boolean() }),
  ),
  datanodes: z.array(
    z.object({ id: z.number(), addr: z.string(), running: z.boolean(), alive: z.boolean() }),
  ),
  procedures: z.array(ProcedureSchema),
  maintenance: z.boolean(),
  /** v1 only: reported (gRPC-style) MetaSrv address -> its admin HTTP address. */
  v1: z
    .object({
      leaderAddrMap: z.record(z.string(), z.string()),
      /** The emulated frontend's `host:port` (`/v1/sql`). */
      frontendAddr: z.string().nullable().optional(),
    })
    .optional(),
});
export type EmulatorState = z.infer<typeof StateSchema>;

const TableSchema = z.object({
  tableId: z.number(),
  regions: z.array(
    z.object({
      regionId: z.string(),
      regionNumber: z.number(),
      leaderPeerId: z.number().nullable(),
      leaderStatus: z.string().nullable(),
    }),
  ),
});
export type EmulatedTable = z.infer<typeof TableSchema>;

const RepartitionSchema = z.object({
  procedureId: z.string(),
  status: z.string(),
  error: z.string().nullable(),
});
export type EmulatedRepartition = z.infer<typeof RepartitionSchema>;

const RequestLogSchema = z.object({
  entries: z.array(
    z.object({
      node: z.number(),
      path: z.string(),
      query: z.unknown(),
      status: z.number().nullable(),
      body: z.string().nullable().optional(),
    }),
  ),
});
export type RequestLogEntry = z.infer<typeof RequestLogSchema>['entries'][number];

export interface ResetOptions {
  seed?: number;
  api?: 'v0.6' | 'v0.7' | 'v1.1' | 'v1.2';
  /** v1: `name:password` the frontend requires; null turns auth off (kept when absent). */
  frontendUser?: string | null;
  datanodes?: number;
  /** Size the cluster (up to 100,000 regions); null: back to the seeded set of tables. */
  tables?: number | null;
  regions?: number | null;
  /** No tables at all (kept when absent). */
  empty?: boolean;
  replaySpeed?: number;
  replayWorkMs?: number;
  clockSpeed?: number;
  electionDelayMs?: number;
}

export interface FaultOptions {
  path: string;
  node?: number;
  times?: number;
  latencyMs?: number;
  action?: 'error' | 'truncate' | 'wrong-types' | 'body' | 'drop';
  status?: number;
  body?: string;
}

export class ClusterControl {
  private constructor(
    private readonly request: APIRequestContext,
    private readonly base: string,
    readonly metasrvAddrs: string[],
  ) {}

  /** A standalone emulator (`npm run emulator`) whose control API listens at controlAddr. */
  static at(
    request: APIRequestContext,
    controlAddr: string,
    metasrvAddrs: string[],
  ): ClusterControl {
    return new ClusterControl(request, `http://${controlAddr}/control`, metasrvAddrs);
  }

  /** Finds the embedded emulator behind the console server at baseURL. */
  static async connect(request: APIRequestContext, baseURL: string): Promise<ClusterControl> {
    const answer = await request.get(`${baseURL}/api/dev/emulator`);
    if (!answer.ok()) throw new Error(`no embedded emulator at ${baseURL}: ${answer.status()}`);
    const info = EmbeddedEmulatorSchema.parse(await answer.json());
    return new ClusterControl(request, `http://${info.controlAddr}/control`, info.metasrvAddrs);
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ) {
    const answer = await this.request.fetch(`${this.base}${path}`, {
      method,
      // A fresh connection per call: a pooled one can be closed by the control server's
      // keep-alive timeout in the instant it is reused (ECONNRESET, seen in CI), and a
      // control call such as a reset must not be sent twice.
      headers: { connection: 'close' },
      ...(body === undefined ? {} : { data: body }),
    });
    const text = await answer.text();
    if (!answer.ok()) throw new Error(`control ${method} ${path} -> ${answer.status()}: ${text}`);
    return schema.parse(JSON.parse(text));
  }

  reset(options: ResetOptions = {}): Promise<EmulatorState> {
    return this.call('POST', '/reset', StateSchema, options);
  }
  state(): Promise<EmulatorState> {
    return this.call('GET', '/state', StateSchema);
  }
  table(tableId: number): Promise<EmulatedTable> {
    return this.call('GET', `/tables/${tableId}`, TableSchema);
  }
  createTable(body: Record<string, unknown>): Promise<unknown> {
    return this.call('POST', '/tables', z.unknown(), body);
  }
  /** Moves a region's leader outside any procedure, as another tool would. */
  moveRegionLeader(regionId: string, peerId: number): Promise<unknown> {
    return this.call('POST', '/region-leader', z.unknown(), { regionId, peerId });
  }
  /** v1.2: the region carries `multiple` × its datanode's mean query CPU from now; null ends it. */
  setRegionLoad(regionId: string, multiple: number | null): Promise<unknown> {
    return this.call('POST', '/region-load', z.unknown(), { regionId, multiple });
  }
  stopMetasrv(node: number): Promise<EmulatorState> {
    return this.call('POST', '/metasrv/stop', StateSchema, { node });
  }
  startMetasrv(node: number): Promise<EmulatorState> {
    return this.call('POST', '/metasrv/start', StateSchema, { node });
  }
  stopDatanode(id: number): Promise<EmulatorState> {
    return this.call('POST', '/datanode/stop', StateSchema, { id });
  }
  /** Arms a one-shot fault: datanode `id` stops the moment any procedure enters `state`. */
  stopDatanodeOnState(id: number, state: string): Promise<EmulatorState> {
    return this.call('POST', '/datanode/stop-on-state', StateSchema, { id, state });
  }
  startDatanode(id: number): Promise<EmulatorState> {
    return this.call('POST', '/datanode/start', StateSchema, { id });
  }
  setReplay(body: { speed?: number; workMs?: number }): Promise<EmulatorState> {
    return this.call('POST', '/replay', StateSchema, body);
  }
  setClock(body: { speed?: number; advanceMs?: number }): Promise<EmulatorState> {
    return this.call('POST', '/clock', StateSchema, body);
  }
  /** v1: a migration started by the cluster itself (trigger AutoRebalance), not the console. */
  autoMigrate(body: { regionId: string; toPeerId: number; timeoutSecs?: number }) {
    return this.call('POST', '/auto-migrate', z.object({ procedureId: z.string() }), body);
  }
  /** v1.2: MetaSrv `[gc] enable` (false refuses every repartition); emulated ms per datanode step. */
  setRepartition(body: { gcEnabled?: boolean; stepMs?: number }): Promise<EmulatorState> {
    return this.call('POST', '/repartition', StateSchema, body);
  }
  /** `local-file`: the datanode refuses the regions a repartition allocates (API.md §7.2 step 10). */
  setDatanodeStorage(id: number, storage: 'object' | 'local-file'): Promise<EmulatorState> {
    return this.call('POST', '/datanode/storage', StateSchema, { id, storage });
  }
  /** v1: the repartition procedure the emulated MetaSrv runs (`/control/repartitions/:id`). */
  repartition(procedureId: string): Promise<EmulatedRepartition> {
    return this.call('GET', `/repartitions/${encodeURIComponent(procedureId)}`, RepartitionSchema);
  }
  /**
   * v1: one statement sent straight to the emulated frontend's `/v1/sql`, as another SQL client
   * would send it (not through the console), with `auth` (`name:password`) as basic auth.
   * Returns the frontend's status and JSON body.
   */
  async frontendSql(statement: string, auth: string): Promise<{ status: number; body: unknown }> {
    const frontendAddr = (await this.state()).v1?.frontendAddr;
    if (frontendAddr == null) throw new Error('the emulator has no SQL frontend (legacy API?)');
    const answer = await this.request.post(`http://${frontendAddr}/v1/sql?db=greptime-public`, {
      form: { sql: statement },
      headers: {
        authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
        connection: 'close',
      },
    });
    const body: unknown = JSON.parse(await answer.text());
    return { status: answer.status(), body };
  }
  injectFault(fault: FaultOptions): Promise<unknown> {
    return this.call('POST', '/faults', z.unknown(), fault);
  }
  async procedures(): Promise<EmulatedProcedure[]> {
    const answer = await this.call(
      'GET',
      '/procedures',
      z.object({ procedures: z.array(ProcedureSchema) }),
    );
    return answer.procedures;
  }
  async requests(path?: string): Promise<RequestLogEntry[]> {
    const query = path === undefined ? '' : `?path=${encodeURIComponent(path)}`;
    return (await this.call('GET', `/requests${query}`, RequestLogSchema)).entries;
  }
  clearRequests(): Promise<unknown> {
    return this.call('POST', '/requests/clear', z.unknown());
  }

  /** Waits until the emulator reports a running leader (after a failover, say). */
  async waitForLeader(isWanted: (state: EmulatorState) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.state();
      if (isWanted(state)) return state;
      if (Date.now() > deadline)
        throw new Error(`leader condition not met: ${JSON.stringify(state.leader)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * The address the console lists for a MetaSrv node: the configured one. On v1 that is the
 * admin HTTP address, not the gRPC-style address the node reports (v0.16+, API.md §3.1).
 */
export function listedAddr(state: EmulatorState, reported: string): string {
  return state.v1?.leaderAddrMap[reported] ?? reported;
}
