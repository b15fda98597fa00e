// @vitest-environment jsdom
/**
 * The shell with the API layer mocked at its module boundary: these tests are about what the
 * UI asks the API layer for, not about HTTP. The console is rendered through its router, on a
 * memory history, from the URL a user would open.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { RouterProvider, createMemoryHistory } from '@tanstack/react-router';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/api-error';
import * as clusterApi from '../api/cluster-api';
import type { MetasrvStatus } from '../../contract/api-contract';
import type { NodeLeases, TableRoute } from '../domain/cluster-types';
import { createTestQueryClient, renderWithProviders } from '../test/render-with-providers';
import { sessionQueries } from '../features/auth/session-queries';
import { clusterQueries } from '../features/clusters/cluster-queries';
import { createAppRouter } from './router';

vi.mock('../api/cluster-api', () => ({
  fetchMetasrvStatus: vi.fn(),
  fetchTableRoute: vi.fn(),
  fetchNodeLeases: vi.fn(),
  submitRegionMigration: vi.fn(),
  fetchCatalogs: vi.fn(),
  fetchSchemas: vi.fn(),
}));

const NOW = 1_700_000_000_000;
const status: MetasrvStatus = {
  nodes: [
    {
      addr: '127.0.0.1:3002',
      reachable: true,
      leaderAnswer: { status: 200, body: '127.0.0.1:3002' },
      error: null,
    },
    { addr: '127.0.0.1:3003', reachable: false, leaderAnswer: null, error: 'connect ECONNREFUSED' },
  ],
  leader: { addr: '127.0.0.1:3002', reportedAddr: '127.0.0.1:3002', withoutElection: false },
  leaderError: null,
  checkedAtMs: NOW,
};
const leases: NodeLeases = {
  leases: [
    { peerId: '0', addr: '10.0.0.10:4001', timestampMs: NOW - 1_000, humanTime: '' },
    { peerId: '1', addr: '10.0.0.11:4001', timestampMs: NOW - 2_000, humanTime: '' },
  ],
  metasrvNowMs: NOW,
};
const route: TableRoute = {
  type: 'physical',
  tableId: 1024,
  version: '7',
  wireForm: 'string',
  regionRoutes: [0, 1, 2].map((n) => ({
    regionId: String((1024n << 32n) | BigInt(n)),
    regionNumber: n,
    name: '',
    partition: {
      columns: ['host'],
      bounds: [n === 2 ? { kind: 'raw', raw: '{"Weird":1}' } : { kind: 'parsed', text: `'h${n}'` }],
    },
    leaderPeer: { id: n === 1 ? '1' : '0', addr: n === 1 ? '10.0.0.11:4001' : '10.0.0.10:4001' },
    followerPeers: [],
    leaderStatus: n === 2 ? 'Downgraded' : null,
    leaderDownSinceMs: null,
  })),
};

// The table page is a lazy route chunk: its first import (transformed on demand) is slow on a
// busy machine, so waits for it get up to 15 s.
vi.setConfig({ testTimeout: 30_000 });
const CHUNK_WAIT = { timeout: 15_000 };

/** The console at `path`, as ConsoleShell starts it once session and clusters are read. */
function renderConsole(path = '/') {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(sessionQueries.current().queryKey, {
    auth: 'none',
    user: null,
    readOnly: false,
  });
  queryClient.setQueryData(clusterQueries.list().queryKey, {
    clusters: [
      { id: 'default', metasrvAddrs: ['127.0.0.1:3002'], isEmulated: true },
      { id: 'east', metasrvAddrs: ['10.0.0.2:3002'], isEmulated: false },
    ],
  });
  const history = createMemoryHistory({ initialEntries: [path] });
  const router = createAppRouter(['default', 'east'], queryClient, history);
  renderWithProviders(<RouterProvider router={router} />, queryClient);
  return { history };
}

beforeEach(() => {
  window.localStorage.clear();
  vi.mocked(clusterApi.fetchMetasrvStatus).mockResolvedValue(status);
  vi.mocked(clusterApi.fetchNodeLeases).mockResolvedValue(leases);
  vi.mocked(clusterApi.fetchTableRoute).mockResolvedValue(route);
  vi.mocked(clusterApi.fetchCatalogs).mockResolvedValue(['greptime']);
  vi.mocked(clusterApi.fetchSchemas).mockResolvedValue(['public']);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('table picker', () => {
  it.each([
    ['', /Enter a table ID/],
    ['abc', /is not a number/],
    ['-5', /cannot be negative/],
    ['1.5', /whole number/],
    ['4294967296', /at most 4294967295/],
    ['01024', /leading zeros/],
  ])('rejects %j with a specific message and sends no request', async (input, message) => {
    const user = userEvent.setup();
    renderConsole();
    const field = await screen.findByLabelText('Table ID');
    if (input !== '') await user.type(field, input);
    await user.click(screen.getByRole('button', { name: 'Open table' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(clusterApi.fetchTableRoute).not.toHaveBeenCalled();
  });

  it('opens a valid table with Enter and shows its grid', async () => {
    const user = userEvent.setup();
    renderConsole();
    await user.type(await screen.findByLabelText('Table ID'), '1024{Enter}');

    const grid = await screen.findByRole(
      'table',
      { name: 'Regions of table 1024 by datanode' },
      CHUNK_WAIT,
    );
    expect(clusterApi.fetchTableRoute).toHaveBeenCalledWith(
      'default',
      { table_id: '1024' },
      expect.anything(),
    );
    expect(grid).toHaveTextContent('4398046511104');
    expect(screen.getByText(/route received as a JSON string \(v0\.6\)/)).toHaveTextContent(
      'Route version 7',
    );
    // Marks are words; the raw bound is shown as it came.
    expect(screen.getAllByText('Leader')).toHaveLength(2);
    expect(screen.getByText('Downgraded')).toBeInTheDocument();
    expect(screen.getByText('{"Weird":1}')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: /Datanode 1\b.*10\.0\.0\.11:4001/ }),
    ).toBeInTheDocument();
  });

  it('quotes MetaSrv when the table is unknown', async () => {
    vi.mocked(clusterApi.fetchTableRoute).mockRejectedValue(
      new ApiError(
        { endpoint: 'route', method: 'GET', url: '/api/clusters/default/route?table_id=9999' },
        {
          kind: 'metasrv',
          status: 500,
          text: 'Failed to find table route for 9999',
          metasrvAddr: '127.0.0.1:3002',
        },
      ),
    );
    const user = userEvent.setup();
    renderConsole();
    await user.type(await screen.findByLabelText('Table ID'), '9999{Enter}');

    const alert = await screen.findByRole('alert', {}, CHUNK_WAIT);
    expect(alert).toHaveTextContent('Table 9999 was not found');
    expect(alert).toHaveTextContent('Failed to find table route for 9999');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

describe('leader header', () => {
  it('shows the leader and marks other nodes in words', async () => {
    renderConsole();
    const header = await screen.findByRole('region', { name: 'MetaSrv leader' });
    // The overview may name the leader too: this is about the header.
    expect(await within(header).findByText('127.0.0.1:3002')).toBeInTheDocument();
    expect(header).toHaveTextContent('127.0.0.1:3003 unreachable: connect ECONNREFUSED');
  });
});

describe('region grid keyboard', () => {
  it('moves focus with arrow keys and opens the dialog with Enter; Escape closes it', async () => {
    const user = userEvent.setup();
    renderConsole();
    await user.type(await screen.findByLabelText('Table ID'), '1024{Enter}');
    await screen.findByRole('table', { name: /Regions of table 1024/ }, CHUNK_WAIT);

    const rows = screen.getAllByRole('row').filter((row) => row.hasAttribute('data-region-id'));
    rows[0]?.focus();
    await user.keyboard('{ArrowDown}');
    expect(rows[1]).toHaveFocus();
    await user.keyboard('{Enter}');

    const dialog = await screen.findByRole('dialog', { name: 'Migrate region' });
    expect(dialog).toHaveTextContent('4398046511105');
    await user.keyboard('{Escape}');
    await vi.waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    // Focus returns to the region the dialog was opened from.
    expect(rows[1]).toHaveFocus();
  });
});

describe('old links and the cluster in the URL', () => {
  it('redirects a table link of before to the table on the cluster chosen last', async () => {
    window.localStorage.setItem('region-console.cluster', 'east');
    const { history } = renderConsole('/?table=1024&region=4398046511105');

    await screen.findByRole('table', { name: /Regions of table 1024/ }, CHUNK_WAIT);
    expect(history.location.pathname).toBe('/c/east/tables/1024');
    expect(history.location.search).toBe('?region=4398046511105');
    expect(clusterApi.fetchTableRoute).toHaveBeenCalledWith(
      'east',
      { table_id: '1024' },
      expect.anything(),
    );
  });

  it('falls back to the first cluster when the remembered one is not configured', async () => {
    window.localStorage.setItem('region-console.cluster', 'gone');
    const { history } = renderConsole('/?view=cluster');
    await vi.waitFor(() => {
      expect(history.location.pathname).toBe('/c/default/cluster');
    });
  });

  it('names a bad table id in an old link instead of showing another view', async () => {
    const { history } = renderConsole('/?table=abc');
    const alert = await screen.findByRole('alert', {}, CHUNK_WAIT);
    expect(alert).toHaveTextContent('Bad table ID in the link');
    expect(alert).toHaveTextContent('“abc” is not a number');
    expect(history.location.pathname).toBe('/c/default/tables/abc');
    expect(
      screen.getByRole('link', { name: 'Go to the overview of cluster default' }),
    ).toHaveAttribute('href', '/c/default/');
    expect(clusterApi.fetchTableRoute).not.toHaveBeenCalled();
  });

  it('refuses a cluster that is not configured, naming the ones that are', async () => {
    renderConsole('/c/nope/history');
    const alert = await screen.findByRole('alert', {}, CHUNK_WAIT);
    expect(alert).toHaveTextContent('Bad cluster in the link');
    expect(alert).toHaveTextContent(
      'This console has no cluster “nope”. Its clusters: default, east.',
    );
  });
});
