/**
 * Knows which configured MetaSrv node is the leader. Every MetaSrv answers `/admin/leader`
 * with the leader's address from etcd (followers included), or `election info is None` when
 * it runs without election and so is the leader itself (API.md §1.3). A reported address is
 * trusted only if it is configured or mapped to a configured one: the proxy never contacts a
 * host the operator did not list, whatever a MetaSrv says.
 */
import type { Agent } from 'node:http';
import type { MetasrvStatus, ProxyErrorCode } from '../../contract/api-contract.ts';
import type { ClusterConnection } from './cluster-connection.ts';
import { isMetasrvAddr } from './metasrv-addr.ts';
import type { SendToMetasrv, UpstreamResult } from './upstream.ts';

export const LEADER_PATH = '/admin/leader';
export const NO_ELECTION_ANSWER = 'election info is None';

export interface MetasrvLeader {
  /** Configured address leader-only requests go to. */
  addr: string;
  /** What MetaSrv reported (differs from addr when METASRV_LEADER_MAP maps it). */
  reportedAddr: string;
  withoutElection: boolean;
}

export interface LeaderError {
  code: Extract<
    ProxyErrorCode,
    'leader-not-configured' | 'no-leader' | 'metasrv-unreachable' | 'metasrv-timeout'
  >;
  message: string;
  metasrv?: string;
}

export type LeaderResolution =
  { ok: true; leader: MetasrvLeader } | { ok: false; error: LeaderError };

export interface LeaderTrackerDeps {
  send: SendToMetasrv;
  agent: Agent | false;
  now?: () => number;
}

function describeFailure(result: Exclude<UpstreamResult, { kind: 'response' }>): string {
  return result.kind === 'timeout' ? result.message : `${result.message} (${result.code})`;
}

export class LeaderTracker {
  private cached: MetasrvLeader | null = null;
  private inFlight: Promise<LeaderResolution> | null = null;
  private readonly configured: ReadonlySet<string>;
  private readonly now: () => number;

  constructor(
    private readonly cluster: ClusterConnection,
    private readonly deps: LeaderTrackerDeps,
  ) {
    this.configured = new Set(cluster.metasrvAddrs);
    this.now = deps.now ?? Date.now;
  }

  /** The cached leader, or a fresh lookup when none is known. */
  async current(): Promise<LeaderResolution> {
    if (this.cached !== null) return { ok: true, leader: this.cached };
    return this.resolve();
  }

  /**
   * Forgets `addr` as leader after it answered as a follower or could not be reached. Only
   * that address is forgotten, so a concurrent lookup that already found the new leader
   * is not thrown away.
   */
  forget(addr: string): void {
    if (this.cached?.addr === addr) this.cached = null;
  }

  /** Asks the configured nodes for the leader; concurrent callers share one lookup. */
  resolve(): Promise<LeaderResolution> {
    this.inFlight ??= this.lookUp().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** What every configured node answers to `/admin/leader`, asked in parallel. */
  async status(): Promise<MetasrvStatus> {
    const answers = await Promise.all(this.cluster.metasrvAddrs.map((addr) => this.ask(addr)));
    const resolution = this.interpret(answers);
    this.remember(resolution);
    return {
      nodes: answers.map((answer) =>
        answer.kind === 'response'
          ? {
              addr: answer.addr,
              reachable: true,
              leaderAnswer: { status: answer.status, body: answer.body.toString('utf8') },
              error: null,
            }
          : {
              addr: answer.addr,
              reachable: false,
              leaderAnswer: null,
              error: describeFailure(answer),
            },
      ),
      leader: resolution.ok ? resolution.leader : null,
      leaderError: resolution.ok
        ? null
        : { code: resolution.error.code, message: resolution.error.message },
      checkedAtMs: this.now(),
    };
  }

  private async lookUp(): Promise<LeaderResolution> {
    // All nodes are asked at once and the first node that answers 200 decides: every node
    // reports the same leader from etcd, and one dead node must not delay the lookup.
    const pending = this.cluster.metasrvAddrs.map((addr) => this.ask(addr));
    const firstAnswer = await Promise.any(
      pending.map(async (answer) => {
        const result = await answer;
        if (result.kind === 'response' && result.status === 200) return result;
        throw new Error('not a leader answer');
      }),
    ).catch(() => null);
    const resolution = this.interpret(
      firstAnswer !== null ? [firstAnswer] : await Promise.all(pending),
    );
    this.remember(resolution);
    return resolution;
  }

  private ask(addr: string): Promise<UpstreamResult> {
    return this.deps.send({
      addr,
      pathAndQuery: LEADER_PATH,
      method: 'GET',
      timeoutMs: this.cluster.timeoutMs,
      agent: this.deps.agent,
    });
  }

  private remember(resolution: LeaderResolution): void {
    this.cached = resolution.ok ? resolution.leader : null;
  }

  /** Turns `/admin/leader` answers (in configured order) into a leader or the reason for none. */
  private interpret(answers: readonly UpstreamResult[]): LeaderResolution {
    const leaderAnswer = answers.find(
      (answer) => answer.kind === 'response' && answer.status === 200,
    );
    if (leaderAnswer?.kind === 'response') {
      return this.leaderFrom(leaderAnswer.addr, leaderAnswer.body.toString('utf8').trim());
    }
    const texts = answers.flatMap((answer) =>
      answer.kind === 'response'
        ? [`${answer.addr} answered ${answer.status} "${answer.body.toString('utf8')}"`]
        : [],
    );
    if (texts.length > 0) {
      // Reachable but leaderless, e.g. 500 `MetaSrv has no leader at this moment` during an election.
      return {
        ok: false,
        error: { code: 'no-leader', message: `No MetaSrv leader is known: ${texts.join('; ')}` },
      };
    }
    const failures = answers.flatMap((answer) =>
      answer.kind === 'response' ? [] : [`${answer.addr} (${describeFailure(answer)})`],
    );
    const isAllTimeouts =
      answers.length > 0 && answers.every((answer) => answer.kind === 'timeout');
    return {
      ok: false,
      error: {
        code: isAllTimeouts ? 'metasrv-timeout' : 'metasrv-unreachable',
        message: `No configured MetaSrv node answered ${LEADER_PATH}: ${failures.join('; ')}`,
      },
    };
  }

  private leaderFrom(answeredBy: string, body: string): LeaderResolution {
    if (body === NO_ELECTION_ANSWER) {
      return {
        ok: true,
        leader: { addr: answeredBy, reportedAddr: answeredBy, withoutElection: true },
      };
    }
    if (!isMetasrvAddr(body)) {
      return {
        ok: false,
        error: {
          code: 'no-leader',
          message: `${answeredBy} answered ${LEADER_PATH} with "${body}", which is not a host:port address`,
          metasrv: answeredBy,
        },
      };
    }
    const addr = this.cluster.leaderMap.get(body) ?? body;
    if (!this.configured.has(addr)) {
      return {
        ok: false,
        error: {
          code: 'leader-not-configured',
          message:
            `MetaSrv reports its leader at ${body}, which is not a configured MetaSrv address ` +
            `(${this.cluster.metasrvAddrs.join(', ')}). Add it to METASRV_ADDRS, or map it with ` +
            `METASRV_LEADER_MAP=${body}=<configured address>.`,
          metasrv: body,
        },
      };
    }
    return { ok: true, leader: { addr, reportedAddr: body, withoutElection: false } };
  }
}
