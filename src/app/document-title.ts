/**
 * The tab names the cluster (and the open table or page), so several console tabs can be told
 * apart: "Table 1025 · default · Greptime Region Console".
 */
import { useEffect } from 'react';
import type { UrlState } from './url-state';

export const PRODUCT_NAME = 'Greptime Region Console';

export function documentTitle(clusterId: string, url: UrlState): string {
  const parts: string[] = [];
  if (url.view === 'history') parts.push('History');
  else if (url.view === 'cluster') parts.push('Cluster');
  else if (url.tableId !== null) parts.push(`Table ${url.tableId}`);
  parts.push(clusterId, PRODUCT_NAME);
  return parts.join(' · ');
}

export function useDocumentTitle(clusterId: string, url: UrlState): void {
  const title = documentTitle(clusterId, url);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
