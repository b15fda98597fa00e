/**
 * The control API: JSON over HTTP under `/control/`, on its own port (a stopped MetaSrv must
 * not answer anything, so control never shares a MetaSrv port). Tests, the e2e `cluster`
 * fixture and the CLI drive the emulator through it. Reads are GET, actions POST (DELETE for
 * removing faults); bodies are JSON objects checked by the schemas in control-schemas.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  AutoMigrateSchema,
  FailoverSchema,
  FrontendAuthSchema,
  ProcedureManagerSchema,
  ClockSchema,
  CreateTableSchema,
  DatanodeIdSchema,
  DatanodeStorageSchema,
  EventTypesSchema,
  MetasrvNodeSchema,
  RegionLeaderSchema,
  RegionLoadSchema,
  ReplaySchema,
  RepartitionControlSchema,
  ResetSchema,
  StopOnStateSchema,
  describeIssues,
} from './control-schemas.ts';
import { FaultSpecSchema } from './faults.ts';
import type { EmulatorController } from './controller.ts';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1_000_000;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(400, 'invalid request body', describeIssues(result.error));
  }
  return result.data;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(body);
}

type Route = (ctl: EmulatorController, body: unknown, url: URL) => unknown;

const ROUTES: Record<string, Route> = {
  'GET /control/state': (ctl) => ctl.state(),
  'GET /control/procedures': (ctl) => ({ procedures: ctl.cluster().procedureList() }),
  'GET /control/repartitions': (ctl) => ({
    repartitions: ctl.cluster().repartition.procedureList(),
  }),
  'GET /control/faults': (ctl) => ({ faults: ctl.runtime.faults.list() }),
  'GET /control/requests': (ctl, _body, url) => {
    const node = url.searchParams.get('node');
    const path = url.searchParams.get('path') ?? undefined;
    return {
      counters: ctl.runtime.log.counters(),
      entries: ctl.runtime.log.list({ node: node === null ? undefined : Number(node), path }),
    };
  },
  'POST /control/requests/clear': (ctl) => {
    ctl.runtime.log.clear();
    return { ok: true };
  },
  'POST /control/reset': async (ctl, body) => {
    await ctl.reset(parse(ResetSchema, body));
    return ctl.state();
  },
  'POST /control/metasrv/stop': async (ctl, body) => {
    await ctl.stopMetasrv(parse(MetasrvNodeSchema, body).node);
    return ctl.state();
  },
  'POST /control/metasrv/start': async (ctl, body) => {
    await ctl.startMetasrv(parse(MetasrvNodeSchema, body).node);
    return ctl.state();
  },
  'POST /control/datanode/stop': (ctl, body) => {
    ctl.stopDatanode(parse(DatanodeIdSchema, body).id);
    return ctl.state();
  },
  'POST /control/datanode/stop-on-state': (ctl, body) => {
    const { id, state } = parse(StopOnStateSchema, body);
    ctl.cluster().stopDatanodeOnState(id, state);
    return ctl.state();
  },
  'POST /control/datanode/start': (ctl, body) => {
    ctl.startDatanode(parse(DatanodeIdSchema, body).id);
    return ctl.state();
  },
  'POST /control/replay': (ctl, body) => {
    const replay = parse(ReplaySchema, body);
    ctl.cluster().setReplay(replay);
    return ctl.state();
  },
  'POST /control/clock': (ctl, body) => {
    ctl.setClock(parse(ClockSchema, body));
    return ctl.state();
  },
  'POST /control/tables': (ctl, body) => ctl.createTable(parse(CreateTableSchema, body)),
  'POST /control/region-leader': (ctl, body) => {
    const { regionId, peerId } = parse(RegionLeaderSchema, body);
    ctl.cluster().forceRegionLeader(BigInt(regionId), peerId);
    return { ok: true };
  },
  'POST /control/datanode/storage': (ctl, body) => {
    const { id, storage } = parse(DatanodeStorageSchema, body);
    ctl.cluster().setDatanodeStorage(id, storage);
    return ctl.state();
  },
  'POST /control/repartition': (ctl, body) => {
    ctl.setRepartition(parse(RepartitionControlSchema, body));
    return ctl.state();
  },
  'POST /control/event-types': (ctl, body) => {
    ctl.setEventTypes(parse(EventTypesSchema, body).eventTypes);
    return ctl.state();
  },
  'POST /control/region-load': (ctl, body) => {
    const { regionId, multiple } = parse(RegionLoadSchema, body);
    ctl.cluster().setRegionQueryLoad(BigInt(regionId), multiple);
    return { ok: true };
  },
  'POST /control/datanode/failover': (ctl, body) => ctl.failover(parse(FailoverSchema, body).id),
  'POST /control/auto-migrate': (ctl, body) => {
    const { regionId, toPeerId, timeoutSecs } = parse(AutoMigrateSchema, body);
    return ctl.autoMigrate(BigInt(regionId), toPeerId, timeoutSecs ?? 300);
  },
  'POST /control/procedure-manager': (ctl, body) => {
    ctl.cluster().procedureManagerPaused = parse(ProcedureManagerSchema, body).paused;
    return ctl.state();
  },
  'POST /control/frontend/auth': (ctl, body) => {
    const auth = parse(FrontendAuthSchema, body);
    ctl.setFrontendAuth('user' in auth ? { user: auth.user, password: auth.password } : null);
    return ctl.state();
  },
  'POST /control/faults': (ctl, body) => ctl.runtime.faults.add(parse(FaultSpecSchema, body)),
  'POST /control/faults/clear': (ctl) => {
    ctl.runtime.faults.clear();
    return { ok: true };
  },
  'DELETE /control/faults': (ctl) => {
    ctl.runtime.faults.clear();
    return { ok: true };
  },
};

/** Routes with an id in the path: `/control/procedures/<id>`, `/control/tables/<id>`, ... */
function routeWithId(ctl: EmulatorController, method: string, path: string): unknown {
  const match = /^\/control\/(procedures|repartitions|tables|faults)\/([^/]+)$/.exec(path);
  if (match === null) return undefined;
  const [, kind, id = ''] = match;
  if (kind === 'procedures' && method === 'GET') {
    const procedure = ctl.cluster().procedure(decodeURIComponent(id));
    if (procedure === undefined) throw new HttpError(404, `no procedure ${id}`);
    return procedure;
  }
  if (kind === 'repartitions' && method === 'GET') {
    const repartition = ctl.cluster().repartition.procedure(decodeURIComponent(id));
    if (repartition === undefined) throw new HttpError(404, `no repartition ${id}`);
    return repartition;
  }
  if (kind === 'tables' && method === 'GET') {
    const table = ctl.tableDetails(Number(id));
    if (table === undefined) throw new HttpError(404, `no table ${id}`);
    return table;
  }
  if (kind === 'faults' && method === 'DELETE') {
    if (!ctl.runtime.faults.remove(Number(id))) throw new HttpError(404, `no fault ${id}`);
    return { ok: true };
  }
  return undefined;
}

export function createControlServer(ctl: EmulatorController): Server {
  return createServer((req, res) => {
    void (async () => {
      try {
        const method = req.method ?? 'GET';
        const url = new URL(req.url ?? '/', 'http://control');
        const route = ROUTES[`${method} ${url.pathname}`];
        const body = method === 'GET' ? {} : await readJson(req);
        const result =
          route !== undefined
            ? await route(ctl, body, url)
            : routeWithId(ctl, method, url.pathname);
        if (result === undefined) {
          const known = Object.keys(ROUTES).some((k) => k.endsWith(` ${url.pathname}`));
          throw new HttpError(
            known ? 405 : 404,
            known ? `method ${method} not allowed` : `no control route ${url.pathname}`,
          );
        }
        send(res, 200, result);
      } catch (error) {
        if (error instanceof HttpError) {
          send(res, error.status, { error: error.message, issues: error.issues });
        } else {
          // Model refusals (unknown datanode, duplicate table id...) are the caller's mistake.
          const message = error instanceof Error ? error.message : String(error);
          send(res, 400, { error: message, issues: [] });
        }
      }
    })();
  });
}
