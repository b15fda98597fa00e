/**
 * MetaSrv's `/admin/heartbeat` body (Stat[][], API.md §1.8) -> RegionDistribution.
 *
 * Per datanode only the newest stat counts (histories hold 1 or 10 stats, up to ~30 s old),
 * and of its regions only those with role Leader. A region that just moved can be Leader in
 * the newest stats of both datanodes; the newer stat wins.
 *
 * Speed matters: 100k regions x 10 stats is ~120 MB. scan-heartbeat.ts finds each stat and
 * its timestamp without parsing the body; only the newest stat per datanode is parsed and goes
 * through zod, not the nine older ones. u64 ids must stay exact: a stat holding an id above
 * 2^53 is read with every `"id": <digits>` quoted (a `"id":` key can only occur as a key:
 * inside a JSON string every quote is escaped).
 */
import { z } from 'zod';
import type { RegionDistribution } from '../../contract/region-distribution.ts';
import { scanHeartbeat, type StatSlice } from './scan-heartbeat.ts';

const U64_TEXT = /^(0|[1-9][0-9]*)$/;
const U32_MASK = 0xffff_ffffn;

const NumberLike = z.number();
/**
 * A u64 id as its decimal text: quoted by quoteIds, or a number JSON.parse read exactly. A
 * literal above 2^53 never rounds into the safe range, so an unsafe number means "re-read
 * this stat with its ids quoted" (see parseStat).
 */
const U64Schema = z
  .union([z.string().regex(U64_TEXT), z.number().int().nonnegative().refine(Number.isSafeInteger)])
  .transform(String);
const RegionStatSchema = z.object({
  id: U64Schema,
  approximate_bytes: NumberLike,
  approximate_rows: NumberLike.optional(),
  /** v1 names the row count `num_rows` (and drops approximate_rows). */
  num_rows: NumberLike.optional(),
  role: z.string(),
});
const StatSchema = z.object({
  timestamp_millis: NumberLike,
  id: U64Schema,
  addr: z.string(),
  rcus: NumberLike.optional(),
  wcus: NumberLike.optional(),
  region_stats: z.array(RegionStatSchema),
});

export type SummarizeResult =
  { ok: true; value: RegionDistribution } | { ok: false; problem: string };

function quoteIds(text: string): string {
  return text.replace(/"id"(\s*):(\s*)(\d+)/g, '"id"$1:$2"$3"');
}

type Stat = z.output<typeof StatSchema>;

/**
 * One chosen stat. Ids below 2^53 (tables below id 2^21) are exact as JSON.parse reads them,
 * which spares quoting every id of a 40 MB slice; only a stat holding a larger id is read
 * again with its ids quoted, so none is ever rounded.
 */
function parseStat(text: string): { ok: true; stat: Stat } | { ok: false; problem: string } {
  let problem = '';
  for (const candidate of [text, quoteIds(text)]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch (error) {
      return { ok: false, problem: `heartbeat body is not JSON (${String(error)})` };
    }
    const stat = StatSchema.safeParse(parsed);
    if (stat.success) return { ok: true, stat: stat.data };
    problem = `a stat does not match API.md §1.8: ${stat.error.message}`;
  }
  return { ok: false, problem };
}

function clampCount(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.round(value), Number.MAX_SAFE_INTEGER);
}

function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function summarizeHeartbeat(body: Uint8Array | string): SummarizeResult {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scanned = scanHeartbeat(bytes);
  if (!scanned.ok) return scanned;

  const latest: Stat[] = [];
  for (const history of scanned.histories) {
    let newest: StatSlice | undefined;
    for (const entry of history) {
      if (newest === undefined || entry.timestampMs > newest.timestampMs) newest = entry;
    }
    if (newest === undefined) continue;
    const parsed = parseStat(view.toString('utf8', newest.start, newest.end));
    if (!parsed.ok) return parsed;
    latest.push(parsed.stat);
  }
  // One entry per datanode; should MetaSrv ever send two histories for one id, keep the newer.
  const byPeer = new Map<string, Stat>();
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
        rows: clampCount(region.approximate_rows ?? region.num_rows ?? 0),
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
    readUnits: clampCount(stat.rcus ?? 0),
    writeUnits: clampCount(stat.wcus ?? 0),
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
      unitsReported: datanodes.some((d) => d.readUnits > 0 || d.writeUnits > 0),
      duplicateLeaders,
      heartbeatBytes: bytes.byteLength,
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
