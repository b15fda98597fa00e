// @vitest-environment jsdom
/**
 * Read-only mode (issue 6) hides the retry of a refused migration wherever the record is
 * shown (the dialog and the Migrations tray both render this view); the server refusing
 * mutating calls stays the real guard. Issue 15: a "Failed (inferred)" outcome, evidence on
 * "not progressing", a reopened record, and the retry to another target (leases seeded into
 * the query cache, so nothing is fetched).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NodeLeases } from '../../domain/cluster-types';
import { datanodeQueries } from '../../queries/datanode-queries';
import { CanMutateProvider } from '../../components/permissions';
import type { TrackedMigration } from '../../../contract/tracked-migration';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import { TrackedMigrationView } from './tracked-migration-view';

const refused: TrackedMigration = {
  id: 'm1',
  clusterId: 'default',
  idempotencyKey: 'k',
  request: {
    region_id: '4398046511104',
    from_peer_id: '0',
    to_peer_id: '1',
    replay_timeout: '5m',
  },
  tableId: 1024,
  replayTimeoutMs: 300_000,
  boundMs: 913_000,
  startedBy: null,
  planRunId: null,
  submittedAtMs: 1,
  phase: 'finished',
  procedureId: null,
  metasrvAddr: '127.0.0.1:3002',
  submissionNote: null,
  states: [],
  outcome: {
    kind: 'refused',
    status: 500,
    text: 'Another migration procedure is running for region: 4398046511104(1024, 0)',
    metasrvAddr: '127.0.0.1:3002',
  },
  finishedAtMs: 2,
  lastReadError: null,
};

afterEach(() => {
  cleanup();
});

function renderView(canMutate: boolean) {
  renderWithProviders(
    <CanMutateProvider value={canMutate}>
      <TrackedMigrationView migration={refused} serverNowMs={3} onRetry={vi.fn()} />
    </CanMutateProvider>,
  );
}

describe('retry of a refused migration', () => {
  it('is offered when mutating is allowed', () => {
    renderView(true);
    expect(screen.getByRole('button', { name: 'Re-read the route and retry' })).toBeEnabled();
  });

  it('is absent in read-only mode, while MetaSrv’s text is still shown', () => {
    renderView(false);
    expect(
      screen.getByText(refused.outcome?.kind === 'refused' ? refused.outcome.text : ''),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-read the route and retry' })).toBeNull();
  });
});

describe('a refusal that no retry can change', () => {
  it('offers no retry for a logical table’s region, and names the physical region instead', () => {
    const text =
      'Unexpected, violated: Trying to execute region migration on the logical table, task cluster: 0, region: 4402341478400(1025, 0), from_peer: peer-0(127.0.0.1:4100), to_peer: peer-1(127.0.0.1:4101)';
    const logical: TrackedMigration = {
      ...refused,
      outcome: { kind: 'refused', status: 500, text, metasrvAddr: '127.0.0.1:3002' },
    };
    renderWithProviders(
      <CanMutateProvider value={true}>
        <TrackedMigrationView migration={logical} serverNowMs={3} onRetry={vi.fn()} />
      </CanMutateProvider>,
    );
    expect(screen.getByText(/Migrate that region instead/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-read the route and retry' })).toBeNull();
  });
});

describe('a "Failed (inferred)" outcome (legacy API evidence)', () => {
  const sentence =
    'Failed (inferred): datanode 1 lost its lease at 10:04:12 UTC and never reported the region; the route is unchanged, so region 4398046511104 stays on datanode 0. MetaSrv gives no procedure state over HTTP.';
  const inferred: TrackedMigration = {
    ...refused,
    procedureId: 'p-1',
    states: [{ code: 'leader-on-source', label: 'Leader on datanode 0', atMs: 1 }],
    outcome: {
      kind: 'not-progressing',
      sawChange: false,
      evidence: 'datanode 1 lease expired at 10:04:12 UTC; no heartbeat reported the region',
      inferredFailure: sentence,
    },
  };
  // Datanode 0 is the source, 1 the failed target, 2 alive: the only other target.
  const leases: NodeLeases = {
    metasrvNowMs: 100_000,
    leases: [
      { peerId: '0', addr: 'dn0:4001', timestampMs: 99_000, humanTime: '' },
      { peerId: '1', addr: 'dn1:4001', timestampMs: 10_000, humanTime: '' },
      { peerId: '2', addr: 'dn2:4001', timestampMs: 98_000, humanTime: '' },
    ],
  };

  function renderInferred(migration: TrackedMigration, onRetryTo = vi.fn()) {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(datanodeQueries.leases('default').queryKey, leases);
    renderWithProviders(
      <TrackedMigrationView migration={migration} serverNowMs={3} onRetryTo={onRetryTo} />,
      queryClient,
    );
    return onRetryTo;
  }

  it('says "Failed (inferred)" with its evidence and that MetaSrv cannot confirm it', () => {
    renderInferred(inferred);
    expect(
      screen.getByText('Failed (inferred): region 4398046511104 did not move to datanode 1.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('inferred-failure')).toHaveTextContent(sentence);
    expect(screen.getByTestId('outcome-evidence')).toHaveTextContent(
      'Evidence: datanode 1 lease expired at 10:04:12 UTC',
    );
    expect(screen.getByText(/MetaSrv cannot confirm it over HTTP/)).toBeInTheDocument();
  });

  it('offers a one-click retry to an alive datanode other than the failed target', async () => {
    const onRetryTo = renderInferred(inferred);
    await userEvent.click(
      screen.getByRole('button', { name: 'Retry: migrate region 4398046511104 to datanode 2' }),
    );
    expect(onRetryTo).toHaveBeenCalledWith('2');
  });

  it('names its evidence on a plain "not progressing" outcome', () => {
    renderInferred({
      ...inferred,
      outcome: { kind: 'not-progressing', sawChange: false, evidence: 'datanode 1 is alive' },
    });
    expect(screen.getByText(/^Not progressing:/)).toBeInTheDocument();
    expect(screen.getByTestId('outcome-evidence')).toHaveTextContent(
      'Evidence: datanode 1 is alive',
    );
    expect(screen.queryByRole('button', { name: /^Retry: migrate/ })).toBeNull();
  });

  it('says a reopened record follows the route change', () => {
    renderInferred({
      ...inferred,
      phase: 'following',
      outcome: null,
      finishedAtMs: null,
      states: [
        ...inferred.states,
        {
          code: 'reopened',
          label: 'The route changed after “Failed (inferred)”: following again',
          atMs: 2,
        },
        { code: 'downgraded', label: 'Downgraded on datanode 0', atMs: 2 },
      ],
    });
    expect(
      screen.getByText(
        'Reopened: the route of region 4398046511104 changed after “Failed (inferred)”; following it again…',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The route changed after “Failed (inferred)”: following again'),
    ).toBeInTheDocument();
  });
});

describe('a SQL-path failure at a target MetaSrv cannot reach (PusherNotFound)', () => {
  const reason = 'Pusher not found: Datanode-1';
  const unreachable: TrackedMigration = {
    ...refused,
    procedureId: 'p-2',
    sql: {
      frontendAddr: '127.0.0.1:4000',
      statement: 'ADMIN migrate_region(4398046511104, 0, 1, 300)',
      timeoutSecs: 300,
      timeoutMeaning: 'overall',
      procedureState: JSON.stringify({ status: 'Failed', error: reason }),
      failureReason: reason,
    },
    outcome: {
      kind: 'rolled-back',
      evidence: `procedure_state says Failed: ${reason}; region_peers shows the leader on datanode 0.`,
    },
  };
  // Datanode 0 is the source, 1 the unreachable target (its lease still live), 2 alive.
  const leases: NodeLeases = {
    metasrvNowMs: 100_000,
    leases: [
      { peerId: '0', addr: 'dn0:4001', timestampMs: 99_000, humanTime: '' },
      { peerId: '1', addr: 'dn1:4001', timestampMs: 95_000, humanTime: '' },
      { peerId: '2', addr: 'dn2:4001', timestampMs: 98_000, humanTime: '' },
    ],
  };

  function renderUnreachable(migration: TrackedMigration) {
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(datanodeQueries.leases('default').queryKey, leases);
    const onRetry = vi.fn();
    const onRetryTo = vi.fn();
    renderWithProviders(
      <TrackedMigrationView
        migration={migration}
        serverNowMs={3}
        onRetry={onRetry}
        onRetryTo={onRetryTo}
      />,
      queryClient,
    );
    return { onRetry, onRetryTo };
  }

  it('explains the reason and offers only a retry to another datanode', async () => {
    const { onRetryTo } = renderUnreachable(unreachable);
    expect(screen.getByTestId('failure-reason')).toHaveTextContent(reason);
    expect(
      screen.getByText(/MetaSrv held no heartbeat stream from datanode 1/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-read the route and retry' })).toBeNull();
    await userEvent.click(
      screen.getByRole('button', { name: 'Retry: migrate region 4398046511104 to datanode 2' }),
    );
    expect(onRetryTo).toHaveBeenCalledWith('2');
  });

  it('keeps the same-target retry for a rollback with another reason', () => {
    const abort =
      'The region migration procedure aborted, reason: Failed to upgrade the candidate region.';
    const sql = unreachable.sql;
    if (sql === undefined) throw new Error('no sql detail');
    renderUnreachable({
      ...unreachable,
      sql: { ...sql, failureReason: abort },
      outcome: { kind: 'rolled-back', evidence: `procedure_state says Failed: ${abort}` },
    });
    expect(screen.getByRole('button', { name: 'Re-read the route and retry' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: /^Retry: migrate/ })).toBeNull();
  });
});
