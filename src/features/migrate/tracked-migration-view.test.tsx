// @vitest-environment jsdom
/**
 * Read-only mode (issue 6) hides the retry of a refused migration wherever the record is
 * shown (the dialog and the Migrations tray both render this view); the server refusing
 * mutating calls stays the real guard.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { CanMutateProvider } from '../../components/permissions';
import type { TrackedMigration } from '../../../contract/tracked-migration';
import { renderWithProviders } from '../../test/render-with-providers';
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
