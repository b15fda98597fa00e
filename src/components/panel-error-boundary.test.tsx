// @vitest-environment jsdom
/**
 * A panel whose render throws is replaced by an alert naming the panel and the error; the rest
 * of the page stays. The panel comes back with its button once the cause is gone, or by itself
 * when what it shows (its resetKeys) changes; a query that failed into the boundary is asked
 * again on reset rather than handed its cached error.
 */
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { renderWithProviders } from '../test/render-with-providers';
import { PanelErrorBoundary } from './panel-error-boundary';

afterEach(cleanup);

beforeEach(() => {
  // The boundary logs each crash for a bug report, and React reports caught errors too.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

/** Throws while `cause.isBroken`; a module-level switch stands in for a bug being fixed. */
const cause = { isBroken: true };

function FragilePanel({ tableId }: { tableId: number }) {
  if (cause.isBroken) throw new Error(`Cannot read regions of table ${String(tableId)}`);
  return <p>Regions of table {tableId}</p>;
}

describe('PanelErrorBoundary', () => {
  beforeEach(() => {
    cause.isBroken = true;
  });

  it('replaces only the failed panel with its name and the error, and "Try again" brings it back', async () => {
    renderWithProviders(
      <>
        <PanelErrorBoundary panelName="region grid">
          <FragilePanel tableId={1024} />
        </PanelErrorBoundary>
        <p>Leader: 127.0.0.1:3002</p>
      </>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The region grid panel failed');
    expect(alert).toHaveTextContent('Cannot read regions of table 1024');
    expect(screen.getByText('Leader: 127.0.0.1:3002')).toBeVisible();
    expect(console.error).toHaveBeenCalledWith(
      'Panel "region grid" crashed',
      expect.any(Error),
      expect.any(String),
    );

    // Still broken: trying again shows the failure again, never a blank panel.
    await userEvent.click(screen.getByRole('button', { name: 'Try the region grid panel again' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Cannot read regions of table 1024');

    cause.isBroken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try the region grid panel again' }));
    expect(screen.getByText('Regions of table 1024')).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('renders the panel again by itself when its resetKeys change', async () => {
    /** A page that opens a table in the panel, or re-renders with the same one. */
    function TablePage() {
      const [tableId, setTableId] = useState(1024);
      const [, setRenders] = useState(0);
      return (
        <>
          <button
            onClick={() => {
              setRenders((n) => n + 1);
            }}
          >
            Refresh
          </button>
          <button
            onClick={() => {
              setTableId(1025);
            }}
          >
            Open table 1025
          </button>
          <PanelErrorBoundary panelName="region grid" resetKeys={[tableId]}>
            <FragilePanel tableId={tableId} />
          </PanelErrorBoundary>
        </>
      );
    }
    renderWithProviders(<TablePage />);
    expect(screen.getByRole('alert')).toHaveTextContent('The region grid panel failed');

    cause.isBroken = false;
    // The same keys keep the failure on screen: nothing the panel shows has changed.
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Cannot read regions of table 1024');

    await userEvent.click(screen.getByRole('button', { name: 'Open table 1025' }));
    expect(screen.getByText('Regions of table 1025')).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('asks a query that failed into the boundary again on reset', async () => {
    let answers = 0;
    const fetchLeader = vi.fn(() => {
      answers += 1;
      return answers === 1
        ? Promise.reject(new Error('MetaSrv answered with a malformed leader'))
        : Promise.resolve('127.0.0.1:3002');
    });
    function LeaderPanel() {
      const leader = useQuery({ queryKey: ['leader'], queryFn: fetchLeader, throwOnError: true });
      return <p>{leader.isSuccess ? `Leader: ${leader.data}` : 'Reading the leader…'}</p>;
    }
    renderWithProviders(
      <PanelErrorBoundary panelName="MetaSrv leader">
        <LeaderPanel />
      </PanelErrorBoundary>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'MetaSrv answered with a malformed leader',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Try the MetaSrv leader panel again' }),
    );
    expect(await screen.findByText('Leader: 127.0.0.1:3002')).toBeVisible();
    expect(fetchLeader).toHaveBeenCalledTimes(2);
  });
});
