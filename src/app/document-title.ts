/**
 * The tab names the cluster (and the open table or page), so several console tabs can be told
 * apart: "Table 1025 · default · Greptime Region Console".
 */
import { useEffect } from 'react';
import type { ShownPage } from './shown-page';

export const PRODUCT_NAME = 'Greptime Region Console';

const PAGE_TITLES = {
  overview: null,
  cluster: 'Cluster',
  history: 'History',
  'hot-regions': 'Hot regions',
  'bad-link': 'Bad link',
} as const;

export function documentTitle(clusterId: string, page: ShownPage): string {
  const pageTitle = page.kind === 'table' ? `Table ${page.tableId}` : PAGE_TITLES[page.kind];
  return [...(pageTitle === null ? [] : [pageTitle]), clusterId, PRODUCT_NAME].join(' · ');
}

export function useDocumentTitle(clusterId: string, page: ShownPage): void {
  const title = documentTitle(clusterId, page);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
