/**
 * The table page's chunk, named once: the router loads it on first visit, and every cluster's
 * pages fetch it ahead while the browser is idle, because opening a table is what an operator
 * does most and the chunk otherwise stood between Enter and the route request.
 */
export const loadTablePage = () => import('./table-route');

/** Fetches the table page's chunk when the browser has nothing else to do. */
export function preloadTablePageWhenIdle(): () => void {
  const preload = () => {
    void loadTablePage();
  };
  // Safari has no requestIdleCallback.
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(preload, { timeout: 5_000 });
    return () => {
      window.cancelIdleCallback(handle);
    };
  }
  const handle = window.setTimeout(preload, 1_000);
  return () => {
    window.clearTimeout(handle);
  };
}
