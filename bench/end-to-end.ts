/**
 * Issue 18's end-to-end figures (BENCH_ONLY=end-to-end): what the operator waits for, each
 * beside a floor measured in the same runs, in the same browser. Every figure here runs
 * against a standalone emulator (its own process, standalone-emulator.ts), with the console
 * server pointed at it by METASRV_ADDRS on BENCH_PORT, so that the server's times and memory
 * are its own. The group runs after the others, once their server has stopped.
 *
 * - table, Enter → painted, 10k and 100k regions, and the browser heap (table-enter-to-paint.ts);
 * - on the 100k-region, 200-datanode cluster, each run on a freshly started server:
 *   cluster view, click → painted, cold (the first click after the server started) and warm
 *   (a second browser's click while the first keeps the view open, so the server's shared
 *   poller has read the heartbeat once), beside "raw heartbeat fetch + parse"; the server's
 *   RSS sampled throughout: steady once the poller has read the heartbeat 3 times, and peak;
 * - drain preview, click → painted, on that cluster (drain-preview-click-to-paint.ts).
 */
import type { Browser, Page } from '@playwright/test';
import { HEARTBEAT_PATH } from '../server/cluster-poller/cluster-poller.ts';
import { resetCluster } from './cluster.ts';
import { clickToClusterView } from './cluster-view-click-to-paint.ts';
import { judged, refreshNote, scaleNote, scaledRegions, settings } from './config.ts';
import { benchDrainPreview } from './drain-preview-click-to-paint.ts';
import { timeRawFetchAndParse } from './raw-floor.ts';
import { answerTimes, median, megabytes, ms, ratio, regionCount, report } from './report.ts';
import { startServer } from './server.ts';
import { RssSampler, waitForHeartbeatPolls } from './server-memory.ts';
import { startStandaloneEmulator, type StandaloneEmulator } from './standalone-emulator.ts';
import { readFromLeader, startStaticCopies, type StaticCopies } from './static-copy.ts';
import { benchTableEnterToPaint } from './table-enter-to-paint.ts';

const CLUSTER_REGIONS = 100_000;
const CLUSTER_DATANODES = 200;
const CLUSTER_TABLES = 1_000;
const WARM_TARGET_MS = 500;
const MAX_COLD_FLOOR_RATIO = 2;
const RSS_TARGET_BYTES = 300 * 2 ** 20;
/** "Steady" is read once the server's poller has read the heartbeat this many times. */
const STEADY_AFTER_POLLS = 3;

interface FreshServerRun {
  floorMs: number;
  coldMs: number;
  coldRequestedMs: number;
  coldAnsweredMs: number;
  warmMs: number;
  warmRequestedMs: number;
  warmAnsweredMs: number;
  steadyBytes: number;
  peakBytes: number;
}

/**
 * One run on a console server started for it: the floor, the cold click, the warm click, then
 * (unless a warm-up) the RSS once the heartbeat has been polled STEADY_AFTER_POLLS times.
 */
async function freshServerRun(
  browser: Browser,
  emulator: StandaloneEmulator,
  heartbeatCopyUrl: string,
  isWarmUp: boolean,
): Promise<FreshServerRun> {
  const server = await startServer({ metasrvAddrs: emulator.metasrvAddrs });
  const sampler = new RssSampler(server.pid);
  const pages: Page[] = [];
  try {
    await emulator.control.clearRequests();
    const floorMs = await timeRawFetchAndParse(browser, heartbeatCopyUrl);
    const cold = await clickToClusterView(browser, emulator.control, true);
    pages.push(cold.page);
    const warm = await clickToClusterView(browser, emulator.control, false);
    await warm.page.close();
    let steadyBytes = Number.NaN;
    if (!isWarmUp) {
      // The first poll was the cold click's read; the next ones come every refresh interval.
      const timeoutMs = (STEADY_AFTER_POLLS + 1) * settings.refreshIntervalMs + 120_000;
      await waitForHeartbeatPolls(emulator.control, STEADY_AFTER_POLLS, timeoutMs);
      steadyBytes = await sampler.steady();
    }
    return {
      floorMs,
      coldMs: cold.elapsedMs,
      coldRequestedMs: cold.requestedMs,
      coldAnsweredMs: cold.answeredMs,
      warmMs: warm.elapsedMs,
      warmRequestedMs: warm.requestedMs,
      warmAnsweredMs: warm.answeredMs,
      steadyBytes,
      peakBytes: sampler.peak(),
    };
  } finally {
    sampler.stop();
    for (const page of pages) await page.close();
    await server.stop();
  }
}

async function benchFreshServerRuns(
  browser: Browser,
  emulator: StandaloneEmulator,
  copies: StaticCopies,
  regions: number,
): Promise<void> {
  const heartbeat = await readFromLeader(emulator.control, HEARTBEAT_PATH);
  const copyUrl = copies.put('heartbeat', heartbeat);
  await freshServerRun(browser, emulator, copyUrl, true); // warm-up: Chromium's code cache
  const runs: FreshServerRun[] = [];
  for (let i = 0; i < settings.runs; i += 1) {
    runs.push(await freshServerRun(browser, emulator, copyUrl, false));
  }
  const of = (key: keyof FreshServerRun) => median(runs.map((run) => run[key]));
  const floor = of('floorMs');
  const cold = of('coldMs');
  const warm = of('warmMs');
  const cluster = `${regionCount(regions)} regions (${String(CLUSTER_DATANODES)} dn)${scaleNote()}`;
  report(
    `cluster view, click → painted, warm, ${cluster}`,
    `${ms(warm)} (${answerTimes('summary', of('warmRequestedMs'), of('warmAnsweredMs'))}), ` +
      `${ratio(warm / floor)} its floor`,
    `≤ ${String(WARM_TARGET_MS)} ms`,
    judged(warm <= WARM_TARGET_MS),
  );
  report(
    `cluster view, click → painted, cold, ${cluster}`,
    `${ms(cold)} (${answerTimes('summary', of('coldRequestedMs'), of('coldAnsweredMs'))}), ` +
      `${ratio(cold / floor)} its floor`,
    `≤ ${String(MAX_COLD_FLOOR_RATIO)}× floor`,
    judged(cold <= MAX_COLD_FLOOR_RATIO * floor),
  );
  report(
    `  floor: raw heartbeat fetch + parse (${megabytes(heartbeat.length, 1)} as MetaSrv sends it)`,
    ms(floor),
  );
  const polled = `${cluster} polled, emulator apart${refreshNote()}`;
  const steady = of('steadyBytes');
  const peak = of('peakBytes');
  report(
    `server RSS, ${polled}, steady after ${String(STEADY_AFTER_POLLS)} polls`,
    megabytes(steady),
    '≤ 300 MB',
    judged(steady <= RSS_TARGET_BYTES),
  );
  report(
    `server RSS, ${polled}, peak`,
    megabytes(peak),
    '≤ 300 MB',
    judged(peak <= RSS_TARGET_BYTES),
  );
}

export async function benchEndToEnd(browser: Browser): Promise<void> {
  const emulator = await startStandaloneEmulator();
  try {
    const copies = await startStaticCopies();
    try {
      await benchTableEnterToPaint(browser, emulator, copies);
      const regions = scaledRegions(CLUSTER_REGIONS);
      await resetCluster(emulator.control, {
        regions,
        datanodes: CLUSTER_DATANODES,
        tables: Math.min(CLUSTER_TABLES, regions),
      });
      await benchFreshServerRuns(browser, emulator, copies, regions);
      const server = await startServer({ metasrvAddrs: emulator.metasrvAddrs });
      try {
        await benchDrainPreview(browser, regions, CLUSTER_DATANODES);
      } finally {
        await server.stop();
      }
    } finally {
      await copies.close();
    }
  } finally {
    await emulator.stop();
  }
}
