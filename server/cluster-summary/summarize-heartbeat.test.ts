/**
 * The heartbeat -> distribution summary on the API.md fixture, hand-made edge cases (ids
 * above 2^53, Follower stats, a region claimed by two datanodes, bad bodies) and the
 * emulator's 100k-region heartbeat, whose totals must match the emulator's own routes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../emulator/clock.ts';
import { handleAdminRequest } from '../../emulator/http/legacy-admin.ts';
import { EmulatedCluster } from '../../emulator/model/cluster.ts';
import { RegionDistributionSchema } from '../../contract/region-distribution.ts';
import { summarizeHeartbeat } from './summarize-heartbeat.ts';

function summarize(text: string | Buffer) {
  const result = summarizeHeartbeat(text);
  if (!result.ok) throw new Error(result.problem);
  return RegionDistributionSchema.parse(result.value);
}

const stat = (id: string, ts: number, regions: string, units = { rcus: 0, wcus: 0 }) =>
  `{"timestamp_millis":${ts},"cluster_id":0,"id":${id},"addr":"dn-${id}:4001","rcus":${units.rcus},"wcus":${units.wcus},"region_num":1,"region_stats":[${regions}],"node_epoch":1}`;
const region = (id: string, role: string, bytes = 10, rows = 0) =>
  `{"id":${id},"rcus":0,"wcus":0,"approximate_bytes":${bytes},"approximate_rows":${rows},"engine":"mito","role":"${role}"}`;

describe('summarizeHeartbeat', () => {
  it('summarizes the API.md fixture', () => {
    const text = readFileSync('/work/shared/greptimedb/fixtures/heartbeat.json', 'utf8');
    const summary = summarize(text);
    expect(summary.datanodes.map((d) => d.peerId)).toEqual(['0', '1', '2']);
    expect(summary.regionCount).toBe(3);
    expect(summary.tables).toEqual([
      {
        tableId: 1087,
        regionNumbers: [0, 1, 2],
        datanodeIndexes: [0, 1, 2],
        bytes: [2097152, 524288, 1048576],
        rows: [0, 0, 0],
      },
    ]);
    expect(summary.rowsReported).toBe(false);
    expect(summary.unitsReported).toBe(false);
  });

  it('keeps read/write units and rows where a v0.7 cluster reports them (non-zero)', () => {
    const text = `[[${stat('0', 100, region('4398046511104', 'Leader', 10, 1200), { rcus: 7, wcus: 3 })}],[${stat('1', 100, region('4398046511105', 'Leader', 10, 0))}]]`;
    const summary = summarize(text);
    expect(summary.rowsReported).toBe(true);
    expect(summary.unitsReported).toBe(true);
    expect(summary.datanodes.map((d) => [d.peerId, d.rows, d.readUnits, d.writeUnits])).toEqual([
      ['0', 1200, 7, 3],
      ['1', 0, 0, 0],
    ]);
  });

  it('reads v1.1.4 row counts (num_rows) from the API.md fixture', () => {
    const text = readFileSync(
      '/work/shared/greptimedb/fixtures/modern-heartbeat-v1.1.4.json',
      'utf8',
    );
    const summary = summarize(text);
    expect(summary.rowsReported).toBe(true);
    expect(summary.datanodes.map((d) => [d.peerId, d.rows])).toEqual([
      ['0', 98000],
      ['2', 120000],
    ]);
  });

  it('uses the newest stat, counts Leaders only, keeps u64 ids exact, and lets the newer claim win', () => {
    const big = ((4_000_000_000n << 32n) | 7n).toString();
    const text = `[[${stat('0', 100, region(big, 'Leader'))},${stat('0', 200, region('4398046511104', 'Leader') + ',' + region('4398046511105', 'Follower'))}],[${stat('1', 150, region('4398046511104', 'Leader', 99))}]]`;
    const summary = summarize(text);
    expect(summary.regionCount).toBe(1);
    expect(summary.duplicateLeaders).toBe(1);
    expect(summary.tables).toEqual([
      { tableId: 1024, regionNumbers: [0], datanodeIndexes: [0], bytes: [10], rows: [0] },
    ]);
    const withBig = summarize(`[[${stat('3', 1, region(big, 'Leader'))}]]`);
    expect(withBig.tables[0]?.tableId).toBe(4_000_000_000);
    expect(withBig.tables[0]?.regionNumbers).toEqual([7]);
  });

  it('refuses bodies that are not Stat[][]', () => {
    expect(summarizeHeartbeat('not json').ok).toBe(false);
    expect(summarizeHeartbeat('{"a":1}').ok).toBe(false);
    expect(summarizeHeartbeat('[[{"id":1}]]').ok).toBe(false);
    expect(summarizeHeartbeat('[]')).toMatchObject({ ok: true, value: { regionCount: 0 } });
    // The older stats are only scanned, but a broken structure anywhere is still refused.
    const good = stat('0', 200, region('4398046511104', 'Leader'));
    for (const broken of [
      `[[${stat('0', 100, '')},${good}]`,
      `[[${good}]] trailing`,
      `[[${good}],[{"timestamp_millis":"soon","id":1}]]`,
      `[[${good},{"timestamp_millis":1,"addr":"unterminated}]]`,
      `[[${good}],{"timestamp_millis":1}]`,
    ]) {
      expect(summarizeHeartbeat(broken), broken).toMatchObject({ ok: false });
    }
  });

  it('finds stats whose strings hold brackets, escaped quotes and non-ASCII, in any layout', () => {
    const odd = JSON.stringify('dn-"[{}]\\é:4001');
    const older = `{"addr":${odd},"timestamp_millis":100,"id":0,"region_stats":[{"role":"]}"}]}`;
    const newer = stat('0', 200, region('4398046511104', 'Leader', 42)).replace('"dn-0:4001"', odd);
    const text = `[[${older},${newer}]]`;
    const summary = summarize(text);
    expect(summary.datanodes.map((d) => [d.addr, d.bytes])).toEqual([['dn-"[{}]\\é:4001', 42]]);
    // Pretty-printed, as a proxy in between might re-indent it: the same summary.
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    expect({ ...summarize(pretty), heartbeatBytes: 0 }).toEqual({ ...summary, heartbeatBytes: 0 });
    expect(summarize(Buffer.from(text))).toEqual(summary);
  });

  it('matches the emulator at 100,000 regions over 200 datanodes', () => {
    const clock = new ManualClock();
    const cluster = new EmulatedCluster(clock, {
      seed: 9,
      datanodes: 200,
      tables: 2_000,
      regions: 100_000,
    });
    // Long enough for every datanode's stored history to hold its full batch of 10.
    clock.advance(40_000);
    const body = handleAdminRequest(
      { cluster, api: 'v0.7', nodeIndex: 0 },
      '/admin/heartbeat',
    ).body;
    const summary = summarize(body);
    expect(summary.regionCount).toBe(100_000);
    expect(summary.datanodes).toHaveLength(200);
    const leaders = new Map<number, number>();
    for (const t of cluster.allTables()) {
      if (t.kind !== 'physical') continue;
      for (const r of t.regions) {
        if (r.leaderPeerId !== null)
          leaders.set(r.leaderPeerId, (leaders.get(r.leaderPeerId) ?? 0) + 1);
      }
    }
    for (const d of summary.datanodes) expect(d.regionCount).toBe(leaders.get(Number(d.peerId)));
    // Compact: the summary is a small fraction of the heartbeat it came from.
    expect(JSON.stringify(summary).length).toBeLessThan(summary.heartbeatBytes / 5);
    // Building a 100k-region cluster and its ~30 MB heartbeat takes seconds on a shared machine.
  }, 60_000);
});
