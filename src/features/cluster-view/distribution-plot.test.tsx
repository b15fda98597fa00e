// @vitest-environment jsdom
/**
 * The per-datanode chart speaks (issue 19): each bar names its datanode, value and lease, is
 * labelled with its peer id and value, and the same figures are one click away as a table.
 * jsdom lays out nothing, so the chart draws at its fallback width (800 px).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { skewOf } from '../../domain/planner/skew';
import { renderWithProviders } from '../../test/render-with-providers';
import type { DatanodeLoad } from './distribution-model';
import { DistributionPlot } from './distribution-plot';

afterEach(cleanup);

const load = (index: number, count: number, alive = true): DatanodeLoad => ({
  index,
  peerId: String(index),
  addr: `10.0.0.${String(index)}:4001`,
  liveness: alive ? { kind: 'alive', ageMs: 1_000 } : { kind: 'expired', expiredForMs: 5_000 },
  count,
  bytes: count * 1024 ** 3,
  rows: 0,
});

function renderPlot(datanodes: DatanodeLoad[]) {
  const skew = skewOf(datanodes.map((d) => d.count));
  const { container } = renderWithProviders(
    <DistributionPlot datanodes={datanodes} weighting="count" skew={skew} />,
  );
  return container;
}

describe('DistributionPlot', () => {
  it('labels every bar with its peer id and its count, and names it for assistive technology', () => {
    const container = renderPlot([load(0, 23), load(1, 14), load(2, 16), load(3, 14, false)]);
    for (const [peerId, count] of [
      ['0', '23'],
      ['1', '14'],
      ['2', '16'],
      ['3', '14'],
    ] as const) {
      expect(container.querySelector(`[data-datanode-label="${peerId}"]`)).toHaveTextContent(
        peerId,
      );
      expect(container.querySelector(`[data-value-label="${peerId}"]`)).toHaveTextContent(count);
    }
    expect(
      screen.getByRole('img', {
        name: /^datanode 2 \(10\.0\.0\.2:4001\): 16 regions, 0\.96 × mean; alive/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /^datanode 3 .*: 14 regions.*; lease expired/ }),
    ).toHaveAttribute('data-kind', 'dead');
    expect(screen.getByRole('img', { name: /^datanode 0 / })).toHaveAttribute('data-kind', 'hot');
    expect(screen.getByText('mean: 17 regions per datanode')).toBeInTheDocument();
  });

  it('moves between bars with the arrow keys, one tab stop for the chart, with a tooltip', async () => {
    const user = userEvent.setup();
    renderPlot([load(0, 2), load(1, 4), load(2, 6)]);
    await user.tab();
    expect(screen.getByRole('img', { name: /^datanode 0 / })).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(screen.getByRole('img', { name: /^datanode 2 / })).toHaveFocus();
    expect(screen.getByTestId('plot-tooltip')).toHaveTextContent('datanode 2');
    expect(screen.getByTestId('plot-tooltip')).toHaveTextContent('6 regions · 1.50 × mean');
    await user.keyboard('{Home}');
    expect(screen.getByRole('img', { name: /^datanode 0 / })).toHaveFocus();
  });

  it('labels every n-th bar at 200 datanodes, and every bar keeps its name', () => {
    const container = renderPlot(Array.from({ length: 200 }, (_, i) => load(i, i % 7)));
    const labels = [...container.querySelectorAll('[data-datanode-label]')].map(
      (l) => l.textContent,
    );
    expect(labels.length).toBeLessThan(200);
    expect(labels.slice(0, 3)).toEqual(['0', '10', '20']);
    expect(screen.getAllByRole('img', { name: /^datanode \d+ / })).toHaveLength(200);
  });

  it('shows the same figures as a table on request', async () => {
    const user = userEvent.setup();
    renderPlot([load(0, 23), load(1, 14)]);
    await user.click(screen.getByRole('button', { name: 'Show the figures as a table' }));
    const table = screen.getByRole('table', { name: 'Regions per datanode' });
    const row = within(table).getByRole('row', { name: /^0 / });
    expect(row).toHaveTextContent('10.0.0.0:4001');
    expect(row).toHaveTextContent('23');
    expect(row).toHaveTextContent('23.0 GiB');
    expect(screen.getByRole('button', { name: 'Hide the table of figures' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });
});
