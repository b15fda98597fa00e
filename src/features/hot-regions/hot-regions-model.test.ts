import { describe, expect, it } from 'vitest';
import type {
  DatanodeLoad,
  HotRegionsAnswer,
  HotRegionsSupport,
} from '../../../contract/hot-regions';
import type { NodeLeases } from '../../domain/cluster-types';
import {
  availableRates,
  datanodeLoadRows,
  formatRate,
  hasRowsGauge,
  refreshDelayMs,
  shownTableName,
  suggestMove,
} from './hot-regions-model';

const METASRV_NOW = 1_700_000_000_000;

/** Datanodes 0–3 alive, 4 with a lease expired a minute ago. */
const leases: NodeLeases = {
  metasrvNowMs: METASRV_NOW,
  leases: ['0', '1', '2', '3', '4'].map((peerId) => ({
    peerId,
    addr: `10.0.0.1${peerId}:4001`,
    timestampMs: peerId === '4' ? METASRV_NOW - 60_000 : METASRV_NOW - 1_000,
    humanTime: '',
  })),
};

function load(datanodeId: string, cpu: number | null, written: number | null = 0): DatanodeLoad {
  return {
    datanodeId,
    regionCount: 10,
    totals: { queryCpuMsPerSec: cpu, queryScannedBytesPerSec: null, writtenBytesPerSec: written },
    regionsWithoutRate: 0,
  };
}

describe('what the version reports', () => {
  it('v1.2 has every rate and rows; legacy none', () => {
    expect(availableRates({ kind: 'full' })).toEqual([
      'queryCpuMsPerSec',
      'queryScannedBytesPerSec',
      'writtenBytesPerSec',
    ]);
    expect(hasRowsGauge({ kind: 'full' })).toBe(true);
    expect(availableRates({ kind: 'none', reason: 'legacy' })).toEqual([]);
    expect(hasRowsGauge({ kind: 'none', reason: 'legacy' })).toBe(false);
  });

  it('v1.1 without the query columns keeps written bytes and rows', () => {
    const support: HotRegionsSupport = {
      kind: 'partial',
      missingColumns: ['query_cpu_time_millis', 'query_scanned_bytes'],
    };
    expect(availableRates(support)).toEqual(['writtenBytesPerSec']);
    expect(hasRowsGauge(support)).toBe(true);
  });
});

describe('when to ask again', () => {
  const answer = (nowMs: number, nextSampleAtMs: number | null) => ({
    ...fullAnswer(),
    nowMs,
    nextSampleAtMs,
  });

  it('just after the next sample is due, by the server’s clock', () => {
    expect(refreshDelayMs(answer(1_000_000, 1_025_000))).toBe(25_500);
  });

  it('an overdue sample is asked about a second later, not in a tight loop', () => {
    expect(refreshDelayMs(answer(1_000_000, 990_000))).toBe(1_000);
  });

  it('never for a version that samples nothing, nor before any answer', () => {
    expect(refreshDelayMs(answer(1_000_000, null))).toBe(false);
    expect(refreshDelayMs(undefined)).toBe(false);
  });
});

describe('datanodes and the suggested target', () => {
  it('lists leased datanodes that lead no region, in peer id order', () => {
    const rows = datanodeLoadRows([load('10', 5), load('2', 1)], leases);
    expect(rows.map((r) => [r.peerId, r.load?.regionCount ?? null])).toEqual([
      ['0', null],
      ['1', null],
      ['2', 10],
      ['3', null],
      ['4', null],
      ['10', 10],
    ]);
    expect(rows.find((r) => r.peerId === '10')?.liveness).toEqual({ kind: 'no-lease' });
  });

  it('suggests the alive datanode lowest on the rate, never the region’s own', () => {
    const rows = datanodeLoadRows(
      [load('0', 40), load('1', 3), load('2', 12), load('3', 8), load('4', 0)],
      leases,
    );
    // What the migrate dialog shows: the rate as its weighting, the reason as its line.
    expect(suggestMove(rows, 'queryCpuMsPerSec', '0')).toEqual({
      peerId: '1',
      label: 'Query CPU',
      reason: 'datanode 1: lowest query CPU (3.00 ms/s) among alive datanodes',
    });
    // Datanode 4 carries nothing, but its lease expired: it cannot take a region.
    expect(suggestMove(rows, 'queryCpuMsPerSec', '1')?.peerId).toBe('3');
  });

  it('a leased datanode that leads nothing carries no load: it is the coolest', () => {
    const rows = datanodeLoadRows([load('0', 40), load('1', 3)], leases);
    expect(suggestMove(rows, 'queryCpuMsPerSec', '0')?.reason).toBe(
      'datanode 2: lowest query CPU (0.00 ms/s) among alive datanodes, tied with datanode 3 (lowest id first)',
    );
  });

  it('a datanode whose rate is unknown is never suggested, and no alive one gives none', () => {
    const rows = datanodeLoadRows(
      [load('0', null), load('1', null), load('2', null), load('3', null)],
      leases,
    );
    expect(suggestMove(rows, 'queryCpuMsPerSec', '0')).toBeNull();
    expect(suggestMove(rows, 'writtenBytesPerSec', '0')?.reason).toBe(
      'datanode 1: lowest written bytes (0 B/s) among alive datanodes, tied with datanodes 2 and 3 (lowest id first)',
    );
  });

  it('without leases nobody is known alive, so nothing is suggested', () => {
    const rows = datanodeLoadRows([load('0', 40), load('1', 3)], undefined);
    expect(rows.every((r) => r.liveness === null)).toBe(true);
    expect(suggestMove(rows, 'queryCpuMsPerSec', '0')).toBeNull();
  });
});

it('tables are named as the table list names them, or by id when names are unreadable', () => {
  expect(shownTableName('greptime.public.cpu', 1024)).toBe('public.cpu');
  expect(shownTableName('other.public.cpu', 1024)).toBe('other.public.cpu');
  expect(shownTableName(null, 1024)).toBe('table 1024');
});

it('rates read in their own units', () => {
  expect(formatRate('queryCpuMsPerSec', 1234.4)).toBe('1,234 ms/s');
  expect(formatRate('queryCpuMsPerSec', 12.34)).toBe('12.3 ms/s');
  expect(formatRate('queryCpuMsPerSec', 0.125)).toBe('0.13 ms/s');
  expect(formatRate('queryScannedBytesPerSec', 15_000_000)).toBe('14.3 MiB/s');
  expect(formatRate('writtenBytesPerSec', 12.6)).toBe('13 B/s');
});

function fullAnswer(): HotRegionsAnswer {
  return {
    nowMs: 0,
    support: { kind: 'full' },
    intervalMs: 30_000,
    sampledAtMs: 0,
    nextSampleAtMs: 30_000,
    hasRates: true,
    sortBy: 'queryCpuMsPerSec',
    regions: [],
    datanodes: [],
    lastError: null,
  };
}
