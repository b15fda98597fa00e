import { describe, expect, it } from 'vitest';
import { parseGreptimeVersion } from '../../contract/greptime-version.ts';
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import { documentedLoadColumns, parseRegionLoadRows } from './region-load-rows.ts';
import { fixtureRecords } from './test-support/fixture-records.ts';

function version(text: string): GreptimeVersion {
  const parsed = parseGreptimeVersion(text);
  if (parsed === null) throw new Error(text);
  return parsed;
}
const V1_2 = version('1.2.0-beta.2');
const V1_1 = version('1.1.4');

describe('parseRegionLoadRows', () => {
  it('reads the v1.2 fixture with its query counters', () => {
    const rows = parseRegionLoadRows(fixtureRecords('sql-region-statistics-v1.2.json'), V1_2);
    expect(rows.missingColumns).toEqual([]);
    expect(rows.rejectedRows).toBe(0);
    expect([...rows.readings.values()]).toEqual([
      expect.objectContaining({
        regionId: '4398046511104',
        tableId: 1024,
        regionNumber: 0,
        rows: 98000,
        writtenBytesSinceOpen: 1843200,
        queryCpuMs: 612,
        queryScannedBytes: 20971520,
        role: 'Leader',
      }),
      expect.objectContaining({ regionId: '4398046511106', queryCpuMs: 1843 }),
    ]);
  });

  it('names the query counters v1.1 lacks and keeps what it has', () => {
    const rows = parseRegionLoadRows(fixtureRecords('sql-region-statistics.json'), V1_1);
    expect(rows.missingColumns).toEqual(['query_cpu_time_millis', 'query_scanned_bytes']);
    expect([...rows.readings.values()][0]).toMatchObject({
      queryCpuMs: null,
      queryScannedBytes: null,
      writtenBytesSinceOpen: 1843200,
      rows: 98000,
    });
  });

  it('keeps region and peer ids beyond 2^53 exact, and refuses a rounded number', () => {
    const big = (1n << 62n) + 7n;
    const rows = parseRegionLoadRows(
      [
        {
          region_id: big,
          table_id: 1,
          region_number: 7,
          leader_peer_id: big,
          region_role: 'Leader',
        },
        { region_id: 2 ** 60, table_id: 1, region_number: 8, region_role: 'Leader' },
      ],
      V1_2,
    );
    expect([...rows.readings.values()].map((r) => [r.regionId, r.datanodeId])).toEqual([
      [big.toString(), big.toString()],
    ]);
    expect(rows.rejectedRows).toBe(1);
  });

  it('attributes only leader rows, preferring the new leader over a downgrading one', () => {
    const row = (role: string, rows: number) => ({
      region_id: 4398046511104,
      table_id: 1024,
      region_number: 0,
      leader_peer_id: 2,
      region_rows: rows,
      region_role: role,
    });
    const parsed = parseRegionLoadRows(
      [row('Follower', 1), row('Leader(Downgrading)', 2), row('Leader', 3)],
      V1_2,
    );
    expect(parsed.readings.size).toBe(1);
    expect([...parsed.readings.values()][0]).toMatchObject({
      rows: 3,
      datanodeId: '2',
      role: 'Leader',
    });
  });

  it('counts rows that are not region statistics instead of trusting them', () => {
    const parsed = parseRegionLoadRows(
      [{ region_id: 'x', table_id: 1, region_number: 0 }, { table_id: -1 }],
      V1_2,
    );
    expect(parsed.readings.size).toBe(0);
    expect(parsed.rejectedRows).toBe(2);
  });

  it('falls back to the documented columns for an empty answer, and claims nothing for v1.0', () => {
    expect(parseRegionLoadRows([], V1_1).missingColumns).toEqual([
      'query_cpu_time_millis',
      'query_scanned_bytes',
    ]);
    expect(documentedLoadColumns(version('1.0.0'))).toBeNull();
    expect(parseRegionLoadRows([], version('1.0.0')).missingColumns).toEqual([]);
  });
});
