import { test as base, expect } from '@playwright/test';
import { E2E_FRONTEND_AUTH, generationOf, type ApiMode, type Generation } from './api-mode';
import { BrowserConsole, describeUnexpected } from './browser-console';
import { ClusterControl } from './cluster-control';

export { E2E_FRONTEND_AUTH, type ApiMode, type Generation };

/**
 * Every spec starts from the same emulated cluster: the embedded emulator of the server under
 * test is reset through its control API (seed 1, 4 datanodes) before each test, as v0.6 on the
 * legacy projects and as v1.1.4 (SQL path, frontend auth on) on the `sql` project.
 */
export const test = base.extend<{
  cluster: ClusterControl;
  browserConsole: BrowserConsole;
  apiMode: ApiMode;
  generation: Generation;
}>({
  apiMode: ['v0.6', { option: true }],
  generation: async ({ apiMode }, use) => {
    await use(generationOf(apiMode));
  },
  // Automatic, so that a spec which never touches the cluster still starts from a known one.
  cluster: [
    async ({ request, baseURL, apiMode, generation }, use) => {
      if (baseURL === undefined) throw new Error('baseURL is not configured');
      const cluster = await ClusterControl.connect(request, baseURL);
      await cluster.reset({
        seed: 1,
        api: apiMode,
        datanodes: 4,
        // The emulator keeps unset keys from the last reset: name the seeded set explicitly.
        tables: null,
        regions: null,
        empty: false,
        replaySpeed: 1,
        clockSpeed: 1,
        ...(generation === 'sql' ? { frontendUser: E2E_FRONTEND_AUTH } : {}),
      });
      await use(cluster);
    },
    { auto: true },
  ],
  // Automatic: every test's page fails on a console error or warning it did not declare.
  browserConsole: [
    async ({ page }, use) => {
      const watched = new BrowserConsole(page);
      await use(watched);
      const unexpected = watched.unexpected();
      if (unexpected.length > 0) {
        throw new Error(describeUnexpected(unexpected, await watched.serverErrors()));
      }
    },
    { auto: true },
  ],
});

export { expect };
