/**
 * One cluster's hot regions, sampled by the console server itself (issue 17, part 2): every
 * interval it sends one statement, `regionStatisticsStatement(undefined)`, to the cluster's
 * frontend and hands the rows to the HotRegionsEngine, then saves the heatmap ring in DATA_DIR.
 *
 * It samples for as long as the server runs, whether or not a browser is open: the heatmap
 * covers 6 h, and an operator opening it after an incident expects the hours before, not the
 * seconds since the page opened. This is why it is not part of ClusterPoller, whose MetaSrv
 * reads stop when nobody is connected. The cost stays one statement per interval: the version
 * (which decides what can be read) is asked of the ConnectionDetector only before the first
 * sample and after a failed one, and table names only while a browser reads the answers.
 *
 * Datanode start times are not passed to the engine: no poller reads cluster_info's
 * `start_time`, and reading it would double the statements. A datanode restart still shows as
 * counters that went down or a region led elsewhere (load-rates.ts); only a restart whose
 * counters grew past their old values within one interval goes unseen.
 */
import type { GreptimeVersion } from '../../contract/greptime-version.ts';
import { parseGreptimeVersion, sqlFacts } from '../../contract/greptime-version.ts';
import type {
  HeatmapAnswer,
  HotRegionsAnswer,
  HotRegionsSupport,
  LoadColumn,
  LoadRate,
} from '../../contract/hot-regions.ts';
import {
  DEFAULT_HOT_LIST_LIMIT,
  HEATMAP_DEFAULT_WINDOW_MS,
  LOAD_COLUMNS,
} from '../../contract/hot-regions.ts';
import { SQL_ROW_LIMIT, type ConnectionInfo } from '../../contract/sql-contract.ts';
import { SqlKeyedRowsSchema, SqlU32Schema } from '../../contract/sql/sql-records.ts';
import { TABLES_STATEMENT, regionStatisticsStatement } from '../../contract/sql/statements.ts';
import { z } from 'zod';
import { parseLosslessJson } from '../../contract/lossless-json.ts';
import { explainFrontendError, readFrontendError } from '../sql/frontend-answer.ts';
import type { SqlAnswer } from '../sql/sql-api.ts';
import { DEFAULT_RING_SHAPE, HEATMAP_COLUMN_MS, HeatmapRing } from './heatmap-ring.ts';
import { heatmapRingFile, loadHeatmapRing, saveHeatmapRing } from './heatmap-ring-file.ts';
import { HotRegionsEngine, heatmapMetric } from './hot-regions-engine.ts';
import { clampSampleIntervalMs } from './hot-region-sampler.ts';
import { documentedLoadColumns } from './region-load-rows.ts';

/** HOT_REGIONS_INTERVAL_MS and DATA_DIR, as the production assembly passes them. */
export interface HotRegionsSettings {
  /** Where the heatmap ring is kept; null keeps it in memory only. */
  dataDir: string | null;
  /** Clamped to the 3 s heartbeat (clampSampleIntervalMs). */
  intervalMs: number;
}

export interface HotRegionsPollerDeps {
  clusterId: string;
  settings: HotRegionsSettings;
  /** Without a frontend there is no SQL to sample with: nothing is scheduled. */
  hasFrontend: boolean;
  /** The ConnectionDetector's answer (cached there). */
  connection: () => Promise<ConnectionInfo>;
  /** A read on the cluster's frontend (SqlApi.runStatement). */
  runStatement: (statement: string) => Promise<SqlAnswer>;
  now: () => number;
  log: (message: string) => void;
}

/** Tables are renamed or created rarely: names are read again after this, or for a new id. */
const TABLE_NAMES_MAX_AGE_MS = 5 * 60_000;

const LEGACY_NO_LOAD_REASON =
  'GreptimeDB v0.6 and v0.7 report no region load: they have no ' +
  'information_schema.region_statistics, and the load their datanode heartbeats carry ' +
  '(rcus, wcus) is always reported as 0.';

/**
 * Columns missing before a sample says: API.md §3.5 lists v1.1's and v1.2's; the query
 * counters arrived in v1.2, so every older version lacks them at least.
 */
function expectedMissingColumns(version: GreptimeVersion): LoadColumn[] {
  const documented = documentedLoadColumns(version) ?? ['written_bytes_since_open', 'region_rows'];
  return LOAD_COLUMNS.filter((column) => !documented.includes(column));
}

type Rows = { ok: true; rows: Record<string, unknown>[] } | { ok: false; problem: string };
type StatisticsRows =
  { ok: true; rows: Record<string, unknown>[]; isCut: boolean } | { ok: false; problem: string };

/**
 * region_statistics pages read per sample, SQL_ROW_LIMIT replicas each: 200,000 replicas, twice
 * the largest cluster the bench sizes. A larger cluster is sampled up to there, and said so.
 */
export const MAX_STATISTICS_PAGES = 20;

/** The frontend's rows, or what went wrong in words (never thrown). */
function readRows(answer: SqlAnswer, what: string): Rows {
  if (answer.kind === 'proxy-error') return { ok: false, problem: answer.error.message };
  if (answer.kind !== 'frontend') return { ok: false, problem: `${what}: no frontend answer.` };
  const { status, body, addr } = answer.answer;
  const text = body.toString('utf8');
  if (status !== 200) {
    return {
      ok: false,
      problem: `${what}: ${explainFrontendError(status, readFrontendError(text))}`,
    };
  }
  let json: unknown;
  try {
    json = parseLosslessJson(text);
  } catch {
    return {
      ok: false,
      problem: `${what}: the frontend ${addr} answered with something not JSON.`,
    };
  }
  const parsed = SqlKeyedRowsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message ?? 'unexpected shape';
    return { ok: false, problem: `${what}: the frontend ${addr} answered ${issue}.` };
  }
  return { ok: true, rows: parsed.data };
}

const TableNameRowSchema = z.object({
  table_catalog: z.string(),
  table_schema: z.string(),
  table_name: z.string(),
  table_id: SqlU32Schema,
});

/** Row-major float32 cells as little-endian bytes, whatever this machine's byte order. */
function float32LittleEndianBase64(cells: Float32Array): string {
  const bytes = Buffer.alloc(cells.length * 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  cells.forEach((value, index) => {
    view.setFloat32(index * 4, value, true);
  });
  return bytes.toString('base64');
}

interface ClusterEngine {
  version: GreptimeVersion;
  engine: HotRegionsEngine;
  ring: HeatmapRing;
  /** null: DATA_DIR not given, the ring lives in memory. */
  ringFile: string | null;
}

export class HotRegionsPoller {
  private readonly intervalMs: number;
  private current: ClusterEngine | null = null;
  /** Asked again before the next sample: none yet, or the last one failed (an upgrade?). */
  private shouldCheckVersion = true;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextSampleAtMs: number | null = null;
  private isClosed = false;
  private tableNames = new Map<number, string>();
  private tableNamesReadAtMs = Number.NEGATIVE_INFINITY;
  private tableNamesProblem: string | null = null;
  private tableNamesInFlight: Promise<void> | null = null;

  constructor(private readonly deps: HotRegionsPollerDeps) {
    this.intervalMs = clampSampleIntervalMs(deps.settings.intervalMs);
  }

  /** Samples now, then every interval until `close`; nothing without a frontend. */
  start(): void {
    if (this.deps.hasFrontend && !this.isClosed && this.timer === null) this.schedule(0);
  }

  close(): void {
    this.isClosed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.nextSampleAtMs = null;
  }

  async hotRegions(query: { sort?: LoadRate; limit?: number }): Promise<HotRegionsAnswer> {
    const { support, current } = await this.view();
    const nowMs = this.deps.now();
    const sortBy =
      query.sort ?? (current === null ? 'queryCpuMsPerSec' : heatmapMetric(current.version));
    const latest = current?.engine.latestSample() ?? null;
    const tableNames = await this.namesFor(latest?.rates.map((region) => region.tableId) ?? []);
    return {
      nowMs,
      support,
      intervalMs: this.intervalMs,
      sampledAtMs: latest?.atMs ?? null,
      nextSampleAtMs: support.kind === 'none' ? null : this.nextSampleAtMs,
      hasRates: current?.engine.hasRates() ?? false,
      sortBy,
      regions:
        current?.engine.hotList({
          sortBy,
          limit: query.limit ?? DEFAULT_HOT_LIST_LIMIT,
          tableNames,
        }) ?? [],
      datanodes: current?.engine.datanodeLoads() ?? [],
      lastError: this.lastError ?? this.tableNamesProblem,
    };
  }

  async heatmap(query: { windowMs?: number }): Promise<HeatmapAnswer> {
    const { support, current } = await this.view();
    const nowMs = this.deps.now();
    const heatmap = current?.engine.heatmap(nowMs, query.windowMs ?? HEATMAP_DEFAULT_WINDOW_MS);
    const rowStarts = heatmap?.rowStarts ?? [];
    const tableNames = await this.namesFor(rowStarts.map((start) => start.tableId));
    return {
      nowMs,
      support,
      metric: current === null ? 'queryCpuMsPerSec' : heatmapMetric(current.version),
      columnWidthMs: HEATMAP_COLUMN_MS,
      columnStartsMs: heatmap?.columnStartsMs ?? [],
      rowStarts: rowStarts.map(({ tableId, regionNumber }) => ({
        tableId,
        regionNumber,
        tableName: tableNames.get(tableId) ?? null,
      })),
      cellsBase64: float32LittleEndianBase64(heatmap?.cells ?? new Float32Array()),
    };
  }

  private schedule(delayMs: number): void {
    this.nextSampleAtMs = this.deps.now() + delayMs;
    this.timer = setTimeout(() => {
      void this.tick();
    }, delayMs);
    // Sampling never keeps a finished process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    let delayMs = this.intervalMs;
    try {
      delayMs = await this.sampleOnce();
    } catch (error) {
      // A bug, not a cluster answer: said once per sample, and sampling goes on.
      this.lastError = `Sampling failed: ${error instanceof Error ? error.message : String(error)}`;
      this.deps.log(`Region Console: hot regions of ${this.deps.clusterId}: ${this.lastError}`);
    }
    if (!this.isClosed) this.schedule(delayMs);
  }

  /** One sample; the delay to the next, counted from when this one was asked. */
  private async sampleOnce(): Promise<number> {
    const current = await this.engineToSample();
    if (current === null) return this.intervalMs;
    const atMs = this.deps.now();
    const delay = () => Math.max(0, atMs + this.intervalMs - this.deps.now());
    const read = await this.readStatistics();
    if (!read.ok) {
      this.lastError = read.problem;
      this.shouldCheckVersion = true;
      return delay();
    }
    const result = current.engine.sample(atMs, read.rows);
    if (result === null) return delay();
    const problems: string[] = [];
    if (read.isCut) {
      problems.push(
        `Only the first ${String(read.rows.length)} region replicas by region id were sampled ` +
          `(${String(MAX_STATISTICS_PAGES)} reads of ${String(SQL_ROW_LIMIT)}); the rest have no rate.`,
      );
    }
    if (result.rejectedRows > 0) {
      problems.push(
        `${result.rejectedRows} row${result.rejectedRows === 1 ? '' : 's'} of ` +
          'information_schema.region_statistics could not be read and were left out.',
      );
    }
    if (current.ringFile !== null) {
      try {
        saveHeatmapRing(current.ringFile, current.ring);
      } catch (error) {
        problems.push(
          `The heatmap could not be saved to ${current.ringFile} ` +
            `(${error instanceof Error ? error.message : String(error)}); it is kept in memory.`,
        );
      }
    }
    this.lastError = problems.length === 0 ? null : problems.join(' ');
    return delay();
  }

  /**
   * Every replica's statistics, in pages of SQL_ROW_LIMIT rows by region id: a page that comes
   * back full is followed by the next, from its last region id on. The rows of that last
   * region are left to the next page, which reads all of them, so a region whose replicas
   * straddle two pages is counted once.
   */
  private async readStatistics(): Promise<StatisticsRows> {
    const rows: Record<string, unknown>[] = [];
    let from: string | undefined;
    for (let page = 0; page < MAX_STATISTICS_PAGES; page += 1) {
      const read = readRows(
        await this.deps.runStatement(regionStatisticsStatement(undefined, from)),
        'information_schema.region_statistics',
      );
      if (!read.ok) return read;
      if (read.rows.length < SQL_ROW_LIMIT) {
        rows.push(...read.rows);
        return { ok: true, rows, isCut: false };
      }
      const last = String(read.rows.at(-1)?.region_id);
      // The rows schema leaves values open; an id that is not a u64 cannot page on.
      if (!/^\d+$/.test(last)) return { ok: true, rows: [...rows, ...read.rows], isCut: true };
      const whole = read.rows.filter((row) => String(row.region_id) !== last);
      // A page of one region's replicas alone cannot be split further: take it and go past it.
      rows.push(...(whole.length === 0 ? read.rows : whole));
      from = whole.length === 0 ? (BigInt(last) + 1n).toString() : last;
    }
    return { ok: true, rows, isCut: true };
  }

  private async engineToSample(): Promise<ClusterEngine | null> {
    if (this.current !== null && !this.shouldCheckVersion) return this.current;
    return this.engineFor(await this.deps.connection());
  }

  /**
   * The engine for the version the cluster reports (a new one after an upgrade); the one in
   * use while the version cannot be read; null where nothing can be sampled.
   */
  private engineFor(info: ConnectionInfo): ClusterEngine | null {
    if (info.version === null) return info.generation === 'legacy' ? null : this.current;
    this.shouldCheckVersion = false;
    const version = parseGreptimeVersion(info.version);
    if (
      version === null ||
      info.generation !== 'sql' ||
      !this.deps.hasFrontend ||
      !sqlFacts(version).hasRegionStatistics
    ) {
      this.current = null;
      return null;
    }
    if (this.current?.version.text !== version.text) this.current = this.open(version);
    return this.current;
  }

  private open(version: GreptimeVersion): ClusterEngine {
    const shape = { ...DEFAULT_RING_SHAPE, metric: heatmapMetric(version) };
    const { dataDir } = this.deps.settings;
    const ringFile = dataDir === null ? null : heatmapRingFile(dataDir, this.deps.clusterId, shape);
    const ring =
      ringFile === null ? new HeatmapRing(shape) : loadHeatmapRing(ringFile, shape, this.deps.log);
    return {
      version,
      engine: new HotRegionsEngine(version, ring, this.intervalMs),
      ring,
      ringFile,
    };
  }

  /** What the version can report, and its engine (made here when no sample has run yet). */
  private async view(): Promise<{ support: HotRegionsSupport; current: ClusterEngine | null }> {
    const info = await this.deps.connection();
    const current = this.engineFor(info);
    if (current !== null) {
      const missing =
        current.engine.latestSample()?.missingColumns ?? expectedMissingColumns(current.version);
      return {
        support:
          missing.length === 0 ? { kind: 'full' } : { kind: 'partial', missingColumns: missing },
        current,
      };
    }
    return { support: { kind: 'none', reason: this.noneReason(info) }, current: null };
  }

  private noneReason(info: ConnectionInfo): string {
    if (info.generation === 'legacy') return LEGACY_NO_LOAD_REASON;
    const version = info.version === null ? null : parseGreptimeVersion(info.version);
    if (version !== null && !sqlFacts(version).hasRegionStatistics) {
      return (
        `GreptimeDB ${version.text} reports no region load: ` +
        'information_schema.region_statistics exists from v0.9.4.'
      );
    }
    if (!this.deps.hasFrontend) {
      return (
        'Region load is read from information_schema.region_statistics on a GreptimeDB ' +
        'frontend, and none is configured for this cluster: set FRONTEND_URL on the console server.'
      );
    }
    return `The cluster's GreptimeDB version is unknown, so region load is not sampled. ${info.problem?.message ?? ''}`.trim();
  }

  /** Table names by id, read again when old or when an id is new (at most once an interval). */
  private async namesFor(tableIds: readonly number[]): Promise<ReadonlyMap<number, string>> {
    const ageMs = this.deps.now() - this.tableNamesReadAtMs;
    const hasNewId = tableIds.some((id) => !this.tableNames.has(id));
    if (
      tableIds.length > 0 &&
      (ageMs >= TABLE_NAMES_MAX_AGE_MS || (hasNewId && ageMs >= this.intervalMs))
    ) {
      this.tableNamesInFlight ??= this.readTableNames().finally(() => {
        this.tableNamesInFlight = null;
      });
      await this.tableNamesInFlight;
    }
    return this.tableNames;
  }

  private async readTableNames(): Promise<void> {
    this.tableNamesReadAtMs = this.deps.now();
    const read = readRows(
      await this.deps.runStatement(TABLES_STATEMENT),
      'information_schema.tables',
    );
    if (!read.ok) {
      this.tableNamesProblem = `Table names could not be read. ${read.problem}`;
      return;
    }
    const names = new Map<number, string>();
    for (const row of read.rows) {
      const parsed = TableNameRowSchema.safeParse(row);
      if (!parsed.success) continue;
      const { table_catalog, table_schema, table_name, table_id } = parsed.data;
      names.set(table_id, `${table_catalog}.${table_schema}.${table_name}`);
    }
    this.tableNames = names;
    this.tableNamesProblem = null;
  }
}
