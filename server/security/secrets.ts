/**
 * Secret comparison that takes the same time whatever the input. Both sides are hashed first,
 * so `timingSafeEqual` always compares 32 bytes and even the length of a secret does not leak.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The name whose secret equals `given`, or null. Every entry is compared, with no early exit,
 * so the time taken does not tell which entry (or whether any) matched.
 */
export function findBySecret(
  entries: readonly { name: string; secret: string }[],
  given: string,
): string | null {
  let found: string | null = null;
  for (const entry of entries) {
    if (secretsEqual(given, entry.secret) && found === null) found = entry.name;
  }
  return found;
}
