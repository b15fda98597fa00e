import { EMULATED_RELEASE } from './api-mode';
import { test, expect, E2E_FRONTEND_AUTH } from './fixtures';

/**
 * GreptimeDB's HTTP basic auth on the SQL path (`sql` only). The console server sends
 * the credentials of EMULATOR_FRONTEND_AUTH (playwright.config.ts); the emulated frontend is
 * reset to require other ones, then the same ones.
 */
test.describe('frontend credentials on the SQL path', () => {
  test('credentials the frontend refuses are reported as missing or wrong', async ({
    page,
    cluster,
    browserConsole,
  }) => {
    // The browser logs each refused request (401): the refusal is what this test causes.
    browserConsole.expect(/status of 401 \(Unauthorized\)/);
    const user = E2E_FRONTEND_AUTH.slice(0, E2E_FRONTEND_AUTH.indexOf(':'));
    await cluster.reset({ frontendUser: `${user}:not-the-console-password` });
    await page.goto('/');
    await page.getByLabel('Table ID').fill('1024');
    await page.keyboard.press('Enter');
    await expect(page.getByText(/credentials.*missing or wrong/i).first()).toBeVisible();
    await expect(page.getByRole('table', { name: /Regions of table 1024/ })).toHaveCount(0);
    // The frontend saw the console's requests and refused them (401), and nothing ran.
    const refused = (await cluster.requests('/v1/sql')).filter((entry) => entry.status === 401);
    expect(refused.length).toBeGreaterThan(0);
    expect(await cluster.procedures()).toHaveLength(0);
  });

  test('the credentials the frontend expects open the table', async ({
    page,
    cluster,
    apiMode,
  }) => {
    await cluster.reset({ frontendUser: E2E_FRONTEND_AUTH });
    await page.goto('/');
    await expect(page.getByTestId('connection-label')).toHaveText(
      `GreptimeDB v${EMULATED_RELEASE[apiMode]} · SQL path`,
    );
    await expect(page.getByTestId('connection-problem')).toHaveCount(0);
    await page.getByLabel('Table ID').fill('1024');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('table', { name: /Regions of table 1024/ })).toBeVisible();
    await expect(page.getByText(/missing or wrong/i)).toHaveCount(0);
  });

  test('the header recovers by itself once the frontend accepts the credentials again', async ({
    page,
    cluster,
    apiMode,
    browserConsole,
  }) => {
    // The browser logs each refused request (401): the refusal is what this test causes.
    browserConsole.expect(/status of 401 \(Unauthorized\)/);
    const user = E2E_FRONTEND_AUTH.slice(0, E2E_FRONTEND_AUTH.indexOf(':'));
    await cluster.reset({ frontendUser: `${user}:not-the-console-password` });
    await page.goto('/');
    // Whatever the last connection check said, a refused request makes the header check again.
    await page.getByLabel('Table ID').fill('1024');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('connection-problem')).toContainText(/missing or wrong/);
    // The operator fixes the GreptimeDB user; nobody reloads the page.
    await cluster.reset({ frontendUser: E2E_FRONTEND_AUTH });
    await expect(page.getByTestId('connection-label')).toHaveText(
      `GreptimeDB v${EMULATED_RELEASE[apiMode]} · SQL path`,
      {
        timeout: 20_000,
      },
    );
    await expect(page.getByTestId('connection-problem')).toHaveCount(0);
  });
});
