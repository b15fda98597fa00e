/**
 * The kind (number or string) of each partition column. information_schema.partitions names the
 * columns but API.md documents no SQL-readable column type, so the kind is read from the current
 * rules: `partition_description` prints numbers as written and strings unquoted (Value
 * Display), and a column with any bound that is not a decimal number is a string column. A
 * string column whose every bound looks like a number reads as a number column: its bounds then
 * go out unquoted. API.md does not say whether GreptimeDB converts such a literal to the
 * column's type; if it does not, the source expression matches no region's rule and the
 * statement is refused (§7.2 step 5) before anything changes. The browser's preview and the
 * server's check read the kinds with this one function, so they agree.
 */
import { canonicalNumber, parsePartitionDescription } from './partition-expr.ts';
import type { PartitionColumn } from './partition-expr.ts';

/** What the kind was told from, so the form can say how sure it is. */
export type ColumnKindBasis = 'non-number bound' | 'number bounds' | 'no bound';

export interface InferredColumn extends PartitionColumn {
  basis: ColumnKindBasis;
}

/** `descriptions`: each region's `partition_description`; null or unreadable ones are skipped. */
export function inferPartitionColumns(
  names: readonly string[],
  descriptions: readonly (string | null)[],
): InferredColumn[] {
  const asStrings = names.map((name): PartitionColumn => ({ name, kind: 'string' }));
  const values = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const description of descriptions) {
    if (description === null) continue;
    const parsed = parsePartitionDescription(description, asStrings);
    // An unreadable rule is refused by the plan check itself, with its own words.
    if (!parsed.ok) continue;
    for (const c of parsed.value) {
      if (c.value.kind === 'string') values.get(c.column)?.push(c.value.value);
    }
  }
  return names.map((name): InferredColumn => {
    const seen = values.get(name) ?? [];
    if (seen.some((value) => canonicalNumber(value) === null)) {
      return { name, kind: 'string', basis: 'non-number bound' };
    }
    return { name, kind: 'number', basis: seen.length === 0 ? 'no bound' : 'number bounds' };
  });
}
