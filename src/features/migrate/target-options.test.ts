import { describe, expect, it } from 'vitest';
import type { NodeLeases } from '../../domain/cluster-types';
import { buildTargetOptions } from './target-options';

const NOW = 1_700_000_100_000;
const lease = (peerId: string, ageMs: number) => ({
  peerId,
  addr: `127.0.0.1:41${peerId.padStart(2, '0')}`,
  timestampMs: NOW - ageMs,
  humanTime: '',
});

describe('buildTargetOptions', () => {
  const leases: NodeLeases = {
    // Unordered, as MetaSrv's HashMap returns them.
    leases: [lease('10', 1_000), lease('2', 52_000), lease('0', 2_000), lease('1', 9_999)],
    metasrvNowMs: NOW,
  };

  it('disables the current leader and expired leases, measured on MetaSrv’s clock', () => {
    const options = buildTargetOptions(leases, '0');
    expect(options.map((o) => [o.peerId, o.disabledReason])).toEqual([
      ['0', 'current leader'],
      ['1', null],
      ['2', 'lease expired 42 s ago'],
      ['10', null],
    ]);
  });

  it('treats a lease exactly 10 s old as expired', () => {
    const options = buildTargetOptions({ leases: [lease('3', 10_000)], metasrvNowMs: NOW }, null);
    expect(options[0]?.disabledReason).toBe('lease expired 0 s ago');
  });

  it('lists route peers without a lease as unavailable', () => {
    const options = buildTargetOptions(leases, '0', [{ id: '7', addr: '10.0.0.7:4001' }]);
    expect(options.find((o) => o.peerId === '7')?.disabledReason).toMatch(/no lease/);
  });
});
