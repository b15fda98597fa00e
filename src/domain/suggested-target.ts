/**
 * The one rule for suggesting where a region should go, wherever the console suggests a
 * target (the migrate dialog today; planners and a hot-regions page can share it): the alive
 * datanode lowest on the active weighting (src/preferences/weighting.tsx), i.e. fewest leader
 * regions, fewest bytes, or lowest query load where the version reports it. Ties go to the lowest peer id, so the suggestion
 * does not flicker between refreshes. Pure: callers bring the figures they already have.
 */
import { formatBytes } from '../components/format-bytes';
import { formatCount } from '../components/format-count';
import type { Weighting } from '../preferences/weighting';
import type { DatanodeFigures } from './datanode-figures';
import { comparePeerIds } from './planner/placement';

/**
 * The weightings a target is ranked on: the rule (issue 19) names regions, bytes and query
 * load, so an active weighting of rows is not one of them.
 */
export type TargetWeighting = Exclude<Weighting, 'rows'>;

export function isTargetWeighting(weighting: Weighting): weighting is TargetWeighting {
  return weighting !== 'rows';
}

export interface TargetCandidate {
  peerId: string;
  /** Holds a live lease: the only datanodes a region may move to. */
  isAlive: boolean;
  /** Leader regions in the whole cluster; null when unknown. */
  regions: number | null;
  /** Bytes of the regions it leads; null when unknown. */
  bytes: number | null;
  /** Read plus write capacity units; null where the version does not report them. */
  load: number | null;
}

export interface SuggestedTarget {
  peerId: string;
  weighting: TargetWeighting;
  /** The candidate's figure on the weighting. */
  value: number;
  /** Other datanodes with the same figure (which lost on their higher peer id). */
  tiedWith: string[];
  /** For people: "datanode 3: fewest regions (212) among alive datanodes". */
  reason: string;
}

/**
 * A suggestion made before the dialog opened, on a measure the dialog itself cannot rank by
 * (the hot-regions list's rates): the same rule, the alive datanode lowest on that measure,
 * with its reason already in words.
 */
export interface CallerSuggestion {
  peerId: string;
  /** The measure, as a weighting control names it: "Query CPU". */
  label: string;
  /** For people: "datanode 3: lowest query CPU (12 ms/s) among alive datanodes". */
  reason: string;
}

function valueOf(candidate: TargetCandidate, weighting: TargetWeighting): number | null {
  switch (weighting) {
    case 'count':
      return candidate.regions;
    case 'bytes':
      return candidate.bytes;
    case 'load':
      return candidate.load;
  }
}

function describeValue(value: number, weighting: TargetWeighting): string {
  switch (weighting) {
    case 'count':
      return `fewest regions (${formatCount(value)})`;
    case 'bytes':
      return `fewest bytes (${formatBytes(value)})`;
    case 'load':
      return `lowest query load (${formatCount(value)} read/write units)`;
  }
}

/**
 * The suggested target, or null when no alive datanode outside `excludedPeerIds` (the
 * region's current leader) has a figure on the weighting.
 */
export function suggestTarget(
  candidates: readonly TargetCandidate[],
  weighting: TargetWeighting,
  excludedPeerIds: readonly string[] = [],
): SuggestedTarget | null {
  const ranked = candidates
    .filter((c) => c.isAlive && !excludedPeerIds.includes(c.peerId))
    .flatMap((c) => {
      const value = valueOf(c, weighting);
      return value === null ? [] : [{ peerId: c.peerId, value }];
    })
    .sort((a, b) => a.value - b.value || comparePeerIds(a.peerId, b.peerId));
  const best = ranked[0];
  if (best === undefined) return null;
  const tiedWith = ranked.slice(1).filter((r) => r.value === best.value);
  const ties =
    tiedWith.length === 0
      ? ''
      : `, tied with datanode${tiedWith.length === 1 ? '' : 's'} ${tiedWith.map((t) => t.peerId).join(', ')} (lowest id first)`;
  return {
    peerId: best.peerId,
    weighting,
    value: best.value,
    tiedWith: tiedWith.map((t) => t.peerId),
    reason: `datanode ${best.peerId}: ${describeValue(best.value, weighting)} among alive datanodes${ties}`,
  };
}

/**
 * The datanodes panel's figures as candidates: region counts, bytes (region_statistics' disk
 * size on the SQL path, heartbeat approximate bytes on legacy), and read plus write units only
 * where the cluster reports them.
 */
export function candidatesFromFigures(figures: readonly DatanodeFigures[]): TargetCandidate[] {
  return figures.map((f) => ({
    peerId: f.peerId,
    isAlive: f.liveness.kind === 'alive',
    regions: f.clusterRegions,
    bytes: f.storage?.diskSize ?? f.bytes,
    load: f.units === null ? null : f.units.read + f.units.write,
  }));
}

/** The weightings these candidates can be ranked on: count always, the others when known. */
export function availableWeightings(candidates: readonly TargetCandidate[]): TargetWeighting[] {
  const known = (weighting: TargetWeighting) =>
    candidates.some((c) => c.isAlive && valueOf(c, weighting) !== null);
  return (['count', 'bytes', 'load'] as const).filter(
    (weighting) => weighting === 'count' || known(weighting),
  );
}
