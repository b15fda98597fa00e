// @vitest-environment jsdom
/**
 * The shell with the API layer mocked at its module boundary: these tests are about what the
 * UI asks the API layer for, not about HTTP.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/api-error';
import * as clusterApi from '../api/cluster-api';
import type { MetasrvStatus } from '../../contract/api-contract';
import type { NodeLeases, TableRoute } from '../domain/cluster-types';
import { renderWithProviders } from '../test/render-with-providers';
import { App } from './app';

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

beforeEach(() => {
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
    renderWithProviders(<App />);
    const field = screen.getByLabelText('Table ID');
    if (input !== '') await user.type(field, input);
    await user.click(screen.getByRole('button', { name: 'Open table' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(clusterApi.fetchTableRoute).not.toHaveBeenCalled();
  });

  it('opens a valid table with Enter and shows its grid', async () => {
    const user = userEvent.setup();
    renderWithProviders(<App />);
    await user.type(screen.getByLabelText('Table ID'), '1024{Enter}');

    const grid = await screen.findByRole('table', { name: 'Regions of table 1024 by datanode' });
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
      screen.getByRole('columnheader', { name: /Datanode 1\s*10\.0\.0\.11:4001/ }),
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
    renderWithProviders(<App />);
    await user.type(screen.getByLabelText('Table ID'), '9999{Enter}');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Table 9999 was not found');
    expect(alert).toHaveTextContent('Failed to find table route for 9999');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

describe('leader header', () => {
  it('shows the leader and marks other nodes in words', async () => {
    renderWithProviders(<App />);
    const header = await screen.findByRole('region', { name: 'MetaSrv leader' });
    expect(await screen.findByText('127.0.0.1:3002')).toBeInTheDocument();
    expect(header).toHaveTextContent('127.0.0.1:3003 unreachable: connect ECONNREFUSED');
  });
});

describe('region grid keyboard', () => {
  it('moves focus with arrow keys and opens the dialog with Enter; Escape closes it', async () => {
    const user = userEvent.setup();
    renderWithProviders(<App />);
    await user.type(screen.getByLabelText('Table ID'), '1024{Enter}');
    await screen.findByRole('table', { name: /Regions of table 1024/ });

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
