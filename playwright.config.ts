import { defineConfig } from '@playwright/test';

// The suite runs against the production build served by `vite preview` (the dev server's
// first-run dependency optimisation reloads the page and makes tests flaky); one smoke spec
// runs against `vite dev`. Both servers start their own embedded emulator, and every spec
// resets it through the control API, so the specs share one worker.
// E2E_PREVIEW_PORT / E2E_DEV_PORT let several runs share a machine.
const PREVIEW_PORT = Number(process.env.E2E_PREVIEW_PORT ?? 4173);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? 5173);
const PREVIEW_URL = `http://127.0.0.1:${PREVIEW_PORT}`;
const DEV_URL = `http://127.0.0.1:${DEV_PORT}`;

export default defineConfig({
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
    { name: 'preview', testIgnore: /dev-smoke\.spec\.ts/, use: { baseURL: PREVIEW_URL } },
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
      command: `./node_modules/.bin/vite --port ${DEV_PORT} --strictPort`,
      url: `${DEV_URL}/api/dev/emulator`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
  ],
});
