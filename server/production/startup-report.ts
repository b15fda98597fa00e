/**
 * What the server prints when it starts: where it listens, which clusters and MetaSrv nodes
 * (and frontend) it will talk to and whether each answers now, and loud warnings for the
 * settings that weaken it. Secrets are never printed, only how many credentials there are.
 */
import type { Agent } from 'node:http';
import { LEADER_PATH } from '../proxy/leader-tracker.ts';
import type { SendToMetasrv } from '../proxy/upstream.ts';
import { CLUSTER_VERSION_STATEMENT } from '../../contract/sql/statements.ts';
import type { FrontendTarget, SendSql } from '../sql/frontend-client.ts';
import type { ConsoleConfig } from './config.ts';

export interface ProbeResult {
  addr: string;
  answer: string;
}

export async function probeMetasrvs(
  addrs: readonly string[],
  deps: { send: SendToMetasrv; agent: Agent; timeoutMs: number },
): Promise<ProbeResult[]> {
  return Promise.all(
    addrs.map(async (addr): Promise<ProbeResult> => {
      const result = await deps.send({
        addr,
        pathAndQuery: LEADER_PATH,
        method: 'GET',
        timeoutMs: deps.timeoutMs,
        agent: deps.agent,
      });
      switch (result.kind) {
        case 'response': {
          const body = result.body.toString('utf8').trim().slice(0, 200);
          return {
            addr,
            answer: `answers (HTTP ${result.status}, leader: ${JSON.stringify(body)})`,
          };
        }
        case 'timeout':
          return { addr, answer: `DOES NOT ANSWER (${result.message})` };
        case 'connect-failed':
        case 'reset-after-send':
          return { addr, answer: `DOES NOT ANSWER (${result.code}: ${result.message})` };
      }
    }),
  );
}

/** One line on a cluster's frontend: where, as whom, and whether it answers SQL now. */
export async function probeFrontend(
  frontend: FrontendTarget,
  deps: { sendSql: SendSql; timeoutMs: number },
): Promise<string> {
  const who =
    frontend.credentials === null ? 'no credentials' : `user ${frontend.credentials.user}`;
  const result = await deps.sendSql(frontend, CLUSTER_VERSION_STATEMENT, {
    timeoutMs: deps.timeoutMs,
  });
  const answer =
    result.kind === 'response'
      ? result.status === 200
        ? 'answers'
        : `answers HTTP ${result.status}${result.status === 401 ? ' (credentials missing or wrong)' : ''}`
      : `DOES NOT ANSWER (${result.message})`;
  return `frontend ${frontend.url} (SQL path, ${who}) ${answer}`;
}

const BANNER = '!'.repeat(78);

export function warnings(config: ConsoleConfig, isEmulator: boolean): string[] {
  const lines: string[] = [];
  if (isEmulator) {
    lines.push(
      'NO CLUSTER IS CONFIGURED: serving the EMBEDDED EMULATED cluster, not a real GreptimeDB.',
      'Set METASRV_ADDRS (or CLUSTERS) to manage a real cluster.',
    );
  }
  if (config.tls === null && config.trustedProxies.size === 0) {
    lines.push(
      'Serving plain HTTP with no trusted reverse proxy: sessions, passwords and tokens',
      'cross the network unencrypted. Set TLS_CERT/TLS_KEY, or put an HTTPS proxy in front',
      'and set TRUSTED_PROXY.',
    );
  }
  if (config.auth.mode === 'none' && !config.isReadOnly) {
    lines.push('No auth: whoever reaches this port can migrate regions (loopback only).');
  }
  return lines;
}

export function describeConfig(config: ConsoleConfig, listeningAt: string): string[] {
  const limits = config.connectionLimits;
  return [
    `Region Console listening on ${listeningAt}`,
    `  public origin: ${config.publicOrigins.join(', ')}`,
    `  allowed Host values: ${[...config.allowedHosts].join(', ')}`,
    `  auth: ${config.auth.mode}${config.auth.mode === 'none' ? '' : ` (${config.auth.credentials.length} credential(s): ${config.auth.credentials.map((c) => c.name).join(', ')})`}`,
    `  read-only: ${config.isReadOnly ? 'yes, mutating calls are refused' : 'no'}`,
    `  TLS: ${config.tls === null ? 'off' : 'on'}; trusted proxies: ${[...config.trustedProxies].join(', ') || 'none'}`,
    `  MetaSrv timeout: ${config.timeoutMs} ms`,
    `  connections: at most ${limits.maxConnections}; idle ${limits.idleTimeoutMs} ms, headers ${limits.headersTimeoutMs} ms, request ${limits.requestTimeoutMs} ms, keep-alive ${limits.keepAliveTimeoutMs} ms (checked every ${limits.connectionsCheckingIntervalMs} ms)`,
    `  CA bundle for https frontends: ${config.caBundle === null ? 'none (system CAs)' : 'given'}`,
  ];
}

export function banner(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  return [BANNER, ...lines.map((line) => `!! WARNING: ${line}`), BANNER].join('\n');
}
