/**
 * The console's routes (TanStack Router, code-based). Every page lives under its cluster, so a
 * shared link opens the same view on the same cluster:
 *
 *   /c/<cluster>/                         the overview
 *   /c/<cluster>/tables/<table id>?region=<region id>
 *   /c/<cluster>/cluster                  the cluster view
 *   /c/<cluster>/history                  the migration history
 *   /c/<cluster>/hot-regions              hot regions: load per region and datanode, over time
 *
 * `/` and the older query-string links (`/?table=…&region=…`, `/?view=…`) are redirected,
 * replacing the history entry, to these forms on the cluster chosen last. Parameters are
 * checked by the schemas of route-params.ts; a link that fails gets a message (bad-link.tsx).
 * The table page, the cluster view, History and hot regions are chunks of their own, loaded on
 * first visit.
 */
import { Center, Loader } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import { initialClusterId } from '../features/clusters/cluster-settings';
import { datanodeQueries } from '../queries/datanode-queries';
import {
  BadLinkError,
  NoPageInCluster,
  NoPageOutsideCluster,
  OutsideClusterError,
  PageError,
} from './bad-link';
import { ClusterLayout } from './cluster-layout';
import {
  LegacySearchSchema,
  TableParamsSchema,
  TableSearchSchema,
  legacyTarget,
  parseSearch,
  regionOfOtherTable,
  stringifySearch,
} from './route-params';
import { OverviewRoute } from './routes/overview-route';
import { loadTablePage } from './routes/lazy-pages';
import { routeQueries } from '../queries/route-queries';

export interface RouterContext {
  /** The configured clusters' ids (fixed for the server's lifetime). */
  clusterIds: readonly string[];
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  notFoundComponent: NoPageOutsideCluster,
  errorComponent: OutsideClusterError,
});

const PAGE_PATHS = {
  overview: '/c/$cluster/',
  cluster: '/c/$cluster/cluster',
  history: '/c/$cluster/history',
} as const;

/** `/` and the links of before: replaced by their form on the cluster chosen last. */
const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: LegacySearchSchema,
  errorComponent: OutsideClusterError,
  beforeLoad: ({ search, context }) => {
    // The server refuses to start without a cluster, so there is always a first one.
    const cluster = initialClusterId(context.clusterIds) ?? '';
    const target = legacyTarget(search);
    if (target.page === 'unknown') {
      throw new BadLinkError(
        'view',
        `“${target.view}” is not a page of the console: a view is “cluster” or “history”.`,
      );
    }
    // TanStack Router redirects are thrown objects, not Errors.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw target.page === 'table'
      ? redirect({
          to: '/c/$cluster/tables/$tableId',
          params: { cluster, tableId: target.tableId },
          search: target.region === undefined ? {} : { region: target.region },
          replace: true,
        })
      : redirect({ to: PAGE_PATHS[target.page], params: { cluster }, replace: true });
  },
});

const clusterRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'c/$cluster',
  beforeLoad: ({ params, context }) => {
    if (!context.clusterIds.includes(params.cluster)) {
      throw new BadLinkError(
        'cluster',
        `This console has no cluster “${params.cluster}”. Its clusters: ${context.clusterIds.join(', ')}.`,
      );
    }
  },
  component: ClusterLayout,
  errorComponent: OutsideClusterError,
  notFoundComponent: NoPageInCluster,
});

const overviewRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: '/',
  component: OverviewRoute,
});

const tableRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: 'tables/$tableId',
  params: { parse: (raw) => TableParamsSchema.parse(raw) },
  validateSearch: TableSearchSchema,
  beforeLoad: ({ params, search }) => {
    const problem =
      search.region === undefined ? null : regionOfOtherTable(params.tableId, search.region);
    if (problem !== null) throw new BadLinkError('region', problem);
  },
  // The route is asked for at once, while the page's chunk may still be loading; the page's
  // query picks up the same request. Cached data is kept (the page refetches what is stale),
  // and a failure is the page's to show. The leases go out beside it: the grid's model needs
  // both, and a lease read started only once the grid had painted rebuilt a 10k-region model
  // a moment later.
  loader: ({ context, params }) => {
    context.queryClient
      .query({ ...routeQueries.byTableId(params.cluster, params.tableId), staleTime: 'static' })
      .catch(() => undefined);
    context.queryClient.query(datanodeQueries.leases(params.cluster)).catch(() => undefined);
  },
  component: lazyRouteComponent(loadTablePage),
});

const clusterViewRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: 'cluster',
  component: lazyRouteComponent(() => import('./routes/cluster-view-route')),
});

const historyRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: 'history',
  component: lazyRouteComponent(() => import('./routes/history-route')),
});

const hotRegionsRoute = createRoute({
  getParentRoute: () => clusterRoute,
  path: 'hot-regions',
  component: lazyRouteComponent(() => import('./routes/hot-regions-route')),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  clusterRoute.addChildren([
    overviewRoute,
    tableRoute,
    clusterViewRoute,
    historyRoute,
    hotRegionsRoute,
  ]),
]);

function PageLoading() {
  return (
    <Center py={40}>
      <Loader size="sm" aria-label="Loading the page" />
    </Center>
  );
}

/** `history`: the browser's by default; tests pass a memory history. */
export function createAppRouter(
  clusterIds: readonly string[],
  queryClient: QueryClient,
  history?: RouterHistory,
) {
  return createRouter({
    routeTree,
    context: { clusterIds, queryClient },
    ...(history === undefined ? {} : { history }),
    parseSearch,
    stringifySearch,
    trailingSlash: 'preserve',
    defaultErrorComponent: PageError,
    defaultPendingComponent: PageLoading,
    // Hovering a link fetches its page's chunk, so the click rarely waits.
    defaultPreload: 'intent',
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
