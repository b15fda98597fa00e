/**
 * `npm run emulator -- [options]` serves an emulated cluster: MetaSrv node i on port + i, the
 * control API on --control-port. `npm run emulator -- control <action> ...` drives a running
 * emulator through its control API. Run with --help for the list.
 */
import { parseServeFlags, splitArgs } from './cli-args.ts';
import { isSqlApi } from './model/types.ts';
import { startEmulator } from './server.ts';

const USAGE = `Usage:
  npm run emulator -- [--port 3002] [--api v0.6|v0.7|v1.1|v1.2] [--datanodes 4] [--seed 1]
                      [--admin-port <port+1000>] [--frontend-port <port+998>]
                      [--frontend-user name:password]          (v1 only)
                      [--api-server-port P]  (v1.2 [http] enable_api_server: /v1 and /dashboard only)
                      [--control-port <port+98>] [--host 127.0.0.1]
                      [--tables N] [--regions N] [--metasrvs 3] [--without-election]
                      [--clock-speed 1] [--replay-speed 1] [--replay-work-ms 1800]
                      [--election-delay-ms 3000] [--repartition-step-ms 2000]
  npm run emulator -- control <action> [args] [--control 127.0.0.1:3100]
    actions:
      state | procedures | requests | faults
      reset [--seed N] [--api v0.6|v0.7|v1.1|v1.2] [--datanodes N] [--tables N] [--regions N] [--empty]
            [--frontend-user name:password | --no-frontend-user] [--repartition-step-ms N]
      failover <datanode_id>                          (v1: regions move, trigger Failover)
      auto-migrate <region_id> <to_peer_id> [--timeout-secs 300]  (v1: trigger AutoRebalance)
      pause-procedures | resume-procedures            (v1 procedure manager)
      frontend-auth <name:password> | frontend-auth --off
      repartitions                                    (v1: ALTER TABLE … SPLIT/MERGE procedures)
      repartition-gc on|off                           (v1.2: off refuses every repartition)
      repartition-step-ms <ms>                        (work of one datanode step; > TIMEOUT times out)
      datanode-storage <id> object|local-file         (local-file: repartitions fail in AllocateRegion)
      region-load <region_id> <multiple>|off          (v1.2 query load: N x its datanode's mean)
      event-types <type>... | event-types --all       (v1.2 [event_recorder] event_types; none = [])
      stop-metasrv <i> | start-metasrv <i>
      stop-datanode <id> | start-datanode <id>
      replay-speed <x>            (0 = replay never catches up: migrations roll back)
      clock-speed <x> | advance <ms>
      create-table <table_id> <regions> [--name n] [--logical-of <physical_table_id>]
      region-leader <region_id> <peer_id>
      fault <path> [--node i] [--times n] [--latency-ms n]
            [--error <text> [--status 500] | --truncate | --wrong-types | --drop | --body <text>]
      clear-faults`;

async function serve(flags: Record<string, string | true>): Promise<void> {
  const options = parseServeFlags(flags);
  const emulator = await startEmulator({
    api: options.api,
    adminPort: options['admin-port'],
    frontendPort: options['frontend-port'],
    apiServerPort: options['api-server-port'] ?? null,
    frontendAuth: options['frontend-user'] ?? null,
    datanodes: options.datanodes,
    seed: options.seed,
    host: options.host,
    port: options.port,
    controlPort: options['control-port'],
    tables: options.tables,
    regions: options.regions,
    metasrvs: options.metasrvs,
    withoutElection: options['without-election'],
    clockSpeed: options['clock-speed'],
    replaySpeed: options['replay-speed'],
    replayWorkMs: options['replay-work-ms'],
    electionDelayMs: options['election-delay-ms'],
    repartitionStepMs: options['repartition-step-ms'],
  });
  const cluster = emulator.cluster;
  let regions = 0;
  for (const t of cluster.allTables()) if (t.kind === 'physical') regions += t.regions.length;
  console.log(
    `GreptimeDB emulator (MetaSrv ${options.api}, seed ${options.seed}): ${cluster.datanodes.size} datanodes, ${cluster.tableCount()} tables, ${regions} regions`,
  );
  emulator.reportedAddrs.forEach((addr, i) => {
    const admin = isSqlApi(options.api)
      ? ` (admin HTTP ${emulator.leaderAddrMap[addr] ?? '?'})`
      : '';
    console.log(`metasrv ${i}: ${addr}${admin}${i === cluster.leader() ? ' (leader)' : ''}`);
  });
  if (emulator.frontendAddr !== null) {
    const auth = options['frontend-user'] === undefined ? 'no auth' : 'basic auth on';
    console.log(`frontend: ${emulator.frontendAddr} (/v1/sql, ${auth})`);
  }
  if (emulator.apiServerAddr !== null) {
    console.log(`frontend API listener: ${emulator.apiServerAddr} (/v1 and /dashboard only)`);
  }
  console.log(`control: ${emulator.controlAddr}`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
}

function num(text: string | undefined, what: string): number {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(value)) {
    throw new Error(`${what} must be a number, got ${text ?? 'nothing'}`);
  }
  return value;
}

function optionalNum(flag: string | true | undefined, what: string): number | undefined {
  return flag === undefined ? undefined : num(flag === true ? undefined : flag, what);
}

function str(flag: string | true | undefined): string | undefined {
  return typeof flag === 'string' ? flag : undefined;
}

/** Maps a control subcommand to a control API request. */
function controlRequest(
  action: string,
  args: string[],
  flags: Record<string, string | true>,
): { method: 'GET' | 'POST'; path: string; body?: unknown } {
  switch (action) {
    case 'state':
      return { method: 'GET', path: '/control/state' };
    case 'procedures':
      return { method: 'GET', path: '/control/procedures' };
    case 'requests':
      return { method: 'GET', path: '/control/requests' };
    case 'faults':
      return { method: 'GET', path: '/control/faults' };
    case 'repartitions':
      return { method: 'GET', path: '/control/repartitions' };
    case 'reset':
      return {
        method: 'POST',
        path: '/control/reset',
        body: {
          seed: optionalNum(flags.seed, 'seed'),
          api: str(flags.api),
          datanodes: optionalNum(flags.datanodes, 'datanodes'),
          tables: optionalNum(flags.tables, 'tables'),
          regions: optionalNum(flags.regions, 'regions'),
          empty: flags.empty === true ? true : undefined,
          frontendUser: flags['no-frontend-user'] === true ? null : str(flags['frontend-user']),
          repartitionStepMs: optionalNum(flags['repartition-step-ms'], 'repartition-step-ms'),
        },
      };
    case 'failover':
      return {
        method: 'POST',
        path: '/control/datanode/failover',
        body: { id: num(args[0], 'datanode id') },
      };
    case 'auto-migrate':
      return {
        method: 'POST',
        path: '/control/auto-migrate',
        body: {
          regionId: args[0],
          toPeerId: num(args[1], 'peer id'),
          timeoutSecs: optionalNum(flags['timeout-secs'], 'timeout-secs'),
        },
      };
    case 'pause-procedures':
    case 'resume-procedures':
      return {
        method: 'POST',
        path: '/control/procedure-manager',
        body: { paused: action === 'pause-procedures' },
      };
    case 'frontend-auth': {
      if (flags.off === true) return { method: 'POST', path: '/control/frontend/auth', body: {} };
      const spec = args[0] ?? '';
      const colon = spec.indexOf(':');
      if (colon <= 0) throw new Error('frontend-auth needs name:password (or --off)');
      return {
        method: 'POST',
        path: '/control/frontend/auth',
        body: { user: spec.slice(0, colon), password: spec.slice(colon + 1) },
      };
    }
    case 'event-types':
      return {
        method: 'POST',
        path: '/control/event-types',
        body: { eventTypes: flags.all === true ? null : args },
      };
    case 'repartition-gc':
      if (args[0] !== 'on' && args[0] !== 'off') throw new Error('repartition-gc needs on or off');
      return {
        method: 'POST',
        path: '/control/repartition',
        body: { gcEnabled: args[0] === 'on' },
      };
    case 'repartition-step-ms':
      return {
        method: 'POST',
        path: '/control/repartition',
        body: { stepMs: num(args[0], 'step ms') },
      };
    case 'datanode-storage':
      return {
        method: 'POST',
        path: '/control/datanode/storage',
        body: { id: num(args[0], 'datanode id'), storage: args[1] },
      };
    case 'region-load':
      return {
        method: 'POST',
        path: '/control/region-load',
        body: { regionId: args[0], multiple: args[1] === 'off' ? null : num(args[1], 'multiple') },
      };
    case 'stop-metasrv':
    case 'start-metasrv':
      return {
        method: 'POST',
        path: `/control/metasrv/${action.slice(0, action.indexOf('-'))}`,
        body: { node: num(args[0], 'node index') },
      };
    case 'stop-datanode':
    case 'start-datanode':
      return {
        method: 'POST',
        path: `/control/datanode/${action.slice(0, action.indexOf('-'))}`,
        body: { id: num(args[0], 'datanode id') },
      };
    case 'replay-speed':
      return { method: 'POST', path: '/control/replay', body: { speed: num(args[0], 'speed') } };
    case 'clock-speed':
      return { method: 'POST', path: '/control/clock', body: { speed: num(args[0], 'speed') } };
    case 'advance':
      return { method: 'POST', path: '/control/clock', body: { advanceMs: num(args[0], 'ms') } };
    case 'create-table':
      return {
        method: 'POST',
        path: '/control/tables',
        body: {
          tableId: num(args[0], 'table id'),
          regions: args[1] === undefined ? undefined : num(args[1], 'regions'),
          name: str(flags.name),
          logicalOf: optionalNum(flags['logical-of'], 'logical-of'),
        },
      };
    case 'region-leader':
      return {
        method: 'POST',
        path: '/control/region-leader',
        body: { regionId: args[0], peerId: num(args[1], 'peer id') },
      };
    case 'fault': {
      let action: string | undefined;
      let body = str(flags.body);
      if (flags.error !== undefined) {
        action = 'error';
        body = str(flags.error);
      } else if (flags.truncate === true) action = 'truncate';
      else if (flags['wrong-types'] === true) action = 'wrong-types';
      else if (flags.drop === true) action = 'drop';
      else if (flags.body !== undefined) action = 'body';
      return {
        method: 'POST',
        path: '/control/faults',
        body: {
          path: args[0],
          node: optionalNum(flags.node, 'node'),
          times: optionalNum(flags.times, 'times'),
          latencyMs: optionalNum(flags['latency-ms'], 'latency-ms'),
          status: optionalNum(flags.status, 'status'),
          action,
          body,
        },
      };
    }
    case 'clear-faults':
      return { method: 'POST', path: '/control/faults/clear' };
    default:
      throw new Error(`unknown control action ${JSON.stringify(action)}\n${USAGE}`);
  }
}

async function control(positional: string[], flags: Record<string, string | true>) {
  const [action = 'state', ...args] = positional;
  const target = str(flags.control) ?? '127.0.0.1:3100';
  const request = controlRequest(action, args, flags);
  const response = await fetch(`http://${target}${request.path}`, {
    method: request.method,
    headers: { 'content-type': 'application/json' },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  console.log(text);
  if (!response.ok) process.exitCode = 1;
}

async function main(argv: string[]): Promise<void> {
  const { positional, flags } = splitArgs(argv);
  if (flags.help === true || positional[0] === 'help') {
    console.log(USAGE);
    return;
  }
  if (positional[0] === 'control') {
    const controlFlags = Object.fromEntries(
      Object.entries(flags).filter(([key]) => key !== 'control'),
    );
    await control(positional.slice(1), { ...controlFlags, control: flags.control ?? '' });
    return;
  }
  if (positional.length > 0)
    throw new Error(`unexpected argument ${positional[0] ?? ''}\n${USAGE}`);
  await serve(flags);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
