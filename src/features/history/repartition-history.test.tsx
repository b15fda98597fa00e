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
import {
  CONSOLE_PID,
  OUTSIDE_PID,
  outsideMergeSubmitted,
  parentEvent,
  REFUSED_WITHOUT_GC,
  TRACKED_SPLIT,
} from '../../../contract/repartition/repartition-history.test-support';
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
        ...TRACKED_SPLIT,
        id: 'r2',
        kind: 'merge',
        statement:
          "ALTER TABLE greptime.public.monitor MERGE PARTITION (host >= 'ir' AND host < 'ri', host >= 'ri') WITH (WAIT = false)",
        procedureId: null,
        outcome: REFUSED_WITHOUT_GC,
      },
      TRACKED_SPLIT,
    ]);
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    const [refused, done] = within(table).getAllByRole('row').slice(1);
    expect(refused).toHaveTextContent('merge');
    expect(refused).toHaveTextContent(
      'refusedHTTP 400, code 1004: Invalid arguments: Repartition requires metasrv GC to be enabled',
    );
    expect(done).toHaveTextContent('split');
    expect(done).toHaveTextContent(TRACKED_SPLIT.statement);
    expect(done).toHaveTextContent(CONSOLE_PID);
    expect(done).toHaveTextContent('done');
    expect(done).toHaveTextContent('alice');
  });

  it('v1.2: merges GreptimeDB’s repartition events, a repartition from elsewhere outside this console', async () => {
    renderHistory(
      '1.2.0-beta.2',
      [TRACKED_SPLIT],
      [
        parentEvent(CONSOLE_PID, 100, 'Running', 'Submitted', {
          context: { reason: 'manual', protocol: 'httpsql' },
        }),
        outsideMergeSubmitted(100_000),
        parentEvent(OUTSIDE_PID, 105_000, 'Done', 'Succeeded'),
      ],
    );
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    const [outside, mine, ...more] = within(table).getAllByRole('row').slice(1);
    expect(more).toEqual([]);
    expect(outside).toHaveAttribute('data-source', 'cluster');
    expect(outside).toHaveTextContent(OUTSIDE_PID);
    expect(outside).toHaveTextContent('merge');
    expect(outside).toHaveTextContent('public.monitor (1024)');
    expect(outside).toHaveTextContent('from host >= ir AND host < ri; host >= ri');
    expect(outside).toHaveTextContent('to host >= ir');
    expect(outside).toHaveTextContent('2025-11-25T10:01:40.000000123Z');
    expect(outside).toHaveTextContent('done');
    expect(outside).toHaveTextContent('outside this console (reason manual, actor greptime)');
    // The console's own record, once, with the state the cluster recorded for it.
    expect(mine).toHaveAttribute('data-source', 'console+cluster');
    expect(mine).toHaveTextContent(TRACKED_SPLIT.statement);
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
    renderHistory('1.1.4', [TRACKED_SPLIT]);
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByTestId('repartition-events-unavailable')).toHaveTextContent(
      'GreptimeDB 1.1.4 records no repartition events',
    );
    expect(repartitionsApi.fetchRepartitionEvents).not.toHaveBeenCalled();
  });

  it('v1.2: events that cannot be read leave the console’s own listed, and say so', async () => {
    renderHistory('1.2.0', [TRACKED_SPLIT], new Error('frontend down'));
    const table = await screen.findByRole('table', { name: 'Repartition history' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'greptime_private.events could not be read, so only this console’s own repartitions are listed.',
    );
  });

  it('shows nothing where the cluster has no SPLIT/MERGE (before v1.0)', () => {
    renderHistory('0.16.0', [TRACKED_SPLIT]);
    expect(screen.queryByRole('heading', { name: 'Repartitions' })).toBeNull();
    expect(repartitionsApi.fetchRepartitions).not.toHaveBeenCalled();
  });
});
