// @vitest-environment jsdom
/**
 * The migrate dialog with the API layer mocked at its module boundary. Leases are built on a
 * fixed MetaSrv clock, so liveness does not depend on when the test runs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as clusterApi from '../../api/cluster-api';
import * as migrationsApi from '../../api/migrations-api';
import * as distributionApi from '../../api/region-distribution-api';
import type { RegionDistribution } from '../../../contract/region-distribution';
import type { SubmitMigrationAnswer, TrackedMigration } from '../../../contract/tracked-migration';
import type { NodeLeases } from '../../domain/cluster-types';
import type { RegionRow } from '../../domain/region-row';
import type { CallerSuggestion } from '../../domain/suggested-target';
import { renderWithProviders } from '../../test/render-with-providers';
import { MigrateDialog } from './migrate-dialog';

vi.mock('../../api/migrations-api', () => ({
  fetchMigrations: vi.fn(),
  submitTrackedMigration: vi.fn(),
}));

/** The server's answer to a submission, with a record as it would build it. */
function answer(overrides: Partial<TrackedMigration>): SubmitMigrationAnswer {
  return {
    nowMs: 1,
    isRepeat: false,
    migration: {
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
      phase: 'submitting',
      procedureId: null,
      metasrvAddr: '127.0.0.1:3002',
      submissionNote: null,
      states: [],
      outcome: null,
      finishedAtMs: null,
      lastReadError: null,
      ...overrides,
    },
  };
}

vi.mock('../../api/region-distribution-api', () => ({
  fetchRegionDistribution: vi.fn(),
}));

vi.mock('../../api/cluster-api', () => ({
  fetchMetasrvStatus: vi.fn(),
  fetchTableRoute: vi.fn(),
  fetchNodeLeases: vi.fn(),
  submitRegionMigration: vi.fn(),
}));

const METASRV_NOW = 1_700_000_000_000;
const leases: NodeLeases = {
  leases: [
    { peerId: '0', addr: '10.0.0.10:4001', timestampMs: METASRV_NOW - 1_000, humanTime: '' },
    { peerId: '1', addr: '10.0.0.11:4001', timestampMs: METASRV_NOW - 3_000, humanTime: '' },
    // Expired 42 s ago: last heartbeat 52 s before MetaSrv's now, lease window 10 s.
    { peerId: '2', addr: '10.0.0.12:4001', timestampMs: METASRV_NOW - 52_000, humanTime: '' },
    { peerId: '3', addr: '10.0.0.13:4001', timestampMs: METASRV_NOW - 500, humanTime: '' },
  ],
  metasrvNowMs: METASRV_NOW,
};
const region: RegionRow = {
  regionId: '4398046511104',
  regionNumber: 0,
  partitionColumns: [],
  bounds: [],
  leaderPeerId: '0',
  leaderAddr: '10.0.0.10:4001',
  followerPeerIds: [],
  leaderStatus: null,
};
const routePeers = leases.leases.map((l) => ({ id: l.peerId, addr: l.addr }));

function renderDialog(
  initialTargetPeerId: string | null = null,
  callerSuggestion: CallerSuggestion | null = null,
) {
  const onClose = vi.fn();
  renderWithProviders(
    <MigrateDialog
      clusterId="default"
      tableId="1024"
      region={region}
      routePeers={routePeers}
      initialTargetPeerId={initialTargetPeerId}
      callerSuggestion={callerSuggestion}
      onClose={onClose}
    />,
  );
  return { onClose, user: userEvent.setup() };
}

beforeEach(() => {
  vi.mocked(clusterApi.fetchNodeLeases).mockResolvedValue(leases);
  // The follower re-reads the route; an unresolved read keeps it "in progress" for these tests.
  vi.mocked(clusterApi.fetchTableRoute).mockReturnValue(new Promise(() => undefined));
  vi.mocked(clusterApi.fetchMetasrvStatus).mockReturnValue(new Promise(() => undefined));
  // No heartbeat summary unless a test gives one: the picker works without it.
  vi.mocked(distributionApi.fetchRegionDistribution).mockReturnValue(new Promise(() => undefined));
  // An empty list: the dialog shows the record from the submission's answer.
  vi.mocked(migrationsApi.fetchMigrations).mockResolvedValue({
    nowMs: 1,
    isJournaled: true,
    migrations: [],
  });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('target datanode picker', () => {
  it('disables the current leader and dead datanodes, each with its reason', async () => {
    renderDialog();
    const dialog = await screen.findByRole('dialog', { name: 'Migrate region' });
    const group = await within(dialog).findByRole('radiogroup', { name: /Target datanode/ });

    const leader = within(group).getByRole('radio', { name: /Datanode 0/ });
    expect(leader).toBeDisabled();
    expect(leader).toHaveAccessibleDescription(/current leader/);

    const dead = within(group).getByRole('radio', { name: /Datanode 2/ });
    expect(dead).toBeDisabled();
    expect(dead).toHaveAccessibleDescription('lease expired 42 s ago');

    expect(within(group).getByRole('radio', { name: /Datanode 1/ })).toBeEnabled();
    expect(within(group).getByRole('radio', { name: /Datanode 3/ })).toBeEnabled();
  });
});

/** Heartbeat summary: datanode 1 busy, datanode 3 nearly idle; table 1024 has 3 regions. */
function summary(rowsReported: boolean, unitsReported = false): RegionDistribution {
  const dn = (peerId: string, regionCount: number, bytes: number, rows: number) => ({
    peerId,
    addr: `10.0.0.1${peerId}:4001`,
    statTimestampMs: METASRV_NOW - 1_000,
    regionCount,
    bytes,
    rows: rowsReported ? rows : 0,
    // A v0.7 cluster that measures load: units in proportion to the regions led.
    readUnits: unitsReported ? regionCount * 2 : 0,
    writeUnits: unitsReported ? regionCount : 0,
  });
  return {
    datanodes: [
      dn('0', 5, 5 * 1024 * 1024, 500),
      dn('1', 40, 3 * 1024 ** 3, 90_000),
      dn('2', 0, 0, 0),
      dn('3', 1, 2048, 7),
    ],
    tables: [
      {
        tableId: 1024,
        regionNumbers: [0, 1, 2],
        datanodeIndexes: [0, 1, 1],
        bytes: [1, 1, 1],
        rows: [0, 0, 0],
      },
    ],
    regionCount: 46,
    rowsReported,
    unitsReported,
    duplicateLeaders: 0,
    heartbeatBytes: 1,
  };
}

describe('target picker figures', () => {
  it('shows the datanodes panel’s figures beside each choice, without rows when unreported', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    renderDialog();
    const group = await screen.findByRole('radiogroup', { name: /Target datanode/ });

    const busy = within(group).getByRole('radio', { name: /Datanode 1/ });
    await vi.waitFor(() => {
      expect(busy).toHaveAccessibleDescription(
        'alive (last heartbeat 3 s ago) · leader regions: 2 of this table, 40 in the cluster · ≈ 3.0 GiB',
      );
    });
    expect(within(group).getByRole('radio', { name: /Datanode 3/ })).toHaveAccessibleDescription(
      'alive (last heartbeat 0 s ago) · leader regions: 0 of this table, 1 in the cluster · ≈ 2.0 KiB',
    );
    // Disabled choices keep their reason first, then the same figures.
    expect(within(group).getByRole('radio', { name: /Datanode 2/ })).toHaveAccessibleDescription(
      /^lease expired 42 s ago · leader regions: 0 of this table, 0 in the cluster/,
    );
    // Legacy datanodes report rows as 0: no misleading "0 rows", and the dialog says why.
    expect(group).not.toHaveTextContent(/rows ·|\d rows/);
    expect(group).toHaveTextContent(/Rows and read\/write units are not shown/);
  });

  it('adds rows where the cluster reports them', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(true));
    renderDialog();
    const group = await screen.findByRole('radiogroup', { name: /Target datanode/ });
    const busy = within(group).getByRole('radio', { name: /Datanode 1/ });
    await vi.waitFor(() => {
      expect(busy).toHaveAccessibleDescription(/≈ 3\.0 GiB · 90,000 rows$/);
    });
    expect(group).toHaveTextContent(/Read\/write units are not shown/);
  });

  it('adds rows and read/write units where a v0.7 cluster reports them (non-zero)', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(true, true));
    renderDialog();
    const group = await screen.findByRole('radiogroup', { name: /Target datanode/ });
    const busy = within(group).getByRole('radio', { name: /Datanode 1/ });
    await vi.waitFor(() => {
      expect(busy).toHaveAccessibleDescription(/≈ 3\.0 GiB · 90,000 rows · 80 RCU \/ 40 WCU$/);
    });
    expect(group).not.toHaveTextContent(/not shown/);
  });

  it('still offers targets when the heartbeat cannot be summarised, and says so', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockRejectedValue(
      new Error('MetaSrv 127.0.0.1:3002 timed out'),
    );
    renderDialog();
    const group = await screen.findByRole('radiogroup', { name: /Target datanode/ });
    expect(
      await within(group).findByText(/region counts and sizes are not shown/),
    ).toHaveTextContent('MetaSrv 127.0.0.1:3002 timed out');
    const target = within(group).getByRole('radio', { name: /Datanode 3/ });
    expect(target).toBeEnabled();
    expect(target).toHaveAccessibleDescription('alive (last heartbeat 0 s ago)');
  });
});

describe('suggested target', () => {
  it('preselects the alive datanode with the fewest regions, says why, and lets the user change it', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    const { user } = renderDialog();
    // Datanode 2 is emptier (0 regions) but dead, datanode 0 leads the region: 3 is lowest.
    expect(await screen.findByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: fewest regions (1) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: /Datanode 3/ })).toBeChecked();
    expect(
      screen.getByRole('button', { name: 'Migrate region 4398046511104 to datanode 3' }),
    ).toBeEnabled();

    await user.click(screen.getByRole('radio', { name: /Datanode 1/ }));
    expect(screen.getByRole('radio', { name: /Datanode 1/ })).toBeChecked();
    expect(
      screen.getByRole('button', { name: 'Migrate region 4398046511104 to datanode 1' }),
    ).toBeEnabled();
  });

  it('keeps a target chosen before the dialog opened (a drop on a datanode)', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    renderDialog('1');
    await screen.findByText(/Suggested: datanode 3/);
    expect(screen.getByRole('radio', { name: /Datanode 1/ })).toBeChecked();
    expect(
      screen.getByRole('button', { name: 'Migrate region 4398046511104 to datanode 1' }),
    ).toBeEnabled();
  });

  it('suggests by data size when the user weighs by it', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    const { user } = renderDialog();
    await screen.findByText(/Suggested: datanode 3/);
    await user.click(screen.getByRole('radio', { name: 'Bytes' }));
    expect(screen.getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: fewest bytes (2.0 KiB) among alive datanodes.',
    );
    // Legacy datanodes report no read/write units: no query-load weighting is offered.
    expect(screen.queryByRole('radio', { name: 'Query load' })).not.toBeInTheDocument();
  });

  it('suggests nothing, and preselects nothing, when the region counts cannot be read', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockRejectedValue(
      new Error('MetaSrv 127.0.0.1:3002 timed out'),
    );
    renderDialog();
    expect(await screen.findByTestId('suggested-target')).toHaveTextContent(
      /No suggestion: no alive datanode other than the current leader has a known region count/,
    );
    expect(screen.getByRole('radio', { name: /Datanode 3/ })).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Migrate region 4398046511104' })).toBeDisabled();
  });
});

/** What the hot list hands over: datanode 1 is coolest on query CPU, though it leads 40 regions. */
const hotListSuggestion = (peerId: string): CallerSuggestion => ({
  peerId,
  label: 'Query CPU',
  reason: `datanode ${peerId}: lowest query CPU (12 ms/s) among alive datanodes`,
});

describe('a suggestion from the opener (a hot region’s “Move…”)', () => {
  it('says the opener’s reason, preselects its datanode, and keeps the dialog’s own weightings', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    const { user } = renderDialog(null, hotListSuggestion('1'));
    // Not the region-count pick (datanode 3): the datanode the hot list chose, for its reason.
    expect(await screen.findByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 1: lowest query CPU (12 ms/s) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: /Datanode 1/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Query CPU' })).toBeChecked();
    expect(
      screen.getByRole('button', { name: 'Migrate region 4398046511104 to datanode 1' }),
    ).toBeEnabled();

    // The dialog's own rule is one click away, and the opener's comes back as it was.
    await user.click(screen.getByRole('radio', { name: 'Regions' }));
    expect(screen.getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: fewest regions (1) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: /Datanode 3/ })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Query CPU' }));
    expect(screen.getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 1: lowest query CPU (12 ms/s) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: /Datanode 1/ })).toBeChecked();
  });

  it('is shown even before the region counts arrive: the opener already ranked the datanodes', async () => {
    // The heartbeat summary never answers: the dialog has no figure of its own.
    renderDialog(null, hotListSuggestion('3'));
    expect(await screen.findByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: lowest query CPU (12 ms/s) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: /Datanode 3/ })).toBeChecked();
  });

  it('sets aside a suggested datanode that cannot take the region, says why, and suggests by its own rule', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    // Datanode 2's lease expired after the hot list was drawn.
    renderDialog(null, hotListSuggestion('2'));
    expect(await screen.findByTestId('suggestion-set-aside')).toHaveTextContent(
      'The suggestion by Query CPU, datanode 2, cannot take the region: lease expired 42 s ago.',
    );
    expect(screen.getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: fewest regions (1) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: /Datanode 3/ })).toBeChecked();
    expect(screen.getByRole('radio', { name: /Datanode 2/ })).not.toBeChecked();
    expect(screen.queryByRole('radio', { name: 'Query CPU' })).not.toBeInTheDocument();
  });

  it('without one, the dialog keeps its own region-count suggestion and no opener’s weighting', async () => {
    vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary(false));
    renderDialog();
    expect(await screen.findByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: fewest regions (1) among alive datanodes.',
    );
    expect(screen.getByRole('radio', { name: 'Regions' })).toBeChecked();
    expect(screen.queryByRole('radio', { name: 'Query CPU' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('suggestion-set-aside')).not.toBeInTheDocument();
  });
});

describe('replay timeout field', () => {
  it('is prefilled with 5m and enables submit once a target is chosen', async () => {
    const { user } = renderDialog();
    const field = screen.getByLabelText('Replay timeout');
    expect(field).toHaveValue('5m');

    expect(screen.getByRole('button', { name: 'Migrate region 4398046511104' })).toBeDisabled();
    await user.click(await screen.findByRole('radio', { name: /Datanode 3/ }));
    expect(
      screen.getByRole('button', { name: 'Migrate region 4398046511104 to datanode 3' }),
    ).toBeEnabled();
  });

  it.each([
    ['1.5s', /MetaSrv would reject this/],
    ['10', /MetaSrv would reject this/],
    ['5 x', /MetaSrv would reject this/],
  ])('disables submit for %j and says why', async (text, message) => {
    const { user } = renderDialog();
    await user.click(await screen.findByRole('radio', { name: /Datanode 3/ }));
    const field = screen.getByLabelText('Replay timeout');
    await user.clear(field);
    await user.type(field, text);

    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(message);
    const submit = screen.getByRole('button', {
      name: 'Migrate region 4398046511104 to datanode 3',
    });
    expect(submit).toBeDisabled();
    expect(submit).toHaveAccessibleDescription('Enter a valid replay timeout.');

    // Fixing it enables submit again.
    await user.clear(field);
    await user.type(field, '1h 30m');
    expect(field).not.toHaveAttribute('aria-invalid', 'true');
    expect(submit).toBeEnabled();
  });

  it('says a value is required when empty', async () => {
    const { user } = renderDialog();
    await user.clear(screen.getByLabelText('Replay timeout'));
    expect(screen.getByText('Required: enter a duration such as 5m.')).toBeInTheDocument();
  });
});

describe('submission', () => {
  // Submission goes to our server, which submits and follows (server/migrations); the dialog
  // shows the server's record. These tests answer with records as the server would.
  it('sends exactly what the button says and shows the procedure id', async () => {
    vi.mocked(migrationsApi.submitTrackedMigration).mockResolvedValue(
      answer({ phase: 'following', procedureId: 'b8f3b7a4-0d6f-4a55-9a1e-1f5a0f2c3d4e' }),
    );
    const { user } = renderDialog();
    await user.click(await screen.findByRole('radio', { name: /Datanode 1/ }));
    await user.click(
      screen.getByRole('button', { name: 'Migrate region 4398046511104 to datanode 1' }),
    );

    expect(await screen.findByText('b8f3b7a4-0d6f-4a55-9a1e-1f5a0f2c3d4e')).toBeInTheDocument();
    expect(migrationsApi.submitTrackedMigration).toHaveBeenCalledTimes(1);
    const [clusterId, body] = vi.mocked(migrationsApi.submitTrackedMigration).mock.calls[0] ?? [];
    expect(clusterId).toBe('default');
    expect(body?.request).toEqual({
      region_id: '4398046511104',
      from_peer_id: '0',
      to_peer_id: '1',
      replay_timeout: '5m',
    });
    expect(body?.idempotency_key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(screen.getByRole('status')).toHaveTextContent(
      /In progress: moving region 4398046511104/,
    );
  });

  it('says there is nothing to do when MetaSrv answers procedure_id null', async () => {
    vi.mocked(migrationsApi.submitTrackedMigration).mockResolvedValue(
      answer({
        phase: 'finished',
        outcome: { kind: 'already-there' },
        finishedAtMs: 2,
        request: {
          region_id: '4398046511104',
          from_peer_id: '0',
          to_peer_id: '3',
          replay_timeout: '5m',
        },
      }),
    );
    const { user } = renderDialog();
    await user.click(await screen.findByRole('radio', { name: /Datanode 3/ }));
    await user.click(screen.getByRole('button', { name: /to datanode 3/ }));

    expect(await screen.findByText(/already sits on\s+datanode 3/)).toBeInTheDocument();
  });

  it('quotes a MetaSrv refusal exactly, with a plain explanation', async () => {
    const text = 'Another migration procedure is running for region: 4398046511104(1024, 0)';
    vi.mocked(migrationsApi.submitTrackedMigration).mockResolvedValue(
      answer({
        phase: 'finished',
        outcome: { kind: 'refused', status: 500, text, metasrvAddr: '127.0.0.1:3002' },
        finishedAtMs: 2,
      }),
    );
    const { user } = renderDialog();
    await user.click(await screen.findByRole('radio', { name: /Datanode 3/ }));
    await user.click(screen.getByRole('button', { name: /to datanode 3/ }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText(text)).toBeInTheDocument();
    expect(alert).toHaveTextContent('Another migration of this region is running');
    expect(screen.getByRole('button', { name: 'Re-read the route and retry' })).toBeEnabled();
  });

  it('never re-sends when the outcome is unknown: the server follows the route', async () => {
    vi.mocked(migrationsApi.submitTrackedMigration).mockResolvedValue(
      answer({
        phase: 'following',
        submissionNote: 'MetaSrv 127.0.0.1:3002 did not answer within 10 s; the request was sent.',
      }),
    );
    const { user } = renderDialog();
    await user.click(await screen.findByRole('radio', { name: /Datanode 3/ }));
    await user.click(screen.getByRole('button', { name: /to datanode 3/ }));

    expect(await screen.findByText('MetaSrv’s answer is unknown')).toBeInTheDocument();
    expect(migrationsApi.submitTrackedMigration).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: /to datanode 3/ })).not.toBeInTheDocument();
  });
});
