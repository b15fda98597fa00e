import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title';

describe('documentTitle', () => {
  it('names the cluster, then the open table or page', () => {
    const base = { regionId: null };
    expect(documentTitle('default', { ...base, view: 'tables', tableId: null })).toBe(
      'default · Greptime Region Console',
    );
    expect(documentTitle('default', { ...base, view: 'tables', tableId: '1024' })).toBe(
      'Table 1024 · default · Greptime Region Console',
    );
    expect(documentTitle('prod-eu', { ...base, view: 'history', tableId: '1024' })).toBe(
      'History · prod-eu · Greptime Region Console',
    );
    expect(documentTitle('default', { ...base, view: 'cluster', tableId: null })).toBe(
      'Cluster · default · Greptime Region Console',
    );
  });
});
