/** Which API generation a Playwright project's console server and emulator speak. */
export type ApiMode = 'v0.6' | 'v1';

/**
 * The credentials the v1 preview server sends to its embedded frontend
 * (EMULATOR_FRONTEND_AUTH, set in playwright.config.ts); the `cluster` fixture resets the
 * emulator's frontend to require the same ones, so every v1 spec runs with auth on.
 */
export const E2E_FRONTEND_AUTH = 'console:e2e-secret';
