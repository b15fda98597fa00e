// @vitest-environment jsdom
/**
 * One active weighting across views (issue 19): the weighting chosen on the cluster view is the
 * one a migrate dialog opened afterwards suggests by, a weighting changed in the dialog is the
 * one the cluster view shows next, and a weighting the cluster cannot rank targets on falls back
 * to region count, said so. The real cluster view and dialog share one WeightingProvider, as
 * App mounts it, and swap places as a page change would; the API layer is mocked at its module
 * boundary. Leases are on a fixed MetaSrv clock, so liveness does not depend on when it runs.
 */
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as clusterApi from '../api/cluster-api';
import * as migrationsApi from '../api/migrations-api';
import * as planRunsApi from '../api/plan-runs-api';
import * as distributionApi from '../api/region-distribution-api';
import type { RegionDistribution } from '../../contract/region-distribution';
import type { NodeLeases } from '../domain/cluster-types';
import type { RegionRow } from '../domain/region-row';
import { ClusterView } from '../features/cluster-view/cluster-view';
import { MigrateDialog } from '../features/migrate/migrate-dialog';
import { WeightingProvider } from '../preferences/weighting';
import { renderWithProviders } from '../test/render-with-providers';

vi.mock('../api/cluster-api', () => ({
  fetchMetasrvStatus: vi.fn(),
  fetchTableRoute: vi.fn(),
  fetchNodeLeases: vi.fn(),
  submitRegionMigration: vi.fn(),
}));
vi.mock('../api/migrations-api', () => ({
  fetchMigrations: vi.fn(),
  submitTrackedMigration: vi.fn(),
}));
vi.mock('../api/plan-runs-api', () => ({
  fetchPlanRuns: vi.fn(),
  startPlanRun: vi.fn(),
  controlPlanRun: vi.fn(),
}));
vi.mock('../api/region-distribution-api', () => ({
  fetchRegionDistribution: vi.fn(),
}));

const STORAGE_KEY = 'region-console.weighting';
const METASRV_NOW = 1_700_000_000_000;
const leases: NodeLeases = {
  leases: [
    { peerId: '0', addr: '10.0.0.10:4001', timestampMs: METASRV_NOW - 1_000, humanTime: '' },
    { peerId: '1', addr: '10.0.0.11:4001', timestampMs: METASRV_NOW - 2_000, humanTime: '' },
    // Expired: emptiest on every weighting, and never suggested.
    { peerId: '2', addr: '10.0.0.12:4001', timestampMs: METASRV_NOW - 52_000, humanTime: '' },
    { peerId: '3', addr: '10.0.0.13:4001', timestampMs: METASRV_NOW - 500, humanTime: '' },
  ],
  metasrvNowMs: METASRV_NOW,
};

/**
 * Datanode 0 leads the region. Of the others alive, datanode 1 leads the fewest regions but
 * holds the most bytes, datanode 3 the reverse: the weighting alone decides the suggestion.
 */
function summary(): RegionDistribution {
  const dn = (peerId: string, regionCount: number, bytes: number) => ({
    peerId,
    addr: `10.0.0.1${peerId}:4001`,
    statTimestampMs: METASRV_NOW - 1_000,
    regionCount,
    bytes,
    rows: 0,
    readUnits: 0,
    writeUnits: 0,
  });
  const datanodes = [
    dn('0', 5, 5 * 1024 ** 2),
    dn('1', 1, 3 * 1024 ** 3),
    dn('2', 0, 0),
    dn('3', 40, 2048),
  ];
  return {
    datanodes,
    tables: [
      {
        tableId: 1024,
        regionNumbers: [0, 1, 2],
        datanodeIndexes: [0, 1, 3],
        bytes: [1024, 1024, 1024],
        rows: [0, 0, 0],
      },
    ],
    regionCount: datanodes.reduce((sum, d) => sum + d.regionCount, 0),
    rowsReported: false,
    unitsReported: false,
    duplicateLeaders: 0,
    heartbeatBytes: 1,
  };
}

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

/** The cluster view, then (as after opening table 1024 and clicking a region) the dialog. */
function Console() {
  const [page, setPage] = useState<'cluster' | 'table'>('cluster');
  return (
    <WeightingProvider>
      {page === 'cluster' ? (
        <>
          <button
            type="button"
            onClick={() => {
              setPage('table');
            }}
          >
            Migrate region 4398046511104
          </button>
          <ClusterView
            clusterId="default"
            onOpenTable={() => undefined}
            renderMoveDialog={() => null}
          />
        </>
      ) : (
        <MigrateDialog
          clusterId="default"
          tableId="1024"
          region={region}
          routePeers={leases.leases.map((l) => ({ id: l.peerId, addr: l.addr }))}
          initialTargetPeerId={null}
          onClose={() => {
            setPage('cluster');
          }}
        />
      )}
    </WeightingProvider>
  );
}

async function renderConsole() {
  renderWithProviders(<Console />);
  const user = userEvent.setup();
  const control = await screen.findByRole('radiogroup', { name: 'Weight regions by' });
  return { user, control };
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Migrate region 4398046511104' }));
  const dialog = await screen.findByRole('dialog', { name: 'Migrate region' });
  await within(dialog).findByText(/^Suggested: /);
  return dialog;
}

beforeEach(() => {
  window.localStorage.clear();
  vi.mocked(clusterApi.fetchNodeLeases).mockResolvedValue(leases);
  vi.mocked(clusterApi.fetchTableRoute).mockReturnValue(new Promise(() => undefined));
  vi.mocked(clusterApi.fetchMetasrvStatus).mockReturnValue(new Promise(() => undefined));
  vi.mocked(distributionApi.fetchRegionDistribution).mockResolvedValue(summary());
  vi.mocked(planRunsApi.fetchPlanRuns).mockReturnValue(new Promise(() => undefined));
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

describe('the active weighting, from the cluster view to the migrate dialog', () => {
  it('untouched, the dialog suggests the alive datanode with the fewest regions', async () => {
    const { user, control } = await renderConsole();
    expect(within(control).getByRole('radio', { name: 'Regions' })).toBeChecked();
    const dialog = await openDialog(user);
    expect(within(dialog).getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 1: fewest regions (1) among alive datanodes.',
    );
    expect(within(dialog).getByRole('radio', { name: /Datanode 1/ })).toBeChecked();
  });

  it('bytes chosen on the cluster view: the dialog preselects the alive datanode with the fewest bytes, and says so', async () => {
    const { user, control } = await renderConsole();
    await user.click(within(control).getByRole('radio', { name: 'Bytes' }));
    expect(within(control).getByRole('radio', { name: 'Bytes' })).toBeChecked();
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('bytes');

    const dialog = await openDialog(user);
    expect(within(dialog).getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 3: fewest bytes (2.0 KiB) among alive datanodes.',
    );
    expect(within(dialog).getByRole('radio', { name: /Datanode 3/ })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: 'Bytes' })).toBeChecked();
    expect(within(dialog).queryByTestId('weighting-set-aside')).not.toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Migrate region 4398046511104 to datanode 3' }),
    ).toBeEnabled();
  });

  it('a weighting changed in the dialog is the cluster view’s next', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'bytes');
    const { user } = await renderConsole();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('radio', { name: 'Regions' }));
    expect(within(dialog).getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 1: fewest regions (1) among alive datanodes.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    const control = await screen.findByRole('radiogroup', { name: 'Weight regions by' });
    expect(within(control).getByRole('radio', { name: 'Regions' })).toBeChecked();
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('count');
  });

  it('query load where the cluster reports none: both views weigh regions and say why, and the choice is kept', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'load');
    const { user, control } = await renderConsole();
    expect(within(control).getByRole('radio', { name: 'Regions' })).toBeChecked();
    expect(screen.getByTestId('weighting-fallback')).toHaveTextContent(
      'The active weighting is query load, which ranks migrate targets only',
    );

    const dialog = await openDialog(user);
    expect(within(dialog).getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 1: fewest regions (1) among alive datanodes.',
    );
    expect(within(dialog).getByRole('radio', { name: 'Regions' })).toBeChecked();
    expect(within(dialog).getByTestId('weighting-set-aside')).toHaveTextContent(
      'Suggested by region count rather than query load, the active weighting: this cluster’s datanodes do not report it.',
    );
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('load');
  });

  it('rows, which no target is ranked on: the dialog suggests by region count and says why', async () => {
    window.localStorage.setItem(STORAGE_KEY, 'rows');
    const { user } = await renderConsole();
    // These datanodes report 0 rows (v0.7), so the cluster view weighs regions too.
    expect(screen.getByTestId('weighting-fallback')).toHaveTextContent(
      'The active weighting is rows, which these datanodes report as 0: this view weighs regions.',
    );
    const dialog = await openDialog(user);
    expect(within(dialog).getByTestId('suggested-target')).toHaveTextContent(
      'Suggested: datanode 1: fewest regions (1) among alive datanodes.',
    );
    expect(within(dialog).getByTestId('weighting-set-aside')).toHaveTextContent(
      'Suggested by region count rather than rows, the active weighting: a target is suggested on regions, bytes or query load only.',
    );
  });
});
