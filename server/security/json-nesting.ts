/**
 * A bound on how deep JSON nests. `JSON.parse` reads any depth, but `JSON.stringify`, zod and
 * every other recursive walk overflow the stack somewhere past a few thousand levels, and a
 * 16 KB body can nest 8,000 deep. The request bodies this server accepts nest a few levels,
 * so anything deeper is refused at the edge; both checks below loop instead of recursing, so
 * they hold at any depth themselves.
 */

/** Deeper than any body an endpoint accepts (a plan run's moves nest four levels). */
export const MAX_JSON_DEPTH = 64;

/** Whether the arrays and objects of JSON `text` nest deeper than `maxDepth` (a text scan). */
export function textNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (isInString) {
      if (char === '\\') index += 1;
      else if (char === '"') isInString = false;
    } else if (char === '"') {
      isInString = true;
    } else if (char === '[' || char === '{') {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === ']' || char === '}') {
      depth -= 1;
    }
  }
  return false;
}

/** Whether the arrays and objects of `value` nest deeper than `maxDepth` (a walk with a stack). */
export function valueNestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}
