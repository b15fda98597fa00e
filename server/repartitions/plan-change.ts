/**
 * What the browser asked (partitions named by their rule) checked against the table as re-read
 * now, with the rules the browser previewed with (repartition-plan.ts). A partition is named by
 * its rule, not its region id, because the rule is what the statement carries: if the table
 * changed since the browser read it, the rule no longer matches and nothing is sent.
 */
import {
  parsePartitionDescription,
  parsePartitionExpr,
  sameRule,
} from '../../contract/repartition/partition-expr.ts';
import type { PartitionRule } from '../../contract/repartition/partition-expr.ts';
import { checkMerge, checkSplit } from '../../contract/repartition/repartition-plan.ts';
import type {
  RepartitionCheck,
  RepartitionTable,
} from '../../contract/repartition/repartition-plan.ts';
import type { RepartitionChange } from '../../contract/repartition/repartition-api.ts';
import { repartitionErrors } from '../../contract/repartition/preconditions.ts';

/** The region whose rule `text` is, read as partition_description shows it or as SQL. */
function regionOfRule(table: RepartitionTable, text: string): string | null {
  const wanted = text.trim();
  const exact = table.partitions.find((p) => p.description === wanted);
  if (exact !== undefined) return exact.regionId;
  const readings: PartitionRule[] = [];
  for (const parsed of [
    parsePartitionDescription(wanted, table.partitionColumns),
    parsePartitionExpr(wanted, table.partitionColumns),
  ]) {
    if (parsed.ok) readings.push(parsed.value);
  }
  const match = table.partitions.find((p) => {
    if (p.description === null) return false;
    const rule = parsePartitionDescription(p.description, table.partitionColumns);
    return rule.ok && readings.some((reading) => sameRule(reading, rule.value));
  });
  return match?.regionId ?? null;
}

export function checkChange(table: RepartitionTable, change: RepartitionChange): RepartitionCheck {
  const sources = change.kind === 'split' ? [change.source] : change.sources;
  const regionIds: string[] = [];
  for (const source of sources) {
    const regionId = regionOfRule(table, source);
    if (regionId === null) {
      const fullName = `${table.catalog}.${table.schema}.${table.name}`;
      return {
        ok: false,
        issues: [
          {
            target: null,
            message: `${table.name} has no partition with the rule ${source} now; re-read the table and choose again`,
            greptimeError: repartitionErrors.expressionNotFound(source, fullName),
          },
        ],
      };
    }
    regionIds.push(regionId);
  }
  if (change.kind === 'split') return checkSplit(table, regionIds[0] ?? '', change.targets);
  // Targets reuse the sources in statement order (API.md §7.4), so the first source's region
  // survives: the sources go in the order the table's regions were read (region id), whatever
  // order the browser listed them in.
  const position = (regionId: string) => table.partitions.findIndex((p) => p.regionId === regionId);
  return checkMerge(
    table,
    regionIds.sort((a, b) => position(a) - position(b)),
  );
}
