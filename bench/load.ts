/**
 * A load run against the production server: LOAD_CLIENTS plain HTTP clients, each as a browser
 * with one table page open looks to the server (its push stream, held open, and one keep-alive
 * connection), read back to back, for LOAD_DURATION_MS, what that page polls. Reported: errors
 * (any answer but 200, any failed or broken connection), latency of the reads, and the server
 * process's resident memory (its embedded emulator included), read from /proc.
 *
 * The clients run in the bench's own process, on the same machine as the server: they take
 * CPU from it, so the latencies are an upper bound.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLUSTER_ENDPOINTS, DEFAULT_CLUSTER_ID, clusterPath } from '../contract/api-contract.ts';
import type { ClusterControl } from '../e2e/cluster-control.ts';
import { pushEventsUrl } from '../src/api/push-events-api.ts';
import { DEMO_TABLE_ID, resetDemo } from './cluster.ts';
import { refreshNote, settings } from './config.ts';
import { megabytes, ms, quantile, report } from './report.ts';
import { rssBytes } from './server-memory.ts';

const LOAD_CLIENTS = 200;
const LOAD_DURATION_MS = 20_000;
const RSS_SAMPLE_INTERVAL_MS = 250;

const apiPath = (endpoint: string) => clusterPath(DEFAULT_CLUSTER_ID, endpoint);
/** What a table page polls (src/api; the same set a page's requests show once it is loaded). */
const POLLED_PATHS = [
  apiPath(CLUSTER_ENDPOINTS.metasrv),
  `${apiPath(CLUSTER_ENDPOINTS.route)}?table_id=${DEMO_TABLE_ID}`,
  apiPath(CLUSTER_ENDPOINTS.nodeLease),
  `${apiPath(CLUSTER_ENDPOINTS.migrations)}?scope=recent`,
  apiPath(CLUSTER_ENDPOINTS.clusterSummary),
];
/** A table page's stream also asks for the cluster view: the page shows datanode figures. */
const PUSH_STREAM_PATH = pushEventsUrl(DEFAULT_CLUSTER_ID, {
  tableIds: [DEMO_TABLE_ID],
  isClusterView: true,
});

interface Tally {
  latenciesMs: number[];
  /** What went wrong, e.g. `HTTP 503` or `ECONNRESET`, and how often. */
  errors: Map<string, number>;
}

function countError(tally: Tally, what: string): void {
  tally.errors.set(what, (tally.errors.get(what) ?? 0) + 1);
}

function errorName(error: unknown): string {
  if (error instanceof Error) return 'code' in error ? String(error.code) : error.message;
  return String(error);
}

/** One GET, its body read to the end; the answer's status. */
function get(agent: http.Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port: settings.port, path, agent },
      (response) => {
        response.on('error', reject);
        response.on('end', () => {
          resolve(response.statusCode ?? 0);
        });
        response.resume();
      },
    );
    request.on('error', reject);
  });
}

/**
 * Opens a push stream and keeps reading it; resolves once the server answered or refused. A
 * refusal, or a stream that ends before `isClosing()`, counts as an error.
 */
function openPushStream(tally: Tally, isClosing: () => boolean): Promise<http.ClientRequest> {
  return new Promise((resolve) => {
    let hasFailed = false;
    const fail = (what: string) => {
      if (!hasFailed && !isClosing()) countError(tally, `push stream: ${what}`);
      hasFailed = true;
      resolve(request);
    };
    const request = http.get(
      { host: '127.0.0.1', port: settings.port, path: PUSH_STREAM_PATH, agent: false },
      (response) => {
        response.on('data', () => undefined);
        response.on('error', () => undefined);
        if (response.statusCode !== 200) {
          fail(`HTTP ${String(response.statusCode)}`);
          request.destroy();
          return;
        }
        response.on('close', () => {
          fail('closed');
        });
        resolve(request);
      },
    );
    request.on('error', (error) => {
      fail(errorName(error));
    });
  });
}

async function pollUntil(client: number, deadlineMs: number, tally: Tally): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  // Each client starts at another path, so that every path is asked at every moment.
  for (let i = client; performance.now() < deadlineMs; i += 1) {
    const path = POLLED_PATHS[i % POLLED_PATHS.length] ?? '';
    const startMs = performance.now();
    try {
      const status = await get(agent, path);
      tally.latenciesMs.push(performance.now() - startMs);
      if (status !== 200) countError(tally, `HTTP ${String(status)}`);
    } catch (error) {
      countError(tally, errorName(error));
    }
  }
  agent.destroy();
}

export async function benchLoad(control: ClusterControl, serverPid: number) {
  await resetDemo(control);
  const tally: Tally = { latenciesMs: [], errors: new Map() };
  let isClosing = false;
  const streams = await Promise.all(
    Array.from({ length: LOAD_CLIENTS }, () => openPushStream(tally, () => isClosing)),
  );
  const rssBefore = rssBytes(serverPid);
  const samples: { atMs: number; bytes: number }[] = [];
  const startMs = performance.now();
  const sampler = setInterval(() => {
    samples.push({ atMs: performance.now() - startMs, bytes: rssBytes(serverPid) });
  }, RSS_SAMPLE_INTERVAL_MS);
  try {
    await Promise.all(
      Array.from({ length: LOAD_CLIENTS }, (_, client) =>
        pollUntil(client, startMs + LOAD_DURATION_MS, tally),
      ),
    );
  } finally {
    clearInterval(sampler);
    isClosing = true;
    for (const stream of streams) stream.destroy();
  }
  // Give the server a moment to see the streams go, before the next group counts requests.
  await sleep(1_000);

  const elapsedS = (performance.now() - startMs) / 1000;
  const requests = tally.latenciesMs.length;
  const errors = [...tally.errors.values()].reduce((sum, n) => sum + n, 0);
  const kinds = [...tally.errors].map(([what, n]) => `${what} × ${String(n)}`).join(', ');
  const run = `load run, ${String(LOAD_CLIENTS)} clients × ${String(LOAD_DURATION_MS / 1000)} s${refreshNote()}`;
  report(`${run}: reads answered`, `${String(requests)} (${(requests / elapsedS).toFixed(0)}/s)`);
  report(`${run}: errors`, kinds === '' ? '0' : `${String(errors)} (${kinds})`, '0', errors === 0);
  report(`${run}: read latency p50`, ms(quantile(tally.latenciesMs, 0.5)));
  report(`${run}: read latency p99`, ms(quantile(tally.latenciesMs, 0.99)));
  const steady = samples.filter((s) => s.atMs >= LOAD_DURATION_MS / 2).map((s) => s.bytes);
  report('server RSS before the load run', megabytes(rssBefore));
  report(`${run}: server RSS, steady (median of the 2nd half)`, megabytes(quantile(steady, 0.5)));
  report(
    `${run}: server RSS, peak`,
    megabytes(Math.max(rssBefore, ...samples.map((s) => s.bytes))),
  );
}
