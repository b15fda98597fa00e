import { defineConfig } from '@playwright/test';
import { E2E_FRONTEND_AUTH, type ApiMode } from './e2e/api-mode';

interface ApiModeOption {
  apiMode: ApiMode;
}

// The suite runs against the production build served by `vite preview` (the dev server's
// first-run dependency optimisation reloads the page and makes tests flaky); one smoke spec
// runs against `vite dev`. Both servers start their own embedded emulator, and every spec
// resets it through the control API, so the specs share one worker.
// E2E_PREVIEW_PORT / E2E_PREVIEW_V1_PORT / E2E_DEV_PORT let several runs share a machine.
//
// Two API generations (issue 7): `preview` runs against a legacy (v0.6/v0.7) emulator, and
// `sql` runs the main specs again against a second preview server whose emulator is
// GreptimeDB v1.1.4 (EMULATOR_API=v1.1, SQL path, frontend basic auth on). The specs read the
// project's `apiMode` option (e2e/fixtures.ts); tests that only make sense on one generation
// are tagged `@legacy` or `@v1` and filtered here, never skipped inside a spec.
const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4173);
const PREVIEW_V1_PORT = Number(process.env.E2E_PREVIEW_V1_PORT ?? 4174);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5173);
const PREVIEW_URL = `http://127.0.0.1:${PREVIEW_PORT}`;
const PREVIEW_V1_URL = `http://127.0.0.1:${PREVIEW_V1_PORT}`;
/** The main suite, run in both generations. */
const BOTH_GENERATIONS = [
  /leader\.spec\.ts/,
  /open-table\.spec\.ts/,
  /migrate-region\.spec\.ts/,
  /ops-find-table\.spec\.ts/,
  /ops-datanodes-and-comfort\.spec\.ts/,
  /cluster-view\.spec\.ts/,
  /plan-runs\.spec\.ts/,
];
/** Specs about the SQL path only. */
const V1_ONLY = [
  /sql-path-auth\.spec\.ts/,
  /sql-maintenance\.spec\.ts/,
  /sql-events-history\.spec\.ts/,
];
const DEV_URL = `http://127.0.0.1:${DEV_PORT}`;

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
      use: { baseURL: PREVIEW_URL, apiMode: 'v0.6' },
    },
    {
      name: 'sql',
      testMatch: [...BOTH_GENERATIONS, ...V1_ONLY],
      grepInvert: /@legacy\b/,
      use: { baseURL: PREVIEW_V1_URL, apiMode: 'v1.1' },
    },
    { name: 'dev', testMatch: /dev-smoke\.spec\.ts/, use: { baseURL: DEV_URL } },
  ],
  webServer: [
    {
      command: `./node_modules/.bin/vite preview --port ${PREVIEW_PORT} --strictPort`,
      url: `${PREVIEW_URL}/api/dev/emulator`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      command: `./node_modules/.bin/vite preview --port ${PREVIEW_V1_PORT} --strictPort`,
      url: `${PREVIEW_V1_URL}/api/dev/emulator`,
      env: {
        EMULATOR_API: 'v1.1',
        EMULATOR_FRONTEND_AUTH: E2E_FRONTEND_AUTH,
        // Its own journal: one process owns a data directory at a time.
        DATA_DIR: `${process.env.DATA_DIR ?? '.data'}-v1`,
      },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      command: `./node_modules/.bin/vite --port ${DEV_PORT} --strictPort`,
      url: `${DEV_URL}/api/dev/emulator`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
  ],
});
