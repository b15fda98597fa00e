import { describe, expect, it } from 'vitest';
import type { MetasrvStatus } from '../../../contract/api-contract';
import { describeMetasrvNodes, describeNodeState } from './metasrv-nodes';

const status: MetasrvStatus = {
  nodes: [
    {
      addr: '127.0.0.1:3002',
      reachable: true,
      leaderAnswer: { status: 200, body: '127.0.0.1:3003' },
      error: null,
    },
    {
      addr: '127.0.0.1:3003',
      reachable: true,
      leaderAnswer: { status: 200, body: '127.0.0.1:3003' },
      error: null,
    },
    { addr: '127.0.0.1:3004', reachable: false, leaderAnswer: null, error: 'connect ECONNREFUSED' },
    {
      addr: '127.0.0.1:3005',
      reachable: true,
      leaderAnswer: { status: 500, body: 'Failed to execute via Etcd' },
      error: null,
    },
  ],
  leader: { addr: '127.0.0.1:3003', reportedAddr: '127.0.0.1:3003', withoutElection: false },
  leaderError: null,
  checkedAtMs: 0,
};

describe('describeMetasrvNodes', () => {
  it('marks the leader, followers, unreachable nodes and failing nodes in words', () => {
    const lines = describeMetasrvNodes(status).map(
      (n) => `${n.addr} ${describeNodeState(n.state)}`,
    );
    expect(lines).toEqual([
      '127.0.0.1:3002 reachable, follower (reports leader 127.0.0.1:3003)',
      '127.0.0.1:3003 leader',
      '127.0.0.1:3004 unreachable: connect ECONNREFUSED',
      '127.0.0.1:3005 reachable, but /admin/leader answered HTTP 500: Failed to execute via Etcd',
    ]);
  });

  it('has no leader entry when the server knows no leader', () => {
    const views = describeMetasrvNodes({ ...status, leader: null });
    expect(views.some((v) => v.state.kind === 'leader')).toBe(false);
  });
});
