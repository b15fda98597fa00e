// @vitest-environment jsdom
// jsdom: the table model is a React hook (useTable), exercised through renderHook. The model
// is built by hand: only its regions and datanode count matter to the table.
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { INITIAL_REGION_LIST_QUERY, type RegionListQuery } from '../../domain/region-list-query';
import type { ClusterRegion, DistributionModel } from './distribution-model';
import { regionIdText, useClusterRegionTable } from './region-list-model';

const region = (tableId: number, regionNumber: number, datanodeIndex: number, bytes: number) =>
  ({ tableId, regionNumber, datanodeIndex, bytes, rows: 0 }) satisfies ClusterRegion;
const model = {
  datanodes: [],
  tableIds: [1024, 1025],
  regions: [
    region(1024, 0, 0, 30),
    region(1024, 1, 1, 10),
    region(1025, 0, 1, 20),
    region(1025, 1, 0, 10),
  ],
  heatCount: [],
  heatBytes: [],
  rowsReported: false,
} satisfies DistributionModel;
const q = INITIAL_REGION_LIST_QUERY;

function shown(query: RegionListQuery): string[] {
  const { result } = renderHook(() => useClusterRegionTable(model, query));
  return result.current.getRowModel().rows.map((row) => row.id);
}
const id = (tableId: number, regionNumber: number) =>
  ((BigInt(tableId) << 32n) | BigInt(regionNumber)).toString();

describe('the cluster grid table model', () => {
  it('lists regions by region id, each row id the decimal region id', () => {
    expect(shown(q)).toEqual([id(1024, 0), id(1024, 1), id(1025, 0), id(1025, 1)]);
  });

  it('sorts regions a summary lists out of region-id order', () => {
    const shuffled = { ...model, regions: [...model.regions].reverse() };
    const { result } = renderHook(() => useClusterRegionTable(shuffled, q));
    expect(result.current.getRowModel().rows.map((row) => row.id)).toEqual([
      id(1024, 0),
      id(1024, 1),
      id(1025, 0),
      id(1025, 1),
    ]);
  });

  it('searches by table id or the start of a region id; no match shows nothing', () => {
    expect(shown({ ...q, search: '1025' })).toEqual([id(1025, 0), id(1025, 1)]);
    expect(shown({ ...q, search: id(1024, 1) })).toEqual([id(1024, 1)]);
    expect(shown({ ...q, search: '7' })).toEqual([]);
  });

  it('filters by datanode and sorts by size (ties by region id) or datanode', () => {
    expect(shown({ ...q, datanodeIndex: 1 })).toEqual([id(1024, 1), id(1025, 0)]);
    expect(shown({ ...q, sort: 'bytes' })).toEqual([
      id(1024, 1),
      id(1025, 1),
      id(1025, 0),
      id(1024, 0),
    ]);
    expect(shown({ ...q, sort: 'bytes', isDescending: true })[0]).toBe(id(1024, 0));
    expect(shown({ ...q, sort: 'datanode' })).toEqual([
      id(1024, 0),
      id(1025, 1),
      id(1024, 1),
      id(1025, 0),
    ]);
  });

  it('writes region ids beyond 2^53 exactly', () => {
    expect(regionIdText(region(4_000_000, 7, 0, 0))).toBe(id(4_000_000, 7));
  });
});
