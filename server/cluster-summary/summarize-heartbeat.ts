/**
 * MetaSrv's `/admin/heartbeat` body (Stat[][], API.md §1.8) -> RegionDistribution.
 *
 * Per datanode only the newest stat counts (histories hold 1 or 10 stats, up to ~30 s old),
 * and of its regions only those with role Leader. A region that just moved can be Leader in
 * the newest stats of both datanodes; the newer stat wins.
 *
 * Speed matters: 100k regions x 10 stats is ~30 MB. u64 ids must stay exact, so every
 * `"id": <digits>` is quoted before JSON.parse (a `"id":` key can only occur as a key: inside
 * a JSON string every quote is escaped). Then only the chosen stat per datanode goes through
 * zod, not the nine older ones.
 */
import { z } from 'zod';
import type { RegionDistribution } from '../../src/domain/region-distribution.ts';

const U64_TEXT = /^(0|[1-9][0-9]*)$/;
const U32_MASK = 0xffff_ffffn;

const NumberLike = z.number();
const RegionStatSchema = z.object({
  id: z.string().regex(U64_TEXT),
  approximate_bytes: NumberLike,
  approximate_rows: NumberLike.optional(),
  role: z.string(),
});
const StatSchema = z.object({
  timestamp_millis: NumberLike,
  id: z.string().regex(U64_TEXT),
  addr: z.string(),
  region_stats: z.array(RegionStatSchema),
});
const StatHeadSchema = z.object({ timestamp_millis: NumberLike });
const OuterSchema = z.array(z.array(z.unknown()));

export type SummarizeResult =
  { ok: true; value: RegionDistribution } | { ok: false; problem: string };

function quoteIds(text: string): string {
  return text.replace(/"id"(\s*):(\s*)(\d+)/g, '"id"$1:$2"$3"');
}

function clampCount(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.round(value), Number.MAX_SAFE_INTEGER);
}

function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function summarizeHeartbeat(text: string): SummarizeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteIds(text));
  } catch (error) {
    return { ok: false, problem: `heartbeat body is not JSON (${String(error)})` };
  }
  const outer = OuterSchema.safeParse(parsed);
  if (!outer.success) return { ok: false, problem: 'heartbeat body is not Stat[][]' };

  const latest: z.infer<typeof StatSchema>[] = [];
  for (const history of outer.data) {
    let newest: unknown;
    let newestTs = Number.NEGATIVE_INFINITY;
    for (const entry of history) {
      const head = StatHeadSchema.safeParse(entry);
      if (!head.success) return { ok: false, problem: 'a stat has no timestamp_millis' };
      if (head.data.timestamp_millis > newestTs) {
        newestTs = head.data.timestamp_millis;
        newest = entry;
      }
    }
    if (newest === undefined) continue;
    const stat = StatSchema.safeParse(newest);
    if (!stat.success) {
      return { ok: false, problem: `a stat does not match API.md §1.8: ${stat.error.message}` };
    }
    latest.push(stat.data);
  }
  // One entry per datanode; should MetaSrv ever send two histories for one id, keep the newer.
  const byPeer = new Map<string, z.infer<typeof StatSchema>>();
  for (const stat of latest) {
    const seen = byPeer.get(stat.id);
    if (seen === undefined || stat.timestamp_millis > seen.timestamp_millis) {
      byPeer.set(stat.id, stat);
    }
  }
  const stats = [...byPeer.values()].sort((a, b) => compareDecimal(a.id, b.id));

  // Region id -> (datanode index, stat time); a later stat replaces an older Leader claim.
  interface Claim {
    datanodeIndex: number;
    timestampMs: number;
    bytes: number;
    rows: number;
  }
  const claims = new Map<string, Claim>();
  let duplicateLeaders = 0;
  stats.forEach((stat, datanodeIndex) => {
    for (const region of stat.region_stats) {
      if (region.role !== 'Leader') continue;
      const claim: Claim = {
        datanodeIndex,
        timestampMs: stat.timestamp_millis,
        bytes: clampCount(region.approximate_bytes),
        rows: clampCount(region.approximate_rows ?? 0),
      };
      const previous = claims.get(region.id);
      if (previous !== undefined) {
        duplicateLeaders += 1;
        if (previous.timestampMs >= claim.timestampMs) continue;
      }
      claims.set(region.id, claim);
    }
  });

  const datanodes = stats.map((stat) => ({
    peerId: stat.id,
    addr: stat.addr,
    statTimestampMs: stat.timestamp_millis,
    regionCount: 0,
    bytes: 0,
    rows: 0,
  }));
  interface TableColumns {
    tableId: number;
    regionNumbers: number[];
    datanodeIndexes: number[];
    bytes: number[];
    rows: number[];
  }
  const tables = new Map<number, TableColumns>();
  for (const [regionId, claim] of claims) {
    const id = BigInt(regionId);
    const tableId = Number(id >> 32n);
    let table = tables.get(tableId);
    if (table === undefined) {
      table = { tableId, regionNumbers: [], datanodeIndexes: [], bytes: [], rows: [] };
      tables.set(tableId, table);
    }
    table.regionNumbers.push(Number(id & U32_MASK));
    table.datanodeIndexes.push(claim.datanodeIndex);
    table.bytes.push(claim.bytes);
    table.rows.push(claim.rows);
    const dn = datanodes[claim.datanodeIndex];
    if (dn !== undefined) {
      dn.regionCount += 1;
      dn.bytes = Math.min(dn.bytes + claim.bytes, Number.MAX_SAFE_INTEGER);
      dn.rows = Math.min(dn.rows + claim.rows, Number.MAX_SAFE_INTEGER);
    }
  }
  const sortedTables = [...tables.values()].sort((a, b) => a.tableId - b.tableId);
  for (const table of sortedTables) sortByRegionNumber(table);
  return {
    ok: true,
    value: {
      datanodes,
      tables: sortedTables,
      regionCount: claims.size,
      rowsReported: datanodes.some((d) => d.rows > 0),
      duplicateLeaders,
      heartbeatBytes: Buffer.byteLength(text),
    },
  };
}

function sortByRegionNumber(table: {
  regionNumbers: number[];
  datanodeIndexes: number[];
  bytes: number[];
  rows: number[];
}): void {
  const order = table.regionNumbers.map((_, i) => i);
  order.sort((a, b) => (table.regionNumbers[a] ?? 0) - (table.regionNumbers[b] ?? 0));
  const pick = (column: number[]) => order.map((i) => column[i] ?? 0);
  table.regionNumbers = pick(table.regionNumbers);
  table.datanodeIndexes = pick(table.datanodeIndexes);
  table.bytes = pick(table.bytes);
  table.rows = pick(table.rows);
}
