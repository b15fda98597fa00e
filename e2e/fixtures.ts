import { test as base, expect } from '@playwright/test';
import { ClusterControl } from './cluster-control';

/**
 * Every spec starts from the same emulated cluster: the embedded emulator of the server under
 * test is reset through its control API (seed 1, v0.6 wire forms, 4 datanodes) before each test.
 */
export const test = base.extend<{ cluster: ClusterControl }>({
  // Automatic, so that a spec which never touches the cluster still starts from a known one.
  cluster: [
    async ({ request, baseURL }, use) => {
      if (baseURL === undefined) throw new Error('baseURL is not configured');
      const cluster = await ClusterControl.connect(request, baseURL);
      await cluster.reset({ seed: 1, api: 'v0.6', datanodes: 4, replaySpeed: 1, clockSpeed: 1 });
      await use(cluster);
    },
    { auto: true },
  ],
});

export { expect };
