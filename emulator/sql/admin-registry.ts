/**
 * Which admin functions a version registers (API.md §5 table, "Since" column): every function the
 * emulator knows exists in v1.1.4 except `discard_unflushed` (v1.2, `register_admin_only` in
 * `src/common/function/src/admin.rs@v1.2.0-beta.2`). A version without a function answers as for
 * any unknown name.
 */
import { CORE_ADMIN_FUNCTIONS } from './admin-functions.ts';
import type { AdminFunction } from './admin-functions.ts';
import { MAINTENANCE_ADMIN_FUNCTIONS } from './admin-maintenance.ts';
import type { SqlApiVersion } from '../model/types.ts';

const ALL = [...CORE_ADMIN_FUNCTIONS, ...MAINTENANCE_ADMIN_FUNCTIONS];

const VERSION_ORDER: SqlApiVersion[] = ['v1.1', 'v1.2'];

function isRegisteredIn(fn: AdminFunction, version: SqlApiVersion): boolean {
  return (
    fn.since === undefined || VERSION_ORDER.indexOf(version) >= VERSION_ORDER.indexOf(fn.since)
  );
}

/** The admin function `name` (case-insensitive) as `version` registers it, if at all. */
export function adminFunctionIn(name: string, version: SqlApiVersion): AdminFunction | undefined {
  const fn = ALL.find((f) => f.name === name.toLowerCase());
  return fn !== undefined && isRegisteredIn(fn, version) ? fn : undefined;
}

/** The names `version` registers (for the emulator's own refusal texts). */
export function adminFunctionNames(version: SqlApiVersion): string[] {
  return ALL.filter((f) => isRegisteredIn(f, version)).map((f) => f.name);
}
