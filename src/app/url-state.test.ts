import { describe, expect, it } from 'vitest';
import { parseUrlState } from './url-state';

describe('parseUrlState', () => {
  it('reads the table and the selected region', () => {
    expect(parseUrlState('?table=1026&region=4406636445701')).toEqual({
      view: 'tables',
      tableId: '1026',
      regionId: '4406636445701',
    });
  });
  it('ignores values that are not ids, and a region without a table', () => {
    expect(parseUrlState('?table=abc&region=1')).toEqual({
      view: 'tables',
      tableId: null,
      regionId: null,
    });
    expect(parseUrlState('?view=history')).toEqual({
      view: 'history',
      tableId: null,
      regionId: null,
    });
  });
});
