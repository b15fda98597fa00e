/** What the API handler, the leader tracker and the health check need to reach one cluster. */
export interface ClusterConnection {
  /** Configured MetaSrv nodes, in the order given; the only hosts the proxy ever contacts. */
  metasrvAddrs: readonly string[];
  /** Reported leader address -> configured address (Kubernetes: pod IP -> service name). */
  leaderMap: ReadonlyMap<string, string>;
  /** Bound on one upstream exchange, from connect to the last body byte. */
  timeoutMs: number;
}
