/**
 * Which clusters' push streams are open right now, for polling that push makes redundant:
 * while a stream delivers migration progress, no tab needs to poll the records each second.
 * A plain set, not React state: refetchInterval functions read it each time they run.
 */
const liveClusters = new Set<string>();

export function setPushLive(clusterId: string, isLive: boolean): void {
  if (isLive) liveClusters.add(clusterId);
  else liveClusters.delete(clusterId);
}

export function isPushLive(clusterId: string): boolean {
  return liveClusters.has(clusterId);
}
