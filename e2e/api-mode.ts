/** The GreptimeDB version a Playwright project's emulator speaks (EMULATOR_API). */
export type ApiMode = 'v0.6' | 'v1.1' | 'v1.2';

/** The release each mode emulates, as the console's header names it. */
export const EMULATED_RELEASE: Record<ApiMode, string> = {
  'v0.6': '0.6.0',
  'v1.1': '1.1.4',
  'v1.2': '1.2.0-beta.2',
};

/** The API generation of that version: MetaSrv's admin HTTP (legacy) or ADMIN SQL (sql). */
export type Generation = 'legacy' | 'sql';

export function generationOf(apiMode: ApiMode): Generation {
  return apiMode === 'v0.6' ? 'legacy' : 'sql';
}

/**
 * The credentials the SQL-generation console server sends to its embedded frontend
 * (EMULATOR_FRONTEND_AUTH, set in playwright.config.ts); the `cluster` fixture resets the
 * emulator's frontend to require the same ones, so every SQL spec runs with auth on.
 */
export const E2E_FRONTEND_AUTH = 'console:e2e-secret';
