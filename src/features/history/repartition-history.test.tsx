// @vitest-environment jsdom
/**
 * History lists the splits and merges this console submitted, with GreptimeDB's text for the
 * ones that failed or were refused; clusters without SPLIT/MERGE show no such section. The
 * server's endpoint is mocked at the API module, the connection put in the query cache.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import * as repartitionsApi from '../../api/repartitions-api';
import { connectionQuery } from '../../api/cluster-api-resolver';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import type { TrackedRepartition } from '../../../contract/repartition/repartition-api';
import { RepartitionHistory } from './repartition-history';

vi.mock('../../api/repartitions-api', () => ({
  fetchRepartitions: vi.fn(),
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

function renderHistory(version: string, records: TrackedRepartition[]) {
  vi.mocked(repartitionsApi.fetchRepartitions).mockResolvedValue({
    nowMs: 1_764_064_900_000,
    repartitions: records,
  });
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

describe('RepartitionHistory', () => {
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

  it('shows nothing where the cluster has no SPLIT/MERGE (before v1.0)', () => {
    renderHistory('0.16.0', [BASE]);
    expect(screen.queryByRole('heading', { name: 'Repartitions' })).toBeNull();
    expect(repartitionsApi.fetchRepartitions).not.toHaveBeenCalled();
  });
});
