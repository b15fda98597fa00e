import { describe, expect, it } from 'vitest';
import { leaderChangedText } from './leader-changed-notice';
import { describeNodeState, formatClockTime } from './metasrv-nodes';

const AT = Date.UTC(2026, 11, 7, 10, 4, 12);

describe('the failover notice', () => {
  it('names the old leader, the new one and when the server saw the change', () => {
    expect(
      leaderChangedText({ kind: 'leader-changed', from: 'a:3002', to: 'b:3002', at: AT }),
    ).toBe(`MetaSrv leader changed from a:3002 to b:3002 at ${formatClockTime(AT)}`);
  });

  it('says that no node leads when the leader stopped and none took over', () => {
    expect(leaderChangedText({ kind: 'leader-changed', from: 'a:3002', to: null, at: AT })).toBe(
      `MetaSrv leader a:3002 stopped leading at ${formatClockTime(AT)}; no node leads`,
    );
  });

  it('shows a silent node as unreachable since the poller last heard nothing', () => {
    expect(
      describeNodeState({ kind: 'unreachable', reason: 'connection refused', sinceMs: AT }),
    ).toBe(`unreachable since ${formatClockTime(AT)}: connection refused`);
  });
});
