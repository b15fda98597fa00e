// @vitest-environment jsdom
/**
 * A long history is read a page at a time, newest first, and the procedure id stays whole.
 * Each move names its actor (issue 15) and its plan run has a column.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MergedHistoryRow } from '../../../contract/merged-history';
import { renderWithProviders } from '../../test/render-with-providers';
import { HistoryTable, PAGE_SIZE } from './history-table';

afterEach(cleanup);

function row(n: number): MergedHistoryRow {
  return {
    key: `m-${String(n)}`,
    source: 'console',
    timeNs: String(1_764_064_800_000_000_000n - BigInt(n) * 1_000_000_000n),
    regionIds: [String(4398046511104 + n)],
    tableId: 1024,
    fromPeerId: '1',
    toPeerId: '2',
    timeout: '5m',
    procedureId: `0d3c6f1e-5b2a-4c7e-9f10-${String(n).padStart(12, '0')}`,
    trigger: null,
    outcome: 'done',
    detail: null,
    steps: [],
    durationMs: 4_000,
    startedBy: null,
    planRunId: null,
  };
}

const ROWS = Array.from({ length: 120 }, (_, n) => row(n));

function bodyRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: 'Migration history' });
  return within(table).getAllByRole('row').slice(1);
}

describe('HistoryTable', () => {
  it('shows the newest page first and pages through the rest', async () => {
    const user = userEvent.setup();
    renderWithProviders(<HistoryTable rows={ROWS} />);

    expect(bodyRows()).toHaveLength(PAGE_SIZE);
    expect(bodyRows()[0]).toHaveTextContent('4398046511104');
    expect(screen.getByRole('status')).toHaveTextContent('Rows 1–50 of 120, newest first');
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Older' }));
    await user.click(screen.getByRole('button', { name: 'Older' }));
    expect(screen.getByRole('status')).toHaveTextContent('Rows 101–120 of 120, newest first');
    expect(bodyRows()).toHaveLength(20);
    expect(bodyRows()[0]).toHaveTextContent(String(4398046511104 + 100));
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
  });

  it('a short history is one table with no paging controls', () => {
    renderWithProviders(<HistoryTable rows={ROWS.slice(0, 3)} />);
    expect(bodyRows()).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Older' })).toBeNull();
  });

  it('keeps a procedure id on one line', () => {
    renderWithProviders(<HistoryTable rows={ROWS.slice(0, 1)} />);
    const id = screen.getByText('0d3c6f1e-5b2a-4c7e-9f10-000000000000');
    expect(id).toHaveStyle({ whiteSpace: 'nowrap' });
  });

  it('names each move’s actor and its plan run', () => {
    const rows: MergedHistoryRow[] = [
      { ...row(0), startedBy: 'ana' },
      { ...row(1), startedBy: 'ana', planRunId: 'run-7' },
      { ...row(2), key: 'e-2', source: 'cluster', trigger: 'Failover', startedBy: 'greptime' },
    ];
    renderWithProviders(<HistoryTable rows={rows} />);
    const table = screen.getByRole('table', { name: 'Migration history' });
    expect(within(table).getByRole('columnheader', { name: 'Actor' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: 'Plan run' })).toBeInTheDocument();
    expect(screen.getAllByTestId('actor').map((cell) => cell.textContent)).toEqual([
      'manual (ana)',
      'plan run run-7 (ana)',
      'outside this console (trigger Failover, actor greptime)',
    ]);
    expect(bodyRows()[1]).toHaveTextContent('run-7');
  });
});
