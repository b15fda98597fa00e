// @vitest-environment jsdom
/**
 * Split and merge from a table's header, with the server's repartition endpoints mocked at the
 * API module and the page's other reads (connection, route, table name) put in the query cache
 * as the SQL path would give them: a v1.2 cluster named prod-eu and API.md §7.4's table.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as repartitionsApi from '../../api/repartitions-api';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { CanMutateProvider } from '../../components/permissions';
import { maintenanceQueries } from '../../queries/maintenance-queries';
import { routeQueries } from '../../queries/route-queries';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import type { ConnectionInfo } from '../../../contract/sql-contract';
import type { TableRoute } from '../../domain/cluster-types';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';
import { repartitionErrors } from '../../../contract/repartition/preconditions';
import { RepartitionControls } from './repartition-controls';
import {
  RULES,
  TABLE_SUMMARY,
  regionRoutesOf,
  trackedRepartition,
} from './repartition.test-support';

vi.mock('../../api/repartitions-api', () => ({
  fetchRepartitions: vi.fn(),
  submitRepartition: vi.fn(),
}));

// A Mantine modal re-rendered per pasted field and click takes seconds on a busy shared
// machine; the default 5 s per test is too tight for the longest walk-throughs.
vi.setConfig({ testTimeout: 20_000 });

const CLUSTER = 'prod-eu';
const SPLIT_STATEMENT =
  'ALTER TABLE greptime.public.repartition_mito_table SPLIT PARTITION (id < 10) INTO (id < 5, id >= 5 AND id < 10) WITH (WAIT = false)';

function connection(version: string | null): ConnectionInfo {
  return {
    generation: 'sql',
    version,
    detectedBy: 'cluster-info',
    frontendAddr: '127.0.0.1:4000',
    frontendOrigin: 'http://127.0.0.1:4000',
    hasFrontendCredentials: true,
    problem: null,
    checkedAtMs: Date.now(),
  };
}

interface RenderOptions {
  version?: string | null;
  isLogical?: boolean;
  canMutate?: boolean;
  records?: TrackedRepartition[];
}

function renderControls({
  version = '1.2.0-beta.2',
  isLogical = false,
  canMutate = true,
  records = [],
}: RenderOptions = {}) {
  const client = createTestQueryClient();
  client.setQueryData(connectionQuery(CLUSTER).queryKey, connection(version));
  const route: TableRoute = {
    type: 'physical',
    tableId: 1024,
    version: '',
    regionRoutes: regionRoutesOf(RULES),
    wireForm: 'sql',
  };
  client.setQueryData(routeQueries.byTableId(CLUSTER, '1024').queryKey, route);
  client.setQueryData(maintenanceQueries.tableName(CLUSTER, '1024').queryKey, TABLE_SUMMARY);
  renderWithProviders(
    <CanMutateProvider value={canMutate}>
      <RepartitionControls
        clusterId={CLUSTER}
        tableId="1024"
        isLogical={isLogical}
        records={records}
      />
    </CanMutateProvider>,
    client,
  );
  return userEvent.setup({ delay: null });
}

async function openSplit(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Split partition…' }));
  const dialog = await screen.findByRole('dialog', {
    name: 'Split a partition of public.repartition_mito_table',
  });
  await user.selectOptions(
    within(dialog).getByLabelText('Partition to split'),
    within(dialog).getByRole('option', { name: 'p0 · region 4398046511104 · id < 10' }),
  );
  return dialog;
}

async function writeSplit(
  user: ReturnType<typeof userEvent.setup>,
  dialog: HTMLElement,
  first: string,
  second: string,
) {
  // Pasted, not typed key by key: each change is checked the same way, and a slow shared
  // machine re-renders the dialog once per field rather than once per key.
  for (const [label, text] of [
    ['New expression 1', first],
    ['New expression 2', second],
  ] as const) {
    const field = within(dialog).getByLabelText(label);
    await user.clear(field);
    await user.click(field);
    await user.paste(text);
  }
}

beforeEach(() => {
  vi.mocked(repartitionsApi.fetchRepartitions).mockResolvedValue({
    nowMs: 1_000,
    repartitions: [],
  });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('where split and merge are offered', () => {
  it('offers both on a partitioned physical table of v1.0 and later', () => {
    renderControls({ version: '1.0.0' });
    expect(screen.getByRole('button', { name: 'Split partition…' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Merge partitions…' })).toBeEnabled();
  });

  it('offers nothing in read-only mode or before v1.0.0-rc.1', () => {
    renderControls({ canMutate: false });
    expect(screen.queryByRole('button', { name: 'Split partition…' })).toBeNull();
    cleanup();
    renderControls({ version: '1.0.0-beta.3' });
    expect(screen.queryByRole('button', { name: 'Split partition…' })).toBeNull();
  });

  it('says why a logical table cannot be split, in GreptimeDB’s words', () => {
    renderControls({ isLogical: true });
    expect(screen.queryByRole('button', { name: 'Split partition…' })).toBeNull();
    expect(screen.getByTestId('repartition-unavailable')).toHaveTextContent(
      repartitionErrors.logicalTable(),
    );
  });
});

describe('the split form', () => {
  it('checks each expression as it is typed and sends nothing while one is wrong', async () => {
    const user = renderControls();
    const dialog = await openSplit(user);
    expect(within(dialog).getByTestId('source-rule')).toHaveTextContent('id < 10');
    await writeSplit(user, dialog, 'id < 5', 'idd >= 5');

    const second = within(dialog).getByLabelText('New expression 2');
    expect(second).toHaveAccessibleDescription(
      /idd is not a partition column of this table \(partition columns: id\).*GreptimeDB would answer Cannot find column by name: idd/,
    );
    expect(within(dialog).getByRole('button', { name: 'Review and confirm…' })).toBeDisabled();

    await writeSplit(user, dialog, 'id < 6', 'id >= 5 AND id < 10');
    expect(within(dialog).getByLabelText('New expression 2')).toHaveAccessibleDescription(
      /id=5 falls in both new expression 1 and 2.*Checkpoint `id=5` is overlapped/,
    );
    expect(within(dialog).queryByTestId('repartition-preview')).toBeNull();
    expect(repartitionsApi.submitRepartition).not.toHaveBeenCalled();
  });

  it('previews the partitions, the allocated region and the exact statement', async () => {
    const user = renderControls();
    const dialog = await openSplit(user);
    await writeSplit(user, dialog, 'id < 5', 'id >= 5 AND id < 10');

    const preview = within(dialog).getByTestId('repartition-preview');
    const rows = within(
      within(preview).getByRole('table', { name: 'Partitions after the split' }),
    ).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.textContent)).toEqual([
      'p04398046511104id < 5new rule',
      'p14398046511105id >= 10 AND id < 20unchanged',
      'p24398046511106id >= 20unchanged',
      'p34398046511107id >= 5 AND id < 10new region',
    ]);
    expect(within(preview).getByTestId('allocated-regions')).toHaveTextContent(
      'Region 4398046511107 (region number 3)',
    );
    // max_region_number is not shown over SQL: the numbers may be higher.
    expect(within(preview).getByTestId('numbering-not-exact')).toBeVisible();
    expect(within(preview).getByTestId('repartition-statement')).toHaveTextContent(SPLIT_STATEMENT);
    expect(within(preview).getByTestId('curl-command')).toHaveTextContent(
      'curl -X POST -u "$GREPTIME_AUTH" \'http://127.0.0.1:4000/v1/sql?db=greptime-public\' --data-urlencode',
    );
    const unchecked = within(preview).getByRole('list', {
      name: 'Preconditions the console cannot check',
    });
    expect(within(unchecked).getByText(/MetaSrv GC is enabled/)).toBeVisible();
    expect(within(unchecked).getByText(/shared object storage/)).toBeVisible();
  });

  it('lists no GC precondition on v1.1, which has none', async () => {
    const user = renderControls({ version: '1.1.4' });
    const dialog = await openSplit(user);
    await writeSplit(user, dialog, 'id < 5', 'id >= 5 AND id < 10');
    const unchecked = within(dialog).getByRole('list', {
      name: 'Preconditions the console cannot check',
    });
    expect(within(unchecked).queryByText(/MetaSrv GC/)).toBeNull();
  });
});

describe('the confirmation', () => {
  it('sends only once the cluster’s name is typed, then follows the record to its end', async () => {
    const running = trackedRepartition({});
    vi.mocked(repartitionsApi.submitRepartition).mockResolvedValue({
      nowMs: 1_200,
      repartition: running,
      isRepeat: false,
    });
    const user = renderControls();
    const dialog = await openSplit(user);
    await writeSplit(user, dialog, 'id < 5', 'id >= 5 AND id < 10');
    await user.click(within(dialog).getByRole('button', { name: 'Review and confirm…' }));

    expect(within(dialog).getByTestId('confirm-statement')).toHaveTextContent(SPLIT_STATEMENT);
    expect(within(dialog).getByRole('list', { name: 'Partitions replaced' })).toHaveTextContent(
      'Region 4398046511104: id < 10',
    );
    const send = within(dialog).getByRole('button', {
      name: 'Split region 4398046511104 into 2 partitions',
    });
    expect(send).toBeDisabled();
    const name = within(dialog).getByLabelText('Type the cluster’s name “prod-eu” to confirm');
    await user.type(name, 'prod-e');
    expect(send).toBeDisabled();

    // The list the dialog polls has the record, then its end.
    vi.mocked(repartitionsApi.fetchRepartitions).mockResolvedValue({
      nowMs: 5_000,
      repartitions: [
        trackedRepartition({
          phase: 'finished',
          states: [
            { status: 'Running', atMs: 1_100 },
            { status: 'Done', atMs: 4_000 },
          ],
          outcome: { kind: 'done' },
          finishedAtMs: 4_000,
        }),
      ],
    });
    await user.type(name, 'u');
    await user.click(send);

    expect(repartitionsApi.submitRepartition).toHaveBeenCalledWith(CLUSTER, {
      table: { catalog: 'greptime', schema: 'public', name: 'repartition_mito_table' },
      change: { kind: 'split', source: 'id < 10', targets: ['id < 5', 'id >= 5 AND id < 10'] },
      idempotency_key: expect.any(String) as string,
    });
    await waitFor(() => {
      expect(within(dialog).getByTestId('repartition-headline')).toHaveTextContent(
        'Done: split region 4398046511104 of public.repartition_mito_table into 2 partitions.',
      );
    });
    expect(within(dialog).getByTestId('procedure-id')).toHaveTextContent(running.procedureId ?? '');
  });

  it('explains a failed procedure with the precondition GreptimeDB’s reason names', async () => {
    const reason = repartitionErrors.objectStorageRequired('4398046511107(1024, 3)');
    vi.mocked(repartitionsApi.submitRepartition).mockResolvedValue({
      nowMs: 9_000,
      repartition: trackedRepartition({
        phase: 'finished',
        states: [
          { status: 'Running', atMs: 1_100 },
          { status: 'RollingBack', atMs: 3_000 },
          { status: 'Failed', atMs: 4_000 },
        ],
        outcome: { kind: 'failed', reason },
        finishedAtMs: 4_000,
      }),
      isRepeat: false,
    });
    const user = renderControls();
    const dialog = await openSplit(user);
    await writeSplit(user, dialog, 'id < 5', 'id >= 5 AND id < 10');
    await user.click(within(dialog).getByRole('button', { name: 'Review and confirm…' }));
    await user.click(within(dialog).getByLabelText(/Type the cluster’s name/));
    await user.paste(CLUSTER);
    await user.click(within(dialog).getByRole('button', { name: /^Split region/ }));

    const alert = await within(dialog).findByRole('alert', { name: 'The procedure failed' });
    expect(within(alert).getByTestId('greptime-reason')).toHaveTextContent(reason);
    expect(within(alert).getByTestId('unmet-precondition')).toHaveTextContent(
      'Precondition not met (step 10 of GreptimeDB’s checks): Datanodes keep region data on shared object storage',
    );
    expect(within(dialog).getByTestId('repartition-headline')).toHaveTextContent(
      'Failed: the procedure did not split region 4398046511104 of public.repartition_mito_table into 2 partitions and rolled back.',
    );
  });

  it('quotes a refusal exactly, with the precondition it names', async () => {
    const message =
      'Invalid arguments: Repartition requires metasrv GC to be enabled, code: InvalidArguments, tonic code: Client specified an invalid argument';
    vi.mocked(repartitionsApi.submitRepartition).mockResolvedValue({
      nowMs: 2_000,
      repartition: trackedRepartition({
        phase: 'finished',
        procedureId: null,
        states: [],
        outcome: { kind: 'refused', httpStatus: 400, code: 1004, message },
        finishedAtMs: 1_500,
      }),
      isRepeat: false,
    });
    const user = renderControls();
    const dialog = await openSplit(user);
    await writeSplit(user, dialog, 'id < 5', 'id >= 5 AND id < 10');
    await user.click(within(dialog).getByRole('button', { name: 'Review and confirm…' }));
    await user.click(within(dialog).getByLabelText(/Type the cluster’s name/));
    await user.paste(CLUSTER);
    await user.click(within(dialog).getByRole('button', { name: /^Split region/ }));

    const alert = await within(dialog).findByRole('alert', {
      name: 'GreptimeDB refused the statement',
    });
    expect(alert).toHaveTextContent('Frontend 127.0.0.1:4000 said (HTTP 400, code 1004):');
    expect(within(alert).getByTestId('greptime-reason')).toHaveTextContent(message);
    expect(within(alert).getByTestId('unmet-precondition')).toHaveTextContent(
      'MetaSrv GC is enabled',
    );
  });
});

describe('the merge form', () => {
  it('refuses partitions that are not adjacent and previews adjacent ones', async () => {
    const user = renderControls();
    await user.click(screen.getByRole('button', { name: 'Merge partitions…' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Merge partitions of public.repartition_mito_table',
    });
    const group = within(dialog).getByRole('group', { name: /Partitions to merge/ });
    await user.click(within(group).getByLabelText('p0 · region 4398046511104 · id < 10'));
    await user.click(within(group).getByLabelText('p2 · region 4398046511106 · id >= 20'));
    expect(within(dialog).getByRole('alert', { name: 'This cannot be sent' })).toHaveTextContent(
      'the selected partitions are not adjacent (id < 10, id >= 20): their union is not one range',
    );
    expect(within(dialog).getByRole('button', { name: 'Review and confirm…' })).toBeDisabled();

    await user.click(within(group).getByLabelText('p0 · region 4398046511104 · id < 10'));
    await user.click(
      within(group).getByLabelText('p1 · region 4398046511105 · id >= 10 AND id < 20'),
    );
    const preview = within(dialog).getByTestId('repartition-preview');
    expect(within(preview).getByRole('list', { name: 'Regions replaced' })).toHaveTextContent(
      'Region 4398046511106 (id >= 20): dropped after the merge',
    );
    expect(within(preview).getByTestId('repartition-statement')).toHaveTextContent(
      'ALTER TABLE greptime.public.repartition_mito_table MERGE PARTITION (id >= 10 AND id < 20, id >= 20) WITH (WAIT = false)',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Review and confirm…' }));
    expect(
      within(dialog).getByRole('button', { name: 'Merge 2 partitions into region 4398046511105' }),
    ).toBeDisabled();
  });
});

describe('a repartition of this table that still runs', () => {
  it('is named in the header, with its progress a click away', async () => {
    vi.mocked(repartitionsApi.fetchRepartitions).mockResolvedValue({
      nowMs: 2_000,
      repartitions: [trackedRepartition({})],
    });
    const user = renderControls({ records: [trackedRepartition({})] });
    expect(screen.getByTestId('repartition-running')).toHaveTextContent(
      'Running: split region 4398046511104 of public.repartition_mito_table into 2 partitions…',
    );
    await user.click(screen.getByRole('button', { name: 'Show progress' }));
    const dialog = await screen.findByRole('dialog');
    const procedureId = await within(dialog).findByTestId('procedure-id');
    // The modal fades in: visible once its transition has run, however slow the machine.
    await waitFor(() => {
      expect(procedureId).toBeVisible();
    });
  });
});
