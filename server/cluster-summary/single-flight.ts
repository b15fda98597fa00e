/**
 * Coalesces concurrent calls: while one is running, callers share its promise. A 100k-region
 * heartbeat is tens of megabytes for MetaSrv to build and for us to parse; several tabs
 * refreshing together must cost one read, not one each.
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return () => {
    if (inFlight !== null) return inFlight;
    const started = run().finally(() => {
      inFlight = null;
    });
    inFlight = started;
    return started;
  };
}
