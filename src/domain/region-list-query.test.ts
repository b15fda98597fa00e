import { describe, expect, it } from 'vitest';
import {
  INITIAL_REGION_LIST_QUERY,
  asksRegionOrder,
  isInOrder,
  sortBy,
  sortDirectionOf,
} from './region-list-query';

const q = INITIAL_REGION_LIST_QUERY;
const byNumber = (a: number, b: number) => a - b;

describe('the region grids’ query', () => {
  it('names the sorted column’s direction, and no direction for the others', () => {
    expect(sortDirectionOf(q, 'regionId')).toBe('ascending');
    expect(sortDirectionOf(sortBy(q, 'regionId'), 'regionId')).toBe('descending');
    expect(sortDirectionOf(q, 'bytes')).toBeUndefined();
    expect(sortDirectionOf(sortBy(q, 'bytes'), 'bytes')).toBe('ascending');
  });

  it('asks region order only for region id ascending', () => {
    expect(asksRegionOrder(q)).toBe(true);
    expect(asksRegionOrder(sortBy(q, 'regionId'))).toBe(false);
    expect(asksRegionOrder(sortBy(q, 'datanode'))).toBe(false);
  });

  it('tells rows already in order from rows that are not', () => {
    expect(isInOrder([], byNumber)).toBe(true);
    expect(isInOrder([1, 2, 2, 5], byNumber)).toBe(true);
    expect(isInOrder([1, 3, 2], byNumber)).toBe(false);
  });
});
