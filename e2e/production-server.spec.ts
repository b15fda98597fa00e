/**
 * `npm start` for real: the built production server (e2e/built-server.ts) is spawned on its
 * own ports and data directories with the built dashboard and its embedded emulator, once with
 * token auth and once read-only. These tests cover what only the production path has: the login page, the
 * CSP with Mantine's nonce, the hidden mutating controls, plus cluster text rendered as text,
 * 64-bit ids end to end and a MetaSrv timeout named in the UI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { BUILT_CLIENT_DIR, BUILT_SERVER_MAIN, tempDataDir } from './built-server';
import { ClusterControl } from './cluster-control';
import { seriousAxeViolations } from './axe';

const PORT = Number(process.env.E2E_PROD_PORT ?? 4281);
const READ_ONLY_PORT = PORT + 1;
/** EMULATOR_API=v1.1: the production server on GreptimeDB v1.1.4 (SQL path). */
const V1_PORT = PORT + 2;
/** Token auth of its own: its rate limit must not lock out the other tests' logins. */
const RATE_LIMIT_PORT = PORT + 3;
const TOKEN = 'e2e-token-0123456789abcdef';
const TIMEOUT_MS = 1500;

function startServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BUILT_SERVER_MAIN], {
    env: {
      ...process.env,
      DIST_DIR: BUILT_CLIENT_DIR,
      DATA_DIR: tempDataDir(`production-${port}`),
      PORT: String(port),
      METASRV_TIMEOUT_MS: String(TIMEOUT_MS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Region Console listening on')) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`production server exited (${code}):\n${output}`));
    });
  });
}

function stop(child: ChildProcess | undefined) {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
}

let tokenServer: ChildProcess | undefined;
let readOnlyServer: ChildProcess | undefined;
let v1Server: ChildProcess | undefined;
let rateLimitServer: ChildProcess | undefined;

test.beforeAll(async () => {
  [tokenServer, readOnlyServer, v1Server, rateLimitServer] = await Promise.all([
    startServer(PORT, { AUTH: 'token', AUTH_CREDENTIALS: `oncall-e2e:${TOKEN}` }),
    startServer(READ_ONLY_PORT, { READ_ONLY: 'true' }),
    startServer(V1_PORT, { EMULATOR_API: 'v1.1' }),
    startServer(RATE_LIMIT_PORT, { AUTH: 'token', AUTH_CREDENTIALS: `oncall-e2e:${TOKEN}` }),
  ]);
});

test.afterAll(() => {
  stop(tokenServer);
  stop(readOnlyServer);
  stop(v1Server);
  stop(rateLimitServer);
});

const base = `http://127.0.0.1:${PORT}`;

/** Logs the API context in (for the control API lookup) exactly as the login page does. */
async function controlFor(request: APIRequestContext, origin: string): Promise<ClusterControl> {
  const login = await request.post(`${origin}/api/login`, {
    headers: { origin, 'x-console-request': 'mutation' },
    data: { token: TOKEN },
  });
  expect(login.status()).toBe(200);
  const cluster = await ClusterControl.connect(request, origin);
  await cluster.reset({ seed: 1, api: 'v0.6', datanodes: 4, replaySpeed: 1, clockSpeed: 1 });
  return cluster;
}

function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

async function logIn(page: Page) {
  await page.goto(`${base}/`);
  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Signed in as')).toContainText('oncall-e2e');
}

async function openTable(page: Page, tableId: string) {
  await page.getByLabel('Table ID').fill(tableId);
  await page.keyboard.press('Enter');
  const grid = page.getByRole('table', { name: new RegExp(`Regions of table ${tableId}\\b`) });
  await expect(grid).toBeVisible();
  return grid;
}

test.describe('production server', () => {
  // Issue 19: the login page, scanned here because this spec runs a server with token auth.
  test('login page: no serious or critical axe violations, in light and in dark mode', async ({
    page,
  }) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${base}/`);
      await expect(
        page.getByRole('heading', { name: 'Sign in to Greptime Region Console' }),
      ).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      expect(await seriousAxeViolations(page)).toEqual([]);
    }
  });

  test('login page: a wrong token is refused, the right one opens the dashboard under CSP', async ({
    page,
  }) => {
    const violations = watchCspViolations(page);
    await page.goto(`${base}/`);
    const title = page.getByRole('heading', { name: 'Sign in to Greptime Region Console' });
    await expect(title).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/login-page.png' });

    await page.getByLabel('Access token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('This token is not valid');

    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Signed in as')).toContainText('oncall-e2e');
    await expect(page.getByRole('region', { name: 'MetaSrv leader' })).toBeVisible();
    // Mantine's injected <style> elements carry the page's nonce, so nothing was blocked.
    const styleNonces = await page.evaluate(() =>
      [...document.querySelectorAll('style')].map((style) => style.nonce),
    );
    expect(styleNonces.length).toBeGreaterThan(0);
    expect(styleNonces.every((nonce) => nonce !== '' && nonce !== '__CSP_NONCE__')).toBe(true);
    expect(violations).toEqual([]);

    // Sign out ends the session: the login page is back, and stays after a reload.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(title).toBeVisible();
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(
      'console_session',
    );
    await page.reload();
    await expect(title).toBeVisible();
  });

  test('markup in MetaSrv text and in a datanode address is shown as text', async ({
    page,
    request,
  }) => {
    const cluster = await controlFor(request, base);
    await logIn(page);
    const markup = '<img src=x onerror=window.__xss=1><b>bold</b>';
    // The leader relays the route: replace a datanode address in it with markup.
    const route = await (
      await page.request.get(`${base}/api/clusters/default/route?table_id=1024`)
    ).text();
    const datanodeAddr = /greptimedb-datanode-\d[^"\\]*:4001/.exec(route)?.[0] ?? 'none';
    const body = route.replaceAll(datanodeAddr, markup);
    expect(body).toContain(markup);
    await cluster.injectFault({ path: '/admin/route', action: 'body', body, times: 100 });
    // Column headers name datanodes by their lease: put the same markup there.
    const leases = await (await page.request.get(`${base}/api/clusters/default/node-lease`)).text();
    await cluster.injectFault({
      path: '/admin/node-lease',
      action: 'body',
      body: leases.replaceAll(datanodeAddr, markup),
      times: 100,
    });
    // The console serves MetaSrv reads from its poller's cache: wait until a refresh (a
    // no-cache read, honoured once a second per path) has picked the new answers up.
    for (const path of ['route?table_id=1024', 'node-lease']) {
      await expect
        .poll(
          async () =>
            (
              await page.request.get(`${base}/api/clusters/default/${path}`, {
                headers: { 'cache-control': 'no-cache' },
              })
            ).text(),
          { timeout: 15_000, intervals: [1_100] },
        )
        .toContain(markup);
    }
    // A fresh load: the page opened at sign-in may hold leases it read before the faults.
    await page.goto(`${base}/`);
    const grid = await openTable(page, '1024');
    // The header elides the shared part of the address; its accessible name holds all of it.
    await expect(grid.getByRole('columnheader', { name: markup }).first()).toBeVisible();
    await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);

    await cluster.reset({ seed: 1 }); // clears the faults above
    await cluster.injectFault({
      path: '/admin/route',
      action: 'error',
      status: 500,
      body: `Failed: ${markup}`,
      times: 100,
    });
    await page.goto(`${base}/`);
    await page.getByLabel('Table ID').fill('1025');
    await page.keyboard.press('Enter');
    await expect(page.getByText(`Failed: ${markup}`)).toBeVisible();
    await expect(page.locator('b', { hasText: 'bold' })).toHaveCount(0);
    expect(await page.evaluate(() => 'xss' in window || '__xss' in window)).toBe(false);
  });

  test('ids above 2^53 are displayed and submitted exactly (checked at the emulator)', async ({
    page,
    request,
  }) => {
    const cluster = await controlFor(request, base);
    const tableId = 4_294_967_295;
    await cluster.createTable({ tableId, leaders: [0, 1] });
    await logIn(page);
    const regionId = ((BigInt(tableId) << 32n) | 1n).toString();
    expect(regionId).toBe('18446744069414584321');
    const grid = await openTable(page, String(tableId));
    await expect(grid.getByRole('row', { name: new RegExp(regionId) })).toBeVisible();

    await grid.getByRole('row', { name: new RegExp(regionId) }).click();
    const dialog = page.getByRole('dialog', { name: 'Migrate region' });
    await expect(dialog).toContainText(regionId);
    await dialog.getByRole('radio', { name: /Datanode 2\b/ }).check();
    await cluster.clearRequests();
    await dialog.getByRole('button', { name: /^Migrate region/ }).click();
    await expect
      .poll(async () => (await cluster.requests('/admin/region-migration')).length)
      .toBe(1);
    const [submitted] = await cluster.requests('/admin/region-migration');
    expect(String(submitted?.query)).toContain(`region_id=${regionId}&`);
  });

  test('a slow MetaSrv times out at the configured limit, and the UI names it', async ({
    page,
    request,
  }) => {
    const cluster = await controlFor(request, base);
    await logIn(page);
    const leader = (await cluster.state()).leader?.addr ?? '';
    await cluster.injectFault({ path: '/admin/route', latencyMs: TIMEOUT_MS + 1500, times: 100 });
    await page.getByLabel('Table ID').fill('1024');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'did not answer in time' });
    await expect(alert).toBeVisible({ timeout: 15_000 });
    await expect(alert).toContainText(leader);
    await expect(alert).toContainText(`${TIMEOUT_MS} ms`);
  });
});

test('a bad configuration is listed in full, and the server exits with status 2', async () => {
  const child = spawn(process.execPath, [BUILT_SERVER_MAIN, '--port', 'nope', '--bogus'], {
    env: { ...process.env, DIST_DIR: BUILT_CLIENT_DIR, DATA_DIR: tempDataDir('bad-config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(2);
  expect(output).toContain('Invalid Region Console configuration (2 problems)');
  expect(output).toContain('--bogus: unknown flag');
  expect(output).toContain('PORT (--port): must be a port number');
});

test.describe('production server: sign-in limit and the SQL path', () => {
  test('after 5 wrong tokens the login page says to wait, even for the right one', async ({
    page,
  }) => {
    const rateLimitBase = `http://127.0.0.1:${RATE_LIMIT_PORT}`;
    await page.goto(`${rateLimitBase}/`);
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await page.getByLabel('Access token').fill(`wrong-token-number-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(alert).toContainText('This token is not valid');
      // The next attempt starts from a settled page: the alert goes when the field changes.
      await page.getByLabel('Access token').fill('');
    }
    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toContainText(
      /Too many failed sign-ins from this address\. Try again in \d+ s\./,
    );
    await page.screenshot({ path: 'docs/screenshots/login-rate-limited.png' });
    await expect(page.getByText('Signed in as')).toHaveCount(0);
  });

  test('EMULATOR_API=v1.1: the production server wires the frontend and speaks the SQL path', async ({
    page,
  }) => {
    await page.goto(`http://127.0.0.1:${V1_PORT}/`);
    await expect(page.getByTestId('connection-label')).toHaveText('GreptimeDB v1.1.4 · SQL path');
    const grid = await openTable(page, '1024');
    await expect(grid.getByRole('row').nth(1)).toBeVisible();
  });
});

test.describe('read-only production server', () => {
  const readOnlyBase = `http://127.0.0.1:${READ_ONLY_PORT}`;

  test('shows no mutating control: a region opens no migrate dialog', async ({ page }) => {
    await page.goto(`${readOnlyBase}/`);
    await expect(page.getByText('Read-only', { exact: true })).toBeVisible();
    const grid = await openTable(page, '1024');
    await grid.getByRole('row').nth(1).click();
    await expect(page.getByRole('dialog', { name: 'Migrate region' })).toHaveCount(0);
  });

  test('hides every other mutating control: maintenance toggle, plan run, grid moves', async ({
    page,
    request,
  }) => {
    // v0.7 wire forms: the version has maintenance mode, so its state is shown.
    const cluster = await ClusterControl.connect(request, readOnlyBase);
    await cluster.reset({ seed: 1, api: 'v0.7', datanodes: 4, replaySpeed: 1, clockSpeed: 1 });
    await page.goto(`${readOnlyBase}/?table=1024`);
    await expect(page.getByTestId('maintenance-state')).toHaveText('off');
    await expect(page.getByRole('button', { name: /maintenance mode/ })).toHaveCount(0);

    await page.goto(`${readOnlyBase}/?view=cluster`);
    const grid = page.getByRole('grid', { name: 'Regions of all tables by datanode' });
    // Leader marks are shown, but neither selectable (click-then-target) nor draggable.
    await expect(
      grid.getByRole('img', { name: /^Region \d+ led by datanode \d+$/ }).first(),
    ).toBeVisible();
    await expect(grid.getByRole('button', { name: /select to move|^Move region/ })).toHaveCount(0);
    await expect(grid.locator('[draggable="true"]')).toHaveCount(0);
    await expect(page.getByTestId('grid-read-only')).toBeVisible();

    // A plan can be previewed (a local what-if), not run.
    // Rebalance by count (the default plan): table 1026 is crowded on datanode 0.
    await page.getByRole('button', { name: 'Preview plan' }).click();
    await expect(page.getByTestId('plan-read-only')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Run \d+ moves? on the server$/ })).toHaveCount(
      0,
    );
    await expect(page.getByRole('button', { name: /Pause run|Resume run|Cancel run/ })).toHaveCount(
      0,
    );
  });
});
