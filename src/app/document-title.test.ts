import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title';

describe('documentTitle', () => {
  it('names the cluster, then the open table or page', () => {
    expect(documentTitle('default', { kind: 'overview' })).toBe(
      'default · Greptime Region Console',
    );
    expect(documentTitle('default', { kind: 'table', tableId: '1024' })).toBe(
      'Table 1024 · default · Greptime Region Console',
    );
    expect(documentTitle('prod-eu', { kind: 'history' })).toBe(
      'History · prod-eu · Greptime Region Console',
    );
    expect(documentTitle('default', { kind: 'cluster' })).toBe(
      'Cluster · default · Greptime Region Console',
    );
  });

  it('says so when the link could not be shown', () => {
    expect(documentTitle('default', { kind: 'bad-link' })).toBe(
      'Bad link · default · Greptime Region Console',
    );
  });
});
