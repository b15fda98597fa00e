/**
 * The repartition query keys apart from their fetchers: the push stream (use-push-events.ts)
 * runs on every page and addresses these lists without loading the repartition API.
 */
export const repartitionKeys = {
  /** Every cached list of a cluster's repartition records. */
  all: (clusterId: string) => ['repartitions', clusterId] as const,
};
