// @vitest-environment jsdom
/**
 * History lists the splits and merges this console submitted, with GreptimeDB's text for the
 * ones that failed or were refused, merged on v1.2 with GreptimeDB's repartition events (one row
 * per procedure; the others "outside this console"); clusters without SPLIT/MERGE show no such
 * section. The server's endpoints are mocked at the API module, the connection put in the query
 * cache.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import * as repartitionsApi from '../../api/repartitions-api';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';
import type { RepartitionEvent } from '../../../contract/repartition/repartition-events';
import { RepartitionHistory } from './repartition-history';

vi.mock('../../api/repartitions-api', () => ({
  fetchRepartitions: vi.fn(),
  fetchRepartitionEvents: vi.fn(),
  submitRepartition: vi.fn(),
}));

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

const BASE: TrackedRepartition = {
  id: 'r1',
  clusterId: 'prod-eu',
  idempotencyKey: 'key-00000001',
  table: { catalog: 'greptime', schema: 'public', name: 'monitor', tableId: 1024 },
  kind: 'split',
  statement:
    "ALTER TABLE greptime.public.monitor SPLIT PARTITION (host < 'ir') INTO (host < 'e', host >= 'e' AND host < 'ir') WITH (WAIT = false)",
  sourceExprs: ["host < 'ir'"],
  targetExprs: ["host < 'e'", "host >= 'e' AND host < 'ir'"],
  replaced: [{ regionId: '4398046511104', rule: 'host < ir' }],
  allocatedRegionIds: ['4398046511107'],
  deallocatedRegionIds: [],
  timeoutMs: 60_000,
  startedBy: 'alice',
  submittedAtMs: 1_764_064_800_000,
  phase: 'finished',
  procedureId: '6f0c2b1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f',
  frontendAddr: '127.0.0.1:4000',
  states: [],
  outcome: { kind: 'done' },
  finishedAtMs: 1_764_064_809_000,
  lastReadError: null,
};

function renderHistory(
  version: string,
  records: TrackedRepartition[],
  events: RepartitionEvent[] | Error = [],
) {
  vi.mocked(repartitionsApi.fetchRepartitions).mockResolvedValue({
    nowMs: 1_764_064_900_000,
    repartitions: records,
  });
  if (events instanceof Error) {
    vi.mocked(repartitionsApi.fetchRepartitionEvents).mockRejectedValue(events);
  } else {
    vi.mocked(repartitionsApi.fetchRepartitionEvents).mockResolvedValue(events);
  }
  const client = createTestQueryClient();
  client.setQueryData(connectionQuery('prod-eu').queryKey, {
    generation: 'sql',
    version,
    detectedBy: 'cluster-info',
    frontendAddr: '127.0.0.1:4000',
    frontendOrigin: 'http://127.0.0.1:4000',
    hasFrontendCredentials: false,
    problem: null,
    checkedAtMs: Date.now(),
  });
  renderWithProviders(<RepartitionHistory clusterId="prod-eu" />, client);
}

// Renders Mantine tables in jsdom: seconds each on a loaded machine.
describe('RepartitionHistory', { timeout: 15_000 }, () => {
  it('lists each split and merge with its statement, procedure, outcome and who', async () => {
    renderHistory('1.2.0', [
      {
        ...BASE,
        id: 'r2',
        kind: 'merge',
        statement:
          "ALTER TABLE greptime.public.monitor MERGE PARTITION (host >= 'ir' AND host < 'ri', host >= 'ri') WITH (WAIT = false)",
        procedureId: null,
        outcome: {
          kind: 'refused',
          httpStatus: 400,
          code: 1004,
          message: 'Invalid arguments: Repartition requires metasrv GC to be enabled',
        },
      },
      BASE,
    ]);
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    const [refused, done] = within(table).getAllByRole('row').slice(1);
    expect(refused).toHaveTextContent('merge');
    expect(refused).toHaveTextContent(
      'refusedHTTP 400, code 1004: Invalid arguments: Repartition requires metasrv GC to be enabled',
    );
    expect(done).toHaveTextContent('split');
    expect(done).toHaveTextContent(BASE.statement);
    expect(done).toHaveTextContent('6f0c2b1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f');
    expect(done).toHaveTextContent('done');
    expect(done).toHaveTextContent('alice');
  });

  it('v1.2: merges GreptimeDB’s repartition events, a repartition from elsewhere outside this console', async () => {
    const OUTSIDE = 'c2d4e6f8-0a1b-4c3d-9e5f-7a8b9c0d1e2f';
    const common = {
      error: null,
      actor: 'greptime',
      catalog: 'greptime',
      schema: 'public',
      tableName: 'monitor',
      tableId: 1024,
      isPayloadUnread: false,
      payload: null,
    } as const;
    const trigger = (type: string) => ({
      type,
      attempt: null,
      phase: null,
      outcome: null,
      childProcedureId: null,
    });
    renderHistory(
      '1.2.0-beta.2',
      [BASE],
      [
        {
          ...common,
          type: 'repartition',
          timestampNs: '1764064800100000000',
          procedureId: BASE.procedureId,
          state: 'Running',
          trigger: trigger('Submitted'),
          context: { reason: 'manual', protocol: 'httpsql' },
        },
        {
          ...common,
          type: 'repartition',
          timestampNs: '1764064900000000001',
          procedureId: OUTSIDE,
          state: 'Running',
          trigger: trigger('Submitted'),
          context: { reason: 'manual', protocol: 'mysql' },
          payload: {
            sourceType: 'partitioned',
            sourcePartitionExprs: ['host >= ir AND host < ri', 'host >= ri'],
            targetPartitionExprs: ['host >= ir'],
            targetPartitionColumns: null,
            timeout: '1m',
          },
        },
        {
          ...common,
          type: 'repartition',
          timestampNs: '1764064905000000002',
          procedureId: OUTSIDE,
          state: 'Done',
          trigger: trigger('Succeeded'),
          context: null,
        },
      ],
    );
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    const [outside, mine, ...more] = within(table).getAllByRole('row').slice(1);
    expect(more).toEqual([]);
    expect(outside).toHaveAttribute('data-source', 'cluster');
    expect(outside).toHaveTextContent(OUTSIDE);
    expect(outside).toHaveTextContent('merge');
    expect(outside).toHaveTextContent('public.monitor (1024)');
    expect(outside).toHaveTextContent('from host >= ir AND host < ri; host >= ri');
    expect(outside).toHaveTextContent('to host >= ir');
    expect(outside).toHaveTextContent('2025-11-25T10:01:40.000000001Z');
    expect(outside).toHaveTextContent('done');
    expect(outside).toHaveTextContent('outside this console (reason manual, actor greptime)');
    // The console's own record, once, with the state the cluster recorded for it.
    expect(mine).toHaveAttribute('data-source', 'console+cluster');
    expect(mine).toHaveTextContent(BASE.statement);
    expect(mine).toHaveTextContent('this console (alice)');
    expect(within(mine as HTMLElement).getByTestId('event-states')).toHaveTextContent(
      'Running (Submitted)',
    );
    expect(screen.getByTestId('repartition-events-available')).toHaveTextContent(
      'including those made outside this console',
    );
    const csv = screen.getByRole('link', { name: 'Export repartitions CSV' });
    expect(decodeURIComponent(csv.getAttribute('href') ?? '')).toContain(
      `cluster,merge,greptime,public.monitor,1024`,
    );
  });

  it('v1.1: only the console’s own, and says GreptimeDB records no repartition events there', async () => {
    renderHistory('1.1.4', [BASE]);
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByTestId('repartition-events-unavailable')).toHaveTextContent(
      'GreptimeDB 1.1.4 records no repartition events',
    );
    expect(repartitionsApi.fetchRepartitionEvents).not.toHaveBeenCalled();
  });

  it('v1.2: events that cannot be read leave the console’s own listed, and say so', async () => {
    renderHistory('1.2.0', [BASE], new Error('frontend down'));
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'greptime_private.events could not be read, so only this console’s own repartitions are listed.',
    );
  });

  it('shows nothing where the cluster has no SPLIT/MERGE (before v1.0)', () => {
    renderHistory('0.16.0', [BASE]);
    expect(screen.queryByRole('heading', { name: 'Repartitions' })).toBeNull();
    expect(repartitionsApi.fetchRepartitions).not.toHaveBeenCalled();
  });
});
