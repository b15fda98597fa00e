// @vitest-environment jsdom
/** The leader header with the API layer mocked at its module boundary. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import { ApiError } from '../../api/api-error';
import * as clusterApi from '../../api/cluster-api';
import type { MetasrvStatus } from '../../../contract/api-contract';
import { renderWithProviders } from '../../test/render-with-providers';
import { LeaderHeader } from './leader-header';
import { leaderQueries } from '../../queries/leader-queries';

vi.mock('../../api/cluster-api', () => ({ fetchMetasrvStatus: vi.fn() }));

const base: MetasrvStatus = {
  nodes: [
    {
      addr: '10.0.0.1:3002',
      reachable: true,
      leaderAnswer: { status: 200, body: '10.0.0.1:3002' },
      error: null,
    },
    {
      addr: '10.0.0.2:3002',
      reachable: true,
      leaderAnswer: { status: 200, body: '10.0.0.1:3002' },
      error: null,
    },
  ],
  leader: { addr: '10.0.0.1:3002', reportedAddr: '10.0.0.1:3002', withoutElection: false },
  leaderError: null,
  checkedAtMs: 0,
};

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('LeaderHeader', () => {
  it('keeps the last known leader visible, marked stale, when a refresh fails', async () => {
    vi.mocked(clusterApi.fetchMetasrvStatus)
      .mockResolvedValueOnce(base)
      .mockRejectedValue(
        new ApiError(
          { endpoint: 'metasrv', method: 'GET', url: '/api/clusters/default/metasrv' },
          { kind: 'network', cause: 'Failed to fetch' },
        ),
      );
    const { queryClient } = renderWithProviders(<LeaderHeader clusterId="default" />);
    expect(await screen.findByText('10.0.0.1:3002')).toBeInTheDocument();

    await act(() => queryClient.refetchQueries({ queryKey: leaderQueries.all('default') }));

    expect(await screen.findByText(/Stale: last updated \d+ s ago/)).toBeInTheDocument();
    expect(screen.getByText('10.0.0.1:3002')).toBeInTheDocument();
  });

  it('says plainly when MetaSrv runs without election', async () => {
    vi.mocked(clusterApi.fetchMetasrvStatus).mockResolvedValue({
      nodes: [
        {
          addr: '10.0.0.1:3002',
          reachable: true,
          leaderAnswer: { status: 200, body: 'election info is None' },
          error: null,
        },
      ],
      leader: { addr: '10.0.0.1:3002', reportedAddr: '10.0.0.1:3002', withoutElection: true },
      leaderError: null,
      checkedAtMs: 0,
    });
    renderWithProviders(<LeaderHeader clusterId="default" />);
    expect(await screen.findByText(/No election/)).toBeInTheDocument();
  });

  it('shows a leader error naming the address', async () => {
    vi.mocked(clusterApi.fetchMetasrvStatus).mockResolvedValue({
      ...base,
      leader: null,
      leaderError: {
        code: 'leader-not-configured',
        message:
          'MetaSrv reports leader 192.168.9.9:3002, which is not a configured MetaSrv address.',
      },
    });
    renderWithProviders(<LeaderHeader clusterId="default" />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('not configured to use');
    expect(alert).toHaveTextContent('192.168.9.9:3002');
    expect(screen.getByText('none known')).toBeInTheDocument();
  });

  it('shows an inline error on first load failure', async () => {
    vi.mocked(clusterApi.fetchMetasrvStatus).mockRejectedValue(
      new ApiError(
        { endpoint: 'metasrv', method: 'GET', url: '/api/clusters/default/metasrv' },
        { kind: 'network', cause: 'Failed to fetch' },
      ),
    );
    renderWithProviders(<LeaderHeader clusterId="default" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not read the MetaSrv status');
  });

  it('lists every node under "MetaSrv nodes" when none leads, and the others otherwise', async () => {
    const down = (addr: string) => ({
      addr,
      reachable: false,
      leaderAnswer: null,
      error: 'connection refused (nothing listens on that port) (ECONNREFUSED)',
    });
    vi.mocked(clusterApi.fetchMetasrvStatus).mockResolvedValue({
      nodes: [down('10.0.0.1:3002'), down('10.0.0.2:3002')],
      leader: null,
      leaderError: { code: 'metasrv-unreachable', message: 'No configured MetaSrv node answered' },
      checkedAtMs: 0,
    });
    renderWithProviders(<LeaderHeader clusterId="default" />);
    const list = await screen.findByRole('list', { name: 'MetaSrv nodes' });
    expect(list).toHaveTextContent('10.0.0.1:3002');
    expect(list).toHaveTextContent('10.0.0.2:3002');
    expect(screen.queryByText('Other MetaSrv nodes')).not.toBeInTheDocument();
  });

  it('calls the non-leaders "Other MetaSrv nodes" while a leader is known', async () => {
    vi.mocked(clusterApi.fetchMetasrvStatus).mockResolvedValue(base);
    renderWithProviders(<LeaderHeader clusterId="default" />);
    const list = await screen.findByRole('list', { name: 'Other MetaSrv nodes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent('10.0.0.2:3002 reachable');
  });
});
