import { describe, expect, it } from 'vitest';
import type { LoadSample } from './load-rates.ts';
import { deriveRegionRates } from './load-rates.ts';
import type { RegionLoadReading } from './region-load-rows.ts';

const REGION = '4398046511104';

function reading(overrides: Partial<RegionLoadReading> = {}): RegionLoadReading {
  return {
    regionId: REGION,
    tableId: 1024,
    regionNumber: 0,
    datanodeId: '1',
    rows: 1_000,
    writtenBytesSinceOpen: 10_000,
    queryCpuMs: 5_000,
    queryScannedBytes: 1_000_000,
    role: 'Leader',
    ...overrides,
  };
}

function sample(
  atMs: number,
  readings: RegionLoadReading[],
  datanodeStartMs: Record<string, number> = {},
): LoadSample {
  return {
    atMs,
    readings: new Map(readings.map((r) => [r.regionId, r])),
    datanodeStartMs: new Map(Object.entries(datanodeStartMs)),
  };
}

describe('deriveRegionRates', () => {
  it('derives per-second rates from two samples and shows rows as read', () => {
    const [rates] = deriveRegionRates(
      sample(0, [reading()]),
      sample(30_000, [
        reading({
          queryCpuMs: 5_000 + 15_000,
          queryScannedBytes: 1_000_000 + 3_000_000,
          writtenBytesSinceOpen: 10_000 + 60_000,
          rows: 900,
        }),
      ]),
    );
    expect(rates).toMatchObject({
      queryCpuMsPerSec: 500,
      queryScannedBytesPerSec: 100_000,
      writtenBytesPerSec: 2_000,
      rows: 900,
      unknownReason: null,
    });
  });

  it('has no rate on the first sample or for a region new since the last one', () => {
    const first = deriveRegionRates(null, sample(0, [reading()]));
    expect(first[0]).toMatchObject({
      queryCpuMsPerSec: null,
      rows: 1_000,
      unknownReason: 'first-sample',
    });
    const added = deriveRegionRates(
      sample(0, []),
      sample(30_000, [reading({ regionId: '4398046511107', regionNumber: 3 })]),
    );
    expect(added[0]).toMatchObject({ writtenBytesPerSec: null, unknownReason: 'first-sample' });
  });

  it('gives no rate, never a negative one, when a datanode restart reset the counters', () => {
    const [rates] = deriveRegionRates(
      sample(0, [reading({ queryCpuMs: 900_000, writtenBytesSinceOpen: 8_000_000 })]),
      sample(30_000, [reading({ queryCpuMs: 40, writtenBytesSinceOpen: 1_000 })]),
    );
    expect(rates).toMatchObject({
      queryCpuMsPerSec: null,
      queryScannedBytesPerSec: null,
      writtenBytesPerSec: null,
      unknownReason: 'counter-reset',
    });
  });

  it('sees a restart by the datanode start time even when the counters grew past the old values', () => {
    const [rates] = deriveRegionRates(
      sample(0, [reading()], { '1': 1_000 }),
      sample(30_000, [reading({ queryCpuMs: 6_000, writtenBytesSinceOpen: 20_000 })], {
        '1': 25_000,
      }),
    );
    expect(rates).toMatchObject({ queryCpuMsPerSec: null, unknownReason: 'counter-reset' });
  });

  it('gives no huge rate when a region moved to a datanode where it was open for long', () => {
    // A long-open replica promoted to leader: its counters count hours, not one interval.
    const [rates] = deriveRegionRates(
      sample(0, [reading({ datanodeId: '1', queryCpuMs: 5_000 })]),
      sample(30_000, [reading({ datanodeId: '2', queryCpuMs: 50_000_000 })]),
    );
    expect(rates).toMatchObject({
      datanodeId: '2',
      queryCpuMsPerSec: null,
      unknownReason: 'counter-reset',
    });
  });

  it('rates the interval after a reset from the new open alone', () => {
    const [rates] = deriveRegionRates(
      sample(30_000, [reading({ datanodeId: '2', queryCpuMs: 40 })]),
      sample(60_000, [reading({ datanodeId: '2', queryCpuMs: 40 + 3_000 })]),
    );
    expect(rates).toMatchObject({ queryCpuMsPerSec: 100, unknownReason: null });
  });

  it('leaves the query rates unknown where the version lacks them (v1.1), without calling it a reset', () => {
    const v11 = { queryCpuMs: null, queryScannedBytes: null };
    const [rates] = deriveRegionRates(
      sample(0, [reading(v11)]),
      sample(10_000, [reading({ ...v11, writtenBytesSinceOpen: 30_000 })]),
    );
    expect(rates).toMatchObject({
      queryCpuMsPerSec: null,
      queryScannedBytesPerSec: null,
      writtenBytesPerSec: 2_000,
      unknownReason: null,
    });
  });

  it('gives no rate when time did not move forward', () => {
    const [rates] = deriveRegionRates(sample(5_000, [reading()]), sample(5_000, [reading()]));
    expect(rates?.queryCpuMsPerSec).toBeNull();
  });
});
