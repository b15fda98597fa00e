// @vitest-environment jsdom
/**
 * The tables × datanodes heatmap from the keyboard: one tab stop, arrow keys between cells
 * (empty ones included), Home and End along a row, Enter opening what a click opens. jsdom lays
 * out nothing, so the virtualizers draw what their overscan covers: every row and column of
 * this small cluster. The focus ring is CSS; e2e/distribution.spec.ts checks it in a browser.
 * Then its rows' names on legacy MetaSrv, asked by id: `fetch` is stubbed under the real gate.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { RELAYED, stubFetch, type StubAnswer } from '../../api/fetch-stub.test-support';
import type { RegionDistribution } from '../../../contract/region-distribution';
import type { ApiGeneration } from '../../../contract/sql-contract';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import { buildDistributionModel, type DistributionWeighting } from './distribution-model';
import { Heatmap } from './heatmap';
import { useHeatmapTableNames } from './heatmap-table-names';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const datanode = (peerId: string) => ({
  peerId,
  addr: `10.0.0.1${peerId}:4001`,
  statTimestampMs: 0,
  regionCount: 0,
  bytes: 0,
  rows: 0,
  readUnits: 0,
  writeUnits: 0,
});

/** Table 1024: regions 0 and 1 on datanode 0, region 2 on 2. Table 1025: region 5 on 3. */
const summary: RegionDistribution = {
  datanodes: ['0', '1', '2', '3'].map(datanode),
  tables: [
    {
      tableId: 1024,
      regionNumbers: [0, 1, 2],
      datanodeIndexes: [0, 0, 2],
      bytes: [0, 0, 0],
      rows: [0, 0, 0],
    },
    { tableId: 1025, regionNumbers: [5], datanodeIndexes: [3], bytes: [0], rows: [0] },
  ],
  regionCount: 4,
  rowsReported: false,
  unitsReported: false,
  duplicateLeaders: 0,
  heartbeatBytes: 0,
};

const regionId = (tableId: number, regionNumber: number) =>
  String((BigInt(tableId) << 32n) | BigInt(regionNumber));

function renderHeatmap(weighting: DistributionWeighting = 'count') {
  const onOpenTable = vi.fn();
  renderWithProviders(
    <>
      <button type="button">Before</button>
      <Heatmap
        model={buildDistributionModel(summary, undefined)}
        weighting={weighting}
        tableNames={new Map([[1024, 'greptime.public.monitor']])}
        onOpenTable={onOpenTable}
      />
    </>,
  );
  const grid = screen.getByRole('grid', { name: /of each table on each datanode$/ });
  return { onOpenTable, grid, user: userEvent.setup() };
}

describe('the heatmap from the keyboard', () => {
  it('is one tab stop, on the first table’s first datanode, named with its table and value', async () => {
    const { grid, user } = renderHeatmap();
    expect(grid).toHaveAccessibleName('Regions of each table on each datanode');
    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    const first = within(grid).getByRole('gridcell', {
      name: 'greptime.public.monitor on datanode 0: 2 regions',
    });
    expect(first).toHaveFocus();
    // Every other cell and every table name is out of the tab order.
    const tabbable = [...grid.querySelectorAll('[tabindex]')].filter(
      (element) => element.getAttribute('tabindex') === '0',
    );
    expect(tabbable).toEqual([first]);
    expect(screen.getByTestId('heatmap-keyboard-hint')).toHaveTextContent(
      'greptime.public.monitor on datanode 0: 2 regions. Enter opens the table at this datanode’s region.',
    );
  });

  it('moves with the arrow keys, through empty cells, and Home and End along a row', async () => {
    const { grid, user } = renderHeatmap();
    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    await user.keyboard('{ArrowRight}');
    // Datanode 1 leads none of table 1024: its cell is there for the keyboard, and says so.
    const empty = within(grid).getByRole('gridcell', {
      name: 'greptime.public.monitor on datanode 1: no regions',
    });
    expect(empty).toHaveFocus();
    expect(empty).toHaveAttribute('tabindex', '0');
    await user.keyboard('{ArrowRight}');
    expect(
      within(grid).getByRole('gridcell', {
        name: 'greptime.public.monitor on datanode 2: 1 regions',
      }),
    ).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(
      within(grid).getByRole('gridcell', { name: 'table 1025 on datanode 2: no regions' }),
    ).toHaveFocus();
    // The previous empty cell is not drawn once the keyboard has left it.
    expect(
      within(grid).queryByRole('gridcell', { name: /monitor on datanode 1: no regions/ }),
    ).toBeNull();
    await user.keyboard('{End}');
    expect(
      within(grid).getByRole('gridcell', { name: 'table 1025 on datanode 3: 1 regions' }),
    ).toHaveFocus();
    // Past the edge, nothing moves.
    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(
      within(grid).getByRole('gridcell', { name: 'table 1025 on datanode 3: 1 regions' }),
    ).toHaveFocus();
    await user.keyboard('{Home}');
    expect(within(grid).getByRole('button', { name: 'Open table 1025' })).toHaveFocus();
    await user.keyboard('{Control>}{End}{/Control}');
    expect(
      within(grid).getByRole('gridcell', { name: 'table 1025 on datanode 3: 1 regions' }),
    ).toHaveFocus();
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(
      within(grid).getByRole('button', { name: 'Open table greptime.public.monitor (1024)' }),
    ).toHaveFocus();
    // Tab leaves the grid, and comes back to where it left.
    await user.keyboard('{ArrowDown}{ArrowRight}');
    await user.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Before' })).toHaveFocus();
    await user.tab();
    expect(
      within(grid).getByRole('gridcell', { name: 'table 1025 on datanode 0: no regions' }),
    ).toHaveFocus();
  });

  it('Enter opens what a click opens: the table at that datanode’s region', async () => {
    const { grid, user, onOpenTable } = renderHeatmap();
    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    await user.keyboard('{Enter}');
    expect(onOpenTable).toHaveBeenLastCalledWith(1024, regionId(1024, 0));
    await user.keyboard('{ArrowDown}{End}');
    await user.keyboard('{Enter}');
    expect(onOpenTable).toHaveBeenLastCalledWith(1025, regionId(1025, 5));
    expect(onOpenTable).toHaveBeenCalledTimes(2);
    // An empty cell opens nothing, by key as by click.
    await user.keyboard('{ArrowLeft}{Enter}');
    await user.click(
      within(grid).getByRole('gridcell', { name: 'table 1025 on datanode 2: no regions' }),
    );
    expect(onOpenTable).toHaveBeenCalledTimes(2);
    // The table's name opens the table, without a region.
    await user.keyboard('{Home}{Enter}');
    expect(onOpenTable).toHaveBeenLastCalledWith(1025, null);
  });

  it('a click moves the keyboard’s place to the clicked cell', async () => {
    const { grid, user, onOpenTable } = renderHeatmap();
    const cell = within(grid).getByRole('gridcell', {
      name: 'table 1025 on datanode 3: 1 regions',
    });
    await user.click(cell);
    expect(onOpenTable).toHaveBeenLastCalledWith(1025, regionId(1025, 5));
    expect(cell).toHaveFocus();
    expect(cell).toHaveAttribute('tabindex', '0');
    await user.keyboard('{ArrowUp}');
    expect(
      within(grid).getByRole('gridcell', {
        name: 'greptime.public.monitor on datanode 3: no regions',
      }),
    ).toHaveFocus();
  });

  it('follows the view’s weighting: bytes on bytes, and regions on rows, saying so', () => {
    expect(renderHeatmap('bytes').grid).toHaveAccessibleName(
      'Bytes of each table on each datanode',
    );
    expect(screen.queryByTestId('heatmap-weighting-fallback')).not.toBeInTheDocument();
    cleanup();

    const { grid } = renderHeatmap('rows');
    expect(grid).toHaveAccessibleName('Regions of each table on each datanode');
    expect(screen.getByTestId('heatmap-weighting-fallback')).toHaveTextContent(
      'The heatmap weighs regions or bytes only: with rows chosen above, its cells show regions.',
    );
  });

  it('names its columns and rows as a grid does', () => {
    const { grid } = renderHeatmap();
    expect(grid).toHaveAttribute('aria-rowcount', '3');
    expect(grid).toHaveAttribute('aria-colcount', '5');
    expect(
      within(grid)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['table \\ datanode', '0', '1', '2', '3']);
    expect(within(grid).getAllByRole('rowheader')).toHaveLength(2);
  });
});

describe('the heatmap’s table names', () => {
  const model = buildDistributionModel(summary, undefined);
  /** MetaSrv's `/admin/table` names 1024; 1025 it omits, as it does an unknown table. */
  const NAMES_1024 = JSON.stringify({
    '1024': {
      table_info: {
        name: 'monitor',
        catalog_name: 'greptime',
        schema_name: 'public',
        meta: { engine: 'mito' },
      },
    },
  });

  function NamedHeatmap({ listed }: { listed: ReadonlyMap<number, string> }) {
    const tableNames = useHeatmapTableNames('default', model.tableIds, listed);
    return (
      <Heatmap model={model} weighting="count" tableNames={tableNames} onOpenTable={vi.fn()} />
    );
  }

  function renderNamed(
    generation: ApiGeneration,
    answer: StubAnswer,
    listed: ReadonlyMap<number, string> = new Map(),
  ) {
    const { requests } = stubFetch(answer);
    const client = createTestQueryClient();
    client.setQueryData(connectionQuery('default').queryKey, {
      generation,
      version: null,
      detectedBy: generation === 'sql' ? 'cluster-info' : 'legacy-endpoints',
      frontendAddr: null,
      frontendOrigin: null,
      hasFrontendCredentials: false,
      problem: null,
      checkedAtMs: Date.now(),
    });
    renderWithProviders(<NamedHeatmap listed={listed} />, client);
    return { requests, client };
  }

  it('legacy: names each row as MetaSrv names its table id, in one read, the id where it names none', async () => {
    const { requests } = renderNamed('legacy', { body: NAMES_1024, headers: RELAYED });
    expect(
      await screen.findByRole('button', { name: 'Open table greptime.public.monitor (1024)' }),
    ).toHaveTextContent('greptime.public.monitor');
    expect(screen.getByRole('button', { name: 'Open table 1025' })).toHaveTextContent('table 1025');
    // One read names every row: MetaSrv's /admin/table takes a list of ids.
    expect(requests.map((r) => r.url)).toEqual([
      '/api/clusters/default/table-info?table_ids=1024%2C1025',
    ]);
  });

  it('legacy: rows keep their ids when MetaSrv cannot be read', async () => {
    const { client } = renderNamed('legacy', { status: 503, body: 'no leader', headers: RELAYED });
    const lookups = client.getQueryCache().findAll({ queryKey: ['tables', 'default', 'by-ids'] });
    expect(lookups).toHaveLength(1);
    await vi.waitFor(() => {
      expect(lookups.map((lookup) => lookup.state.status)).toEqual(['error']);
    });
    expect(screen.getByRole('button', { name: 'Open table 1024' })).toHaveTextContent('table 1024');
    expect(screen.getByRole('button', { name: 'Open table 1025' })).toBeInTheDocument();
  });

  it('SQL path: the listed names, with no request per table', () => {
    const { requests } = renderNamed(
      'sql',
      { body: NAMES_1024, headers: RELAYED },
      new Map([[1025, 'greptime.public.cpu']]),
    );
    expect(
      screen.getByRole('button', { name: 'Open table greptime.public.cpu (1025)' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Open table 1024' })).toBeInTheDocument();
    expect(requests).toEqual([]);
  });
});
