/** Which page the router shows, for the tab title and the header's page links. */
import { useParams, useRouterState } from '@tanstack/react-router';

export type ShownPage =
  | { kind: 'overview' }
  | { kind: 'table'; tableId: string }
  | { kind: 'cluster' }
  | { kind: 'history' }
  | { kind: 'hot-regions' }
  /** A link the router refused (bad-link.tsx) or a path of no page. */
  | { kind: 'bad-link' };

export function useShownPage(): ShownPage {
  const leaf = useRouterState({
    select: (state) => {
      const match = state.matches.at(-1);
      return match === undefined || match.status === 'error' || match.status === 'notFound'
        ? null
        : match.routeId;
    },
  });
  const tableId = useParams({ strict: false, select: (params) => params.tableId ?? null });
  switch (leaf) {
    case '/c/$cluster/':
      return { kind: 'overview' };
    case '/c/$cluster/tables/$tableId':
      return tableId === null ? { kind: 'bad-link' } : { kind: 'table', tableId };
    case '/c/$cluster/cluster':
      return { kind: 'cluster' };
    case '/c/$cluster/history':
      return { kind: 'history' };
    case '/c/$cluster/hot-regions':
      return { kind: 'hot-regions' };
    default:
      return { kind: 'bad-link' };
  }
}
