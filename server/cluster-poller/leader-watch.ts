/**
 * The poller's view of which MetaSrv node leads, kept current by rounds of `/admin/leader`
 * (API.md §1.3). Most rounds ask only the current leader: it answers with its own address
 * while it leads and with its successor's once it follows, so one request a round is enough
 * to see a failover. The other nodes are asked when their view is due or the leader fails.
 *
 * Each round's answers are read by LeaderTracker's own rules (a reported address counts only
 * if it is configured or mapped to a configured one); this file adds what a long-lived view
 * needs on top: when each node last answered, since when it has not, and the changes.
 */
import type { Agent } from 'node:http';
import type { MetasrvStatus } from '../../contract/api-contract.ts';
import type { ClusterConnection } from '../proxy/cluster-connection.ts';
import { LeaderTracker } from '../proxy/leader-tracker.ts';
import type { SendToMetasrv, UpstreamResult } from '../proxy/upstream.ts';

export interface LeaderChangedEvent {
  kind: 'leader-changed';
  /** The last leader known before the change; null when none was ever known. */
  from: string | null;
  /** The new leader; null while no node that answers leads. */
  to: string | null;
  /** When the poller saw the change (ms since the epoch). */
  at: number;
}

export type PolledNodeStatus = MetasrvStatus['nodes'][number] & {
  /** When this node was last asked. */
  checkedAtMs: number;
  /** Since when the node has not answered; null while it answers. */
  unreachableSinceMs: number | null;
};

/** The contract's MetasrvStatus, each node with the age of its answer. */
export type PolledMetasrvStatus = Omit<MetasrvStatus, 'nodes'> & { nodes: PolledNodeStatus[] };

export interface LeaderWatchDeps {
  connection: ClusterConnection;
  send: SendToMetasrv;
  agent: Agent | false;
  now: () => number;
  /** How often the nodes other than the leader are asked. */
  followerIntervalMs: number;
  onLeaderChanged: (event: LeaderChangedEvent) => void;
}

export class LeaderWatch {
  private view: PolledMetasrvStatus | null = null;
  private lastKnownLeader: string | null = null;
  private lastFullRoundAtMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<PolledMetasrvStatus> | null = null;

  constructor(private readonly deps: LeaderWatchDeps) {}

  /** The last round's view; null before the first round. */
  last(): PolledMetasrvStatus | null {
    return this.view;
  }

  /**
   * One round: the leader alone while one is known and the others were asked within
   * `followerIntervalMs`, else every node. Concurrent callers share the round in flight.
   */
  poll(): Promise<PolledMetasrvStatus> {
    this.inFlight ??= this.round().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** Every node now, e.g. after a read from the leader failed (joins a round in flight). */
  pollAll(): Promise<PolledMetasrvStatus> {
    this.lastFullRoundAtMs = Number.NEGATIVE_INFINITY;
    return this.poll();
  }

  private async round(): Promise<PolledMetasrvStatus> {
    const leader = this.view?.leader?.addr;
    const isFollowerViewDue =
      this.deps.now() - this.lastFullRoundAtMs >= this.deps.followerIntervalMs;
    if (leader !== undefined && !isFollowerViewDue) {
      const view = await this.ask(new Set([leader]));
      // A leader that stopped answering or leading: the others say who leads now.
      if (view.leader !== null) return this.settle(view);
    }
    this.lastFullRoundAtMs = this.deps.now();
    return this.settle(await this.ask(new Set(this.deps.connection.metasrvAddrs)));
  }

  /** Asks `addrs`; the other nodes keep their last answer. */
  private async ask(addrs: ReadonlySet<string>): Promise<PolledMetasrvStatus> {
    const { connection, send, agent, now } = this.deps;
    const askedAtMs = now();
    // A throwaway tracker whose nodes outside this round "fail" without a request: its
    // reading of the answers is the proxy's, and no request leaves for a node not asked.
    const tracker = new LeaderTracker(connection, {
      agent,
      now,
      send: (request) =>
        addrs.has(request.addr) ? send(request) : Promise.resolve(notAsked(request.addr)),
    });
    const status = await tracker.status();
    const previous = new Map(this.view?.nodes.map((node) => [node.addr, node]));
    const nodes = status.nodes.map((node): PolledNodeStatus => {
      const kept = previous.get(node.addr);
      if (!addrs.has(node.addr) && kept !== undefined) return kept;
      return {
        ...node,
        checkedAtMs: askedAtMs,
        unreachableSinceMs: node.reachable ? null : (kept?.unreachableSinceMs ?? askedAtMs),
      };
    });
    const silentLeader = nodes.find((node) => node.addr === status.leader?.addr && !node.reachable);
    if (silentLeader === undefined) return { ...status, nodes };
    // The others still name a leader whose etcd lease has not run out, but it does not
    // answer: reads sent there would fail, so it is not shown as the leader.
    return {
      ...status,
      nodes,
      leader: null,
      leaderError: {
        code: 'metasrv-unreachable',
        message:
          `MetaSrv reports its leader at ${silentLeader.addr}, which does not answer: ` +
          (silentLeader.error ?? 'no answer'),
      },
    };
  }

  private settle(view: PolledMetasrvStatus): PolledMetasrvStatus {
    const isFirst = this.view === null;
    const before = this.view?.leader?.addr ?? null;
    const after = view.leader?.addr ?? null;
    this.view = view;
    if (!isFirst && before !== after) {
      this.deps.onLeaderChanged({
        kind: 'leader-changed',
        from: this.lastKnownLeader,
        to: after,
        at: view.checkedAtMs,
      });
    }
    if (after !== null) this.lastKnownLeader = after;
    return view;
  }
}

function notAsked(addr: string): UpstreamResult {
  return { kind: 'connect-failed', addr, code: 'NOT_ASKED', message: 'not asked in this round' };
}
