import { defineConfig } from '@playwright/test';
import { E2E_FRONTEND_AUTH, type ApiMode } from './e2e/api-mode';
import { BUILT_CLIENT_DIR, BUILT_SERVER_MAIN, tempDataDir } from './e2e/built-server';

interface ApiModeOption {
  apiMode: ApiMode;
}

// The suite runs against what ships: the production build (`npm run build`) served as
// `npm start` serves it (e2e/built-server.ts), with its embedded emulator and every guard on;
// only the `dev` project's smoke spec runs against `npm run dev`. Each server starts its own
// embedded emulator on a data directory of its own, and every spec resets the emulator through
// the control API, so the specs share one worker.
// E2E_LEGACY_PORT / E2E_SQL_PORT / E2E_DEV_PORT let several runs share a machine.
//
// Two API generations (issue 7): `legacy` runs against a legacy (v0.6/v0.7) emulator, and
// `sql` runs the main specs again against a second server whose emulator is GreptimeDB v1.2
// (EMULATOR_API=v1.2, SQL path, frontend basic auth on); production-server.spec.ts keeps a
// smoke test of v1.1.4 (EMULATOR_API=v1.1). The specs read the project's
// `apiMode` option (e2e/fixtures.ts); tests that only make sense on one generation are tagged
// `@legacy` or `@v1` and filtered here, never skipped inside a spec.
const LEGACY_PORT = Number(process.env.E2E_LEGACY_PORT ?? 4173);
const SQL_PORT = Number(process.env.E2E_SQL_PORT ?? 4174);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5173);
const LEGACY_URL = `http://127.0.0.1:${LEGACY_PORT}`;
const SQL_URL = `http://127.0.0.1:${SQL_PORT}`;
const DEV_URL = `http://127.0.0.1:${DEV_PORT}`;
/** The main suite, run in both generations. */
const BOTH_GENERATIONS = [
  /leader\.spec\.ts/,
  /open-table\.spec\.ts/,
  /migrate-region\.spec\.ts/,
  /ops-find-table\.spec\.ts/,
  /ops-datanodes-and-comfort\.spec\.ts/,
  /at-a-glance\.spec\.ts/,
  /overview\.spec\.ts/,
  /cluster-view\.spec\.ts/,
  /distribution\.spec\.ts/,
  /plan-runs\.spec\.ts/,
  /target-stops\.spec\.ts/,
  /a11y\.spec\.ts/,
  /table-move-plan\.spec\.ts/,
  /region-id-check\.spec\.ts/,
  /routing\.spec\.ts/,
  // The SQL path finds and moves hot regions (`@v1`); legacy says it has no region load.
  /hot-regions\.spec\.ts/,
];
/** Specs about the SQL path only. */
const V1_ONLY = [
  /sql-auth\.spec\.ts/,
  /sql-maintenance\.spec\.ts/,
  /sql-events-history\.spec\.ts/,
  /sql-logical-table\.spec\.ts/,
  /sql-region-states\.spec\.ts/,
  /repartition\.spec\.ts/,
  /sql-repartition-history\.spec\.ts/,
];

/** `npm start` on the build, as the server of one project. */
function builtServer(url: string, port: number, env: Record<string, string> = {}) {
  return {
    command: `node ${BUILT_SERVER_MAIN}`,
    url: `${url}/api/dev/emulator`,
    env: {
      PORT: String(port),
      DIST_DIR: BUILT_CLIENT_DIR,
      DATA_DIR: tempDataDir(`e2e-${port}`),
      // Specs change the emulator behind the console's back (control API) and wait up to 15 s
      // for the page to show it; the server's 30 s default re-read interval suits a real cluster.
      REFRESH_INTERVAL_MS: '5000',
      ...env,
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe' as const,
  };
}

export default defineConfig<ApiModeOption>({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'legacy',
      testIgnore: [/dev-smoke\.spec\.ts/, ...V1_ONLY],
      grepInvert: /@v1\b/,
      use: { baseURL: LEGACY_URL, apiMode: 'v0.6' },
    },
    {
      name: 'sql',
      testMatch: [...BOTH_GENERATIONS, ...V1_ONLY],
      grepInvert: /@legacy\b/,
      use: { baseURL: SQL_URL, apiMode: 'v1.2' },
    },
    { name: 'dev', testMatch: /dev-smoke\.spec\.ts/, use: { baseURL: DEV_URL } },
  ],
  webServer: [
    builtServer(LEGACY_URL, LEGACY_PORT),
    builtServer(SQL_URL, SQL_PORT, {
      EMULATOR_API: 'v1.2',
      EMULATOR_FRONTEND_AUTH: E2E_FRONTEND_AUTH,
      // Hot-region rates need two samples: 3 s apart (the floor) rather than 30 s.
      HOT_REGIONS_INTERVAL_MS: '3000',
    }),
    {
      // `npm run dev`, on its own port and data directory.
      command: './node_modules/.bin/tsx server/dev/dev-server.ts',
      url: `${DEV_URL}/api/dev/emulator`,
      env: { PORT: String(DEV_PORT), DATA_DIR: tempDataDir(`e2e-${DEV_PORT}`) },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
  ],
});
