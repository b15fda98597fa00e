/**
 * The mutating requests a read-only console still takes. Read-only means nothing is sent to
 * the cluster; the one exception is plan-run control, for Cancel of a run the restart left
 * interrupted. The executor refuses every other action there, and its Cancel only changes the
 * local plan store (server/plans/read-only-runs.ts). The request is audited like any other.
 */
import { isPlanRunControlPath } from '../plans/plans-api.ts';

export function isAllowedWhenReadOnly(method: string | undefined, pathname: string): boolean {
  return method === 'POST' && isPlanRunControlPath(pathname);
}
