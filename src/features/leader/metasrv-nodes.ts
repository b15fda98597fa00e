import type { MetasrvStatus } from '../../../contract/api-contract';

export type MetasrvNodeState =
  | { kind: 'leader' }
  /** Reachable and answering `/admin/leader` with 200; `reportsLeader` is what it answered. */
  | { kind: 'reachable'; reportsLeader: string }
  /** Reachable, but `/admin/leader` failed there (e.g. 500 `Failed to execute via Etcd`). */
  | { kind: 'reachable-with-error'; status: number; text: string }
  /** `sinceMs`: when the server's poller first had no answer (null when it does not say). */
  | { kind: 'unreachable'; reason: string; sinceMs: number | null };

export interface MetasrvNodeView {
  addr: string;
  state: MetasrvNodeState;
}

const NO_ELECTION_BODY = 'election info is None';

/** Turns the server's per-node answers into what the header says about each node. */
export function describeMetasrvNodes(status: MetasrvStatus): MetasrvNodeView[] {
  const leaderAddr = status.leader?.addr ?? null;
  return status.nodes.map((node): MetasrvNodeView => {
    if (node.addr === leaderAddr) return { addr: node.addr, state: { kind: 'leader' } };
    if (!node.reachable || node.leaderAnswer === null) {
      return {
        addr: node.addr,
        state: {
          kind: 'unreachable',
          reason: node.error ?? 'no answer',
          sinceMs: node.unreachableSinceMs ?? null,
        },
      };
    }
    const { status: httpStatus, body } = node.leaderAnswer;
    if (httpStatus !== 200) {
      return {
        addr: node.addr,
        state: { kind: 'reachable-with-error', status: httpStatus, text: body },
      };
    }
    return {
      addr: node.addr,
      state: {
        kind: 'reachable',
        reportsLeader: body === NO_ELECTION_BODY ? 'itself (no election)' : body,
      },
    };
  });
}

/** One line per node for people and screen readers: state in words, not colour alone. */
export function describeNodeState(state: MetasrvNodeState): string {
  switch (state.kind) {
    case 'leader':
      return 'leader';
    case 'reachable':
      return `reachable, follower (reports leader ${state.reportsLeader})`;
    case 'reachable-with-error':
      return `reachable, but /admin/leader answered HTTP ${state.status}: ${state.text}`;
    case 'unreachable':
      return state.sinceMs === null
        ? `unreachable: ${state.reason}`
        : `unreachable since ${formatClockTime(state.sinceMs)}: ${state.reason}`;
  }
}

/** A wall-clock time of day, 24-hour, to the second: when something was seen. */
export function formatClockTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', { hour12: false });
}
