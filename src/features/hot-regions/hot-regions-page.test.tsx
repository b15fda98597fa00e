// @vitest-environment jsdom
/**
 * The hot-regions page in each state a user can meet, with the API layer mocked at its module
 * boundary (the decoding is tested in src/api/hot-regions-api.test.ts) and leases seeded into
 * the query cache on a fixed MetaSrv clock. The move dialog is the page's render prop: here a
 * stand-in that shows what the page asked for.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HotRegion, HotRegionsAnswer } from '../../../contract/hot-regions';
import { ApiError } from '../../api/api-error';
import * as hotRegionsApi from '../../api/hot-regions-api';
import type { HotRegionsHeatmap } from '../../api/hot-regions-api';
import { CanMutateProvider } from '../../components/permissions';
import type { NodeLeases } from '../../domain/cluster-types';
import { datanodeQueries } from '../../queries/datanode-queries';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import { DatanodeLoadSummary } from './datanode-load-summary';
import { HotRegionsPage, type HotRegionMove } from './hot-regions-page';
import { hotRegionsQueries } from './hot-regions-queries';

vi.mock('../../api/hot-regions-api', () => ({
  fetchHotRegions: vi.fn(),
  fetchHotRegionsHeatmap: vi.fn(),
}));

const NOW = 1_700_000_000_000;

const leases: NodeLeases = {
  metasrvNowMs: NOW,
  leases: ['0', '1', '2'].map((peerId) => ({
    peerId,
    addr: `10.0.0.1${peerId}:4001`,
    timestampMs: NOW - 1_000,
    humanTime: '',
  })),
};

function hotRegion(overrides: Partial<HotRegion>): HotRegion {
  return {
    regionId: '4398046511104',
    tableId: 1024,
    regionNumber: 0,
    tableName: 'greptime.public.cpu',
    datanodeId: '0',
    queryCpuMsPerSec: 400,
    queryScannedBytesPerSec: 8_388_608,
    writtenBytesPerSec: 2_048,
    rows: 120_000,
    unknownReason: null,
    shareOfDatanode: {
      queryCpuMsPerSec: 0.8,
      queryScannedBytesPerSec: 0.5,
      writtenBytesPerSec: 0.25,
    },
    ...overrides,
  };
}

function answer(overrides: Partial<HotRegionsAnswer> = {}): HotRegionsAnswer {
  return {
    nowMs: NOW,
    support: { kind: 'full' },
    intervalMs: 30_000,
    sampledAtMs: NOW - 5_000,
    nextSampleAtMs: NOW + 25_000,
    hasRates: true,
    sortBy: 'queryCpuMsPerSec',
    regions: [
      hotRegion({}),
      hotRegion({
        regionId: '4402341478401',
        tableId: 1025,
        regionNumber: 1,
        tableName: null,
        datanodeId: '1',
        queryCpuMsPerSec: null,
        unknownReason: 'counter-reset',
      }),
    ],
    datanodes: [
      {
        datanodeId: '0',
        regionCount: 4,
        totals: {
          queryCpuMsPerSec: 500,
          queryScannedBytesPerSec: 16_777_216,
          writtenBytesPerSec: 8_192,
        },
        regionsWithoutRate: 0,
      },
      {
        datanodeId: '1',
        regionCount: 3,
        totals: { queryCpuMsPerSec: 20, queryScannedBytesPerSec: 1_024, writtenBytesPerSec: 512 },
        regionsWithoutRate: 1,
      },
      {
        datanodeId: '2',
        regionCount: 3,
        totals: { queryCpuMsPerSec: 35, queryScannedBytesPerSec: 512, writtenBytesPerSec: 256 },
        regionsWithoutRate: 0,
      },
    ],
    lastError: null,
    ...overrides,
  };
}

/** Two tables, two columns 30 s apart: table 1024's region 0 was hot in the second. */
const heatmap: HotRegionsHeatmap = {
  nowMs: NOW,
  support: { kind: 'full' },
  metric: 'queryCpuMsPerSec',
  columnWidthMs: 30_000,
  columnStartsMs: [NOW - 60_000, NOW - 30_000],
  rowStarts: [
    { tableId: 1024, regionNumber: 0, tableName: 'cpu' },
    { tableId: 1024, regionNumber: 2, tableName: 'cpu' },
    { tableId: 1025, regionNumber: 0, tableName: null },
  ],
  cells: Float32Array.from([5, 412, 1, Number.NaN, 2, 3]),
};

function renderPage({ canMutate = true }: { canMutate?: boolean } = {}) {
  const onOpenRegion = vi.fn();
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(datanodeQueries.leases('default').queryKey, leases);
  renderWithProviders(
    <CanMutateProvider value={canMutate}>
      <HotRegionsPage
        clusterId="default"
        onOpenRegion={onOpenRegion}
        renderMoveDialog={(move: HotRegionMove | null) =>
          move === null ? null : (
            <div role="dialog" aria-label="Migrate region">
              {`Move ${move.regionId} of table ${move.tableId} to datanode ${move.suggestion.peerId} (${move.suggestion.label}): ${move.suggestion.reason}`}
            </div>
          )
        }
      />
    </CanMutateProvider>,
    queryClient,
  );
  return { onOpenRegion, user: userEvent.setup() };
}

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValue(answer());
  vi.mocked(hotRegionsApi.fetchHotRegionsHeatmap).mockResolvedValue(heatmap);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function hotRows(): HTMLElement[] {
  return within(screen.getByRole('table', { name: 'Hot regions' })).getAllByTestId(
    'hot-region-row',
  );
}

describe('a cluster that reports load (v1.2)', () => {
  it('lists the hottest regions with table, region, datanode, rates and share', async () => {
    renderPage();
    await screen.findByRole('table', { name: 'Hot regions' });
    const [first, second] = hotRows();
    // The default catalog is left out, as in the table list.
    expect(first).toHaveTextContent('public.cpu');
    expect(first).not.toHaveTextContent('greptime.public.cpu');
    expect(first).toHaveTextContent('4398046511104');
    expect(first).toHaveTextContent('400 ms/s');
    expect(first).toHaveTextContent('8.0 MiB/s');
    expect(first).toHaveTextContent('120,000');
    expect(first).toHaveTextContent('80%');
    // A region whose counter restarted says so instead of showing a false rate.
    expect(second).toHaveTextContent('table 1025');
    expect(second).toHaveTextContent('not known');
    expect(
      within(screen.getByRole('table', { name: 'Hot regions' })).getByRole('columnheader', {
        name: /Query CPU/,
      }),
    ).toHaveAttribute('aria-sort', 'descending');
  });

  it('ranks by another rate when its heading is clicked', async () => {
    const { user } = renderPage();
    await screen.findByRole('table', { name: 'Hot regions' });
    vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValue(
      answer({ sortBy: 'queryScannedBytesPerSec' }),
    );
    await user.click(screen.getByRole('button', { name: /^Scanned/ }));
    expect(hotRegionsApi.fetchHotRegions).toHaveBeenLastCalledWith(
      'default',
      { sort: 'queryScannedBytesPerSec', limit: 50 },
      expect.any(AbortSignal),
    );
    expect(
      await screen.findByRole('heading', { name: 'Hottest regions by scanned bytes' }),
    ).toBeInTheDocument();
    const list = within(screen.getByRole('table', { name: 'Hot regions' }));
    expect(list.getByRole('columnheader', { name: /Scanned/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(list.getByRole('columnheader', { name: /Query CPU/ })).not.toHaveAttribute('aria-sort');
  });

  it('moves a hot region to the alive datanode lowest on the rate, never its own', async () => {
    const { user } = renderPage();
    await screen.findByRole('table', { name: 'Hot regions' });
    // Datanode 1 carries the least query CPU (20 ms/s) of the datanodes other than 0.
    await user.click(
      screen.getByRole('button', {
        name: 'Move this hot region 4398046511104, suggested to datanode 1',
      }),
    );
    // The dialog is handed the list's reason, to say instead of its own region-count pick.
    expect(screen.getByRole('dialog', { name: 'Migrate region' })).toHaveTextContent(
      'Move 4398046511104 of table 1024 to datanode 1 (Query CPU): datanode 1: lowest query CPU (20.0 ms/s) among alive datanodes',
    );
  });

  it('the region led by the coolest datanode is sent to the next coolest', async () => {
    renderPage();
    await screen.findByRole('table', { name: 'Hot regions' });
    expect(
      screen.getByRole('button', {
        name: 'Move this hot region 4402341478401, suggested to datanode 2',
      }),
    ).toBeEnabled();
  });

  it('read-only mode offers no move', async () => {
    renderPage({ canMutate: false });
    await screen.findByRole('table', { name: 'Hot regions' });
    expect(screen.queryByRole('button', { name: /Move this hot region/ })).toBeNull();
  });

  it('shows each datanode’s load, the suggested target marked', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Load per datanode' });
    const rows = within(table).getAllByTestId('datanode-load-row');
    expect(rows.map((row) => row.dataset.datanode)).toEqual(['0', '1', '2']);
    expect(rows[0]).toHaveTextContent('500 ms/s');
    expect(rows[1]).toHaveTextContent('suggested target');
  });

  it('opens a region’s table from the list', async () => {
    const { user, onOpenRegion } = renderPage();
    await screen.findByRole('table', { name: 'Hot regions' });
    await user.click(
      screen.getByRole('button', { name: 'Open table 1024 at region 4398046511104' }),
    );
    expect(onOpenRegion).toHaveBeenCalledWith('1024', '4398046511104');
  });
});

describe('the heatmap', () => {
  it('has a legend with units and lists its hottest cells as text', async () => {
    renderPage();
    expect(
      await screen.findByRole('img', { name: /Heatmap of query cpu per region/ }),
    ).toBeVisible();
    expect(screen.getByRole('group', { name: 'Heatmap legend' })).toHaveTextContent(
      'Query CPU (ms/s), log scale',
    );
    const hottest = within(
      screen.getByRole('table', { name: 'Hottest cells of the heatmap' }),
    ).getAllByTestId('hottest-cell');
    expect(hottest[0]).toHaveTextContent('cpu (1024)');
    expect(hottest[0]).toHaveTextContent('regions 0–1');
    expect(hottest[0]).toHaveTextContent('412 ms/s');
  });

  it('hovering names the cell; clicking opens its table at the row’s first region', async () => {
    const { onOpenRegion } = renderPage();
    const canvas = await screen.findByRole('img', { name: /Heatmap/ });
    vi.spyOn(canvas, 'getBoundingClientRect').mockReturnValue(
      DOMRect.fromRect({ width: 200, height: 300 }),
    );
    // Right half (the newer column), top third (table 1024's regions 0–1).
    fireEvent.mouseMove(canvas, { clientX: 150, clientY: 50 });
    const tooltip = screen.getByTestId('heatmap-tooltip');
    expect(tooltip).toHaveTextContent('cpu (1024)');
    expect(tooltip).toHaveTextContent('regions 0–1');
    expect(tooltip).toHaveTextContent('Query CPU: 412 ms/s');
    // Middle row, newer column: no rate was known there.
    fireEvent.mouseMove(canvas, { clientX: 150, clientY: 150 });
    expect(screen.getByTestId('heatmap-tooltip')).toHaveTextContent('no rate known');
    fireEvent.click(canvas, { clientX: 150, clientY: 250 });
    expect(onOpenRegion).toHaveBeenCalledWith('1025', '4402341478400');
    fireEvent.mouseLeave(canvas);
    expect(screen.queryByTestId('heatmap-tooltip')).toBeNull();
  });
});

describe('the heatmap from the keyboard', () => {
  it('is reached by Tab on its hottest cell, and the tooltip names the focused cell', async () => {
    const { user } = renderPage();
    const cell = await screen.findByRole('gridcell', { name: /^cpu \(1024\), regions 0–1, / });
    expect(cell).toHaveAttribute('tabindex', '0');
    // Tabbing on from the hot list's last button gets there: the grid is one tab stop.
    const moves = screen.getAllByRole('button', { name: /^Move this hot region/ });
    act(() => {
      moves.at(-1)?.focus();
    });
    for (let i = 0; i < 10 && document.activeElement !== cell; i += 1) await user.tab();
    expect(cell).toHaveFocus();
    expect(cell).toHaveAccessibleName(/: 412 ms\/s$/);
    const tooltip = screen.getByTestId('heatmap-tooltip');
    expect(tooltip).toHaveTextContent('cpu (1024)');
    expect(tooltip).toHaveTextContent('Query CPU: 412 ms/s');
    expect(tooltip).toHaveTextContent('Enter opens the table');
    await user.tab();
    expect(screen.queryByTestId('heatmap-tooltip')).toBeNull();
  });

  it('arrow keys move between cells, Page keys between tables; Enter opens the row’s table', async () => {
    const { user, onOpenRegion } = renderPage();
    const cell = await screen.findByRole('gridcell', { name: /: 412 ms\/s$/ });
    act(() => {
      cell.focus();
    });
    const grid = screen.getByRole('grid', { name: /^Cells of the heatmap of query cpu/ });
    const focusedName = () => within(grid).getByRole('gridcell').getAttribute('aria-label');
    await user.keyboard('{ArrowLeft}');
    expect(focusedName()).toMatch(/^cpu \(1024\), regions 0–1, .*: 5\.00 ms\/s$/);
    await user.keyboard('{ArrowDown}');
    expect(focusedName()).toMatch(
      /^cpu \(1024\), from region 2 to the table’s last, .*: 1\.00 ms\/s$/,
    );
    await user.keyboard('{ArrowRight}');
    expect(focusedName()).toMatch(/: no rate known$/);
    await user.keyboard('{PageDown}');
    expect(focusedName()).toMatch(
      /^table 1025, from region 0 to the last sampled, .*: 3\.00 ms\/s$/,
    );
    // At the edge nothing moves.
    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(focusedName()).toMatch(/^table 1025, .*: 3\.00 ms\/s$/);
    await user.keyboard('{Home}');
    expect(focusedName()).toMatch(/^table 1025, .*: 2\.00 ms\/s$/);
    // The same element moved: focus never left the grid.
    expect(within(grid).getByRole('gridcell')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onOpenRegion).toHaveBeenLastCalledWith('1025', '4402341478400');
    await user.keyboard('{PageUp}');
    expect(focusedName()).toMatch(/^cpu \(1024\), regions 0–1, .*: 5\.00 ms\/s$/);
    await user.keyboard(' ');
    expect(onOpenRegion).toHaveBeenLastCalledWith('1024', '4398046511104');
  });
});

describe('where the data is missing', () => {
  it('legacy versions: says plainly that no region load is reported, and draws nothing', async () => {
    vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValue(
      answer({
        support: {
          kind: 'none',
          reason: 'GreptimeDB v0.6 has no information_schema.region_statistics.',
        },
        nextSampleAtMs: null,
        sampledAtMs: null,
        hasRates: false,
        regions: [],
        datanodes: [],
      }),
    );
    renderPage();
    const notice = await screen.findByTestId('no-region-load');
    expect(notice).toHaveTextContent('This version reports no region load');
    expect(notice).toHaveTextContent(
      'GreptimeDB v0.6 has no information_schema.region_statistics.',
    );
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(hotRegionsApi.fetchHotRegionsHeatmap).not.toHaveBeenCalled();
  });

  it('v1.1: shows what exists and names the missing columns', async () => {
    vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValue(
      answer({
        support: {
          kind: 'partial',
          missingColumns: ['query_cpu_time_millis', 'query_scanned_bytes'],
        },
        sortBy: 'writtenBytesPerSec',
      }),
    );
    renderPage();
    const notice = await screen.findByTestId('missing-columns');
    expect(notice).toHaveTextContent('query_cpu_time_millis and query_scanned_bytes');
    expect(notice).toHaveTextContent('shown is written bytes per second, and rows');
    const list = screen.getByRole('table', { name: 'Hot regions' });
    expect(within(list).getByRole('columnheader', { name: /Written/ })).toBeInTheDocument();
    expect(within(list).queryByRole('columnheader', { name: /Query CPU/ })).toBeNull();
    expect(within(list).queryByRole('columnheader', { name: /Scanned/ })).toBeNull();
  });

  it('before the second sample: says when rates appear, then shows them', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValueOnce(
      answer({ hasRates: false, regions: [], nextSampleAtMs: NOW + 3_000 }),
    );
    renderPage();
    const pending = await screen.findByTestId('rates-pending');
    expect(pending).toHaveTextContent(/rates appear after the next sample, due at .* \(in 3 s\)/);
    expect(screen.queryByRole('table', { name: 'Hot regions' })).toBeNull();
    // The page asks again just after the sample is due (3 s + 0.5 s), not before.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_000);
    });
    expect(hotRegionsApi.fetchHotRegions).toHaveBeenCalledTimes(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(600);
    });
    expect(await screen.findByRole('table', { name: 'Hot regions' })).toBeInTheDocument();
    expect(screen.queryByTestId('rates-pending')).toBeNull();
  });

  it('a failed read shows who failed and why', async () => {
    vi.mocked(hotRegionsApi.fetchHotRegions).mockRejectedValue(
      new ApiError(
        { endpoint: 'hot-regions', method: 'GET', url: '/api/clusters/default/hot-regions' },
        { kind: 'network', cause: 'connect ECONNREFUSED 127.0.0.1:4000' },
      ),
    );
    renderPage();
    expect(await screen.findByRole('alert')).toHaveTextContent('ECONNREFUSED');
  });

  it('a failed sample is named, with what is still shown', async () => {
    vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValue(
      answer({ lastError: 'The frontend 10.0.0.5:4000 did not answer in 10 s.' }),
    );
    renderPage();
    expect(await screen.findByTestId('sampling-error')).toHaveTextContent(
      'The frontend 10.0.0.5:4000 did not answer in 10 s.',
    );
    expect(screen.getByRole('table', { name: 'Hot regions' })).toBeInTheDocument();
  });
});

describe('the load per datanode in the cluster view', () => {
  function renderSummary() {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(datanodeQueries.leases('default').queryKey, leases);
    return renderWithProviders(<DatanodeLoadSummary clusterId="default" />, queryClient);
  }

  it('sits beside counts and bytes where the version reports load', async () => {
    renderSummary();
    const table = await screen.findByRole('table', { name: 'Load per datanode' });
    expect(within(table).getAllByTestId('datanode-load-row')[2]).toHaveTextContent('35.0 ms/s');
    expect(hotRegionsApi.fetchHotRegionsHeatmap).not.toHaveBeenCalled();
  });

  it('adds nothing where the version reports no load', async () => {
    vi.mocked(hotRegionsApi.fetchHotRegions).mockResolvedValue(
      answer({
        support: { kind: 'none', reason: 'legacy' },
        nextSampleAtMs: null,
        hasRates: false,
      }),
    );
    const { queryClient } = renderSummary();
    // Answered, and still nothing: no empty table, no "coming soon".
    await vi.waitFor(() => {
      expect(
        queryClient.getQueryState(
          hotRegionsQueries.list('default', { sort: null, limit: 1 }).queryKey,
        )?.status,
      ).toBe('success');
    });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText(/Load per datanode/)).toBeNull();
  });
});
