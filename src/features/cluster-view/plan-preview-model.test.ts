import { describe, expect, it } from 'vitest';
import { planTitle } from './plan-preview-model';

const drain = { kind: 'drain', maxMoves: null } as const;

describe('planTitle', () => {
  it('names a move of one or several tables from one datanode to another', () => {
    expect(planTitle({ ...drain, peerId: '1', tableIds: [1025], targetPeerId: '3' })).toBe(
      'Move table 1025 from datanode 1 to datanode 3',
    );
    expect(planTitle({ ...drain, peerId: '0', tableIds: [1024, 1026], targetPeerId: '2' })).toBe(
      'Move tables 1024, 1026 from datanode 0 to datanode 2',
    );
  });

  it('names a drain, with its tables or its target where chosen', () => {
    expect(planTitle({ ...drain, peerId: '3', tableIds: null, targetPeerId: null })).toBe(
      'Drain datanode 3',
    );
    expect(planTitle({ ...drain, peerId: '3', tableIds: [1024], targetPeerId: null })).toBe(
      'Drain datanode 3 (tables 1024)',
    );
    expect(planTitle({ ...drain, peerId: '3', tableIds: null, targetPeerId: '1' })).toBe(
      'Drain datanode 3 to datanode 1',
    );
  });

  it('names the rebalances by what they even out', () => {
    expect(planTitle({ kind: 'rebalance-count', maxMoves: 10 })).toBe('Rebalance by region count');
    expect(planTitle({ kind: 'rebalance-bytes', maxMoves: null })).toBe('Rebalance by bytes');
  });
});
