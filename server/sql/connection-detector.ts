/**
 * Works out which API generation a cluster speaks and which version it runs (issue 7,
 * "Detecting the generation"): the frontend's `information_schema.cluster_info` where a
 * frontend is configured and answers, otherwise whether MetaSrv still serves the legacy
 * `/admin/route` (its help page answers 200 up to v0.7.x and 404 from v0.8).
 * The answer is cached briefly: statements are built from it on every migration.
 */
import type { ConnectionInfo } from '../../contract/sql-contract.ts';
import { isSqlGenerationVersion, parseGreptimeVersion } from '../../contract/greptime-version.ts';
import type { LeaderReadResult } from '../migrations/migration-tracker.ts';
import { explainFrontendError, readFirstRecords, readFrontendError } from './frontend-answer.ts';
import type { FrontendTarget, SendSql } from './frontend-client.ts';
import { frontendAddr } from './frontend-client.ts';
import { CLUSTER_VERSION_STATEMENT } from '../../contract/sql/statements.ts';

export const CONNECTION_CACHE_MS = 30_000;
/**
 * An answer with a problem (credentials refused, frontend down) is kept only long enough for
 * the requests of one page load to share it: once the operator fixes the cause, the next
 * page load sees the cluster as it is rather than a half-minute-old failure.
 */
export const PROBLEM_CACHE_MS = 2_000;

export interface ConnectionDetectorDeps {
  frontend: FrontendTarget | null;
  sendSql: SendSql;
  readFromLeader: (pathAndQuery: string) => Promise<LeaderReadResult>;
  timeoutMs: number;
  now: () => number;
}

/** The frontend's own version first: it parses the statements the console sends. */
const PEER_TYPE_PREFERENCE = ['FRONTEND', 'STANDALONE', 'METASRV', 'DATANODE'];

export function versionFromClusterInfo(rows: Record<string, unknown>[]): string | null {
  for (const type of PEER_TYPE_PREFERENCE) {
    for (const row of rows) {
      const version = row.version;
      if (row.peer_type === type && typeof version === 'string') {
        const parsed = parseGreptimeVersion(version);
        if (parsed !== null) return parsed.text;
      }
    }
  }
  return null;
}

export class ConnectionDetector {
  private cached: { info: ConnectionInfo; atMs: number } | null = null;
  private inFlight: Promise<ConnectionInfo> | null = null;

  constructor(private readonly deps: ConnectionDetectorDeps) {}

  /** Drops the cached answer: the frontend just refused the credentials it was checked with. */
  forget(): void {
    this.cached = null;
  }

  /** The cached answer while fresh; `force` asks again (after a failure, say). */
  current(force = false): Promise<ConnectionInfo> {
    const now = this.deps.now();
    const cached = this.cached;
    const freshFor = cached?.info.problem == null ? CONNECTION_CACHE_MS : PROBLEM_CACHE_MS;
    if (!force && cached !== null && now - cached.atMs < freshFor) {
      return Promise.resolve(cached.info);
    }
    this.inFlight ??= this.detect().then(
      (info) => {
        this.cached = { info, atMs: this.deps.now() };
        this.inFlight = null;
        return info;
      },
      (error: unknown) => {
        this.inFlight = null;
        throw error;
      },
    );
    return this.inFlight;
  }

  private async detect(): Promise<ConnectionInfo> {
    const { frontend } = this.deps;
    const base = {
      frontendAddr: frontend === null ? null : frontendAddr(frontend.url),
      frontendOrigin: frontend === null ? null : new URL(frontend.url).origin,
      hasFrontendCredentials: frontend?.credentials != null,
      checkedAtMs: this.deps.now(),
    };
    let problem: ConnectionInfo['problem'] = null;
    if (frontend !== null) {
      const result = await this.deps.sendSql(frontend, CLUSTER_VERSION_STATEMENT, {
        timeoutMs: this.deps.timeoutMs,
      });
      if (result.kind === 'response') {
        const text = result.body.toString('utf8');
        if (result.status === 200) {
          const rows = readFirstRecords(text);
          const version = rows === null ? null : versionFromClusterInfo(rows);
          const parsed = version === null ? null : parseGreptimeVersion(version);
          if (parsed !== null) {
            return {
              ...base,
              generation: isSqlGenerationVersion(parsed) ? 'sql' : 'legacy',
              version: parsed.text,
              detectedBy: 'cluster-info',
              problem: null,
            };
          }
          problem = {
            status: 200,
            code: null,
            message: 'information_schema.cluster_info named no version the console can read.',
          };
        } else {
          const error = readFrontendError(text);
          problem = {
            status: result.status,
            code: error?.code ?? null,
            message: explainFrontendError(result.status, error),
          };
        }
      } else {
        problem = {
          status: null,
          code: null,
          message: `The frontend ${result.addr} could not be asked (${result.message}).`,
        };
      }
    }
    // No usable frontend answer: the legacy endpoints decide.
    const help = await this.deps.readFromLeader('/admin/route/help');
    if (help.kind === 'response' && help.status === 200) {
      return {
        ...base,
        generation: 'legacy',
        version: null,
        detectedBy: 'legacy-endpoints',
        problem,
      };
    }
    if (help.kind === 'response' && help.status === 404) {
      return {
        ...base,
        generation: 'sql',
        version: null,
        detectedBy: problem === null ? 'no-legacy-endpoints' : 'frontend-error',
        problem: problem ?? {
          status: null,
          code: null,
          message:
            'MetaSrv no longer serves /admin/route (GreptimeDB v0.8 or later), and no frontend is ' +
            'configured: set FRONTEND_URL on the console server so tables and migrations can use SQL.',
        },
      };
    }
    const why = help.kind === 'failed' ? help.message : `HTTP ${help.status}`;
    return {
      ...base,
      // Unknown; the legacy API is the console's baseline until something says otherwise.
      generation: frontend === null ? 'legacy' : 'sql',
      version: null,
      detectedBy: frontend === null ? 'legacy-endpoints' : 'frontend-error',
      problem: problem ?? {
        status: null,
        code: null,
        message: `MetaSrv could not be asked (${why}).`,
      },
    };
  }
}
