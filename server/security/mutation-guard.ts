/**
 * Cross-site request forgery defence for every request that can change something (any method
 * but GET and HEAD). Two independent checks, both required:
 * - `Origin` equals a configured public origin. It is compared with configuration, never with
 *   the `Host` header, which the requester controls.
 * - the custom MUTATION_HEADER is present. A cross-site HTML form cannot set headers, and a
 *   cross-site fetch that sets one needs a CORS preflight this server never answers.
 */
import type { IncomingMessage } from 'node:http';
import { MUTATION_HEADER } from '../../contract/api-contract.ts';

export function isMutatingMethod(method: string | undefined): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Why the request is refused, or null when it may go on. */
export function mutationRefusal(
  req: IncomingMessage,
  publicOrigins: readonly string[],
): string | null {
  const origin = req.headers.origin;
  if (origin === undefined) {
    return 'A mutating request must carry an Origin header.';
  }
  if (!publicOrigins.includes(origin)) {
    return `Origin ${origin} is not the console's public origin (${publicOrigins.join(', ')}).`;
  }
  if (req.headers[MUTATION_HEADER.name] !== MUTATION_HEADER.value) {
    return `A mutating request must carry the ${MUTATION_HEADER.name} header.`;
  }
  return null;
}
