/**
 * What the address bar holds: the page (tables or history), the open table and the selected
 * region, so a pasted link opens the same view. The History API, no router: opening a table
 * pushes an entry (Back returns to the previous table); selecting a region replaces it.
 */
import { useSyncExternalStore } from 'react';
import { parseU32, parseU64 } from '../../contract/region-id';

export interface UrlState {
  view: 'tables' | 'history' | 'cluster';
  tableId: string | null;
  regionId: string | null;
}

export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const table = params.get('table');
  const region = params.get('region');
  const tableId = table !== null && parseU32(table) !== null ? table : null;
  return {
    view:
      params.get('view') === 'history'
        ? 'history'
        : params.get('view') === 'cluster'
          ? 'cluster'
          : 'tables',
    tableId,
    regionId: tableId !== null && region !== null && parseU64(region) !== null ? region : null,
  };
}

export function urlStateSearch(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.view !== 'tables') params.set('view', state.view);
  if (state.tableId !== null) params.set('table', state.tableId);
  if (state.tableId !== null && state.regionId !== null) params.set('region', state.regionId);
  const search = params.toString();
  return search === '' ? window.location.pathname : `?${search}`;
}

const CHANGE_EVENT = 'region-console:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

export function navigate(state: UrlState, mode: 'push' | 'replace' = 'push'): void {
  const url = urlStateSearch(state);
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function useUrlState(): UrlState {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  // Parsing is cheap; a memo would need the same string key anyway.
  return parseUrlState(search);
}
