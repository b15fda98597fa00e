// @vitest-environment jsdom
/**
 * The active weighting survives a reload: the stored value is in force on the first render, a
 * stored value that names no weighting falls back to count, and a new choice is stored. A probe
 * component stands in for the views; src/app/weighting-across-views.test.tsx drives the real
 * cluster view and migrate dialog.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../test/render-with-providers';
import { WEIGHTINGS, WEIGHTING_LABELS, WeightingProvider, useWeighting } from './weighting';

const STORAGE_KEY = 'region-console.weighting';

/** Every weighting the probe was rendered with, first render first. */
let seenWeightings: string[] = [];

function WeightingProbe() {
  const { weighting, setWeighting } = useWeighting();
  seenWeightings.push(weighting);
  return (
    <>
      <p>Weighing by {weighting}</p>
      {WEIGHTINGS.map((choice) => (
        <button
          key={choice}
          type="button"
          onClick={() => {
            setWeighting(choice);
          }}
        >
          {WEIGHTING_LABELS[choice]}
        </button>
      ))}
    </>
  );
}

function renderProbe() {
  return renderWithProviders(
    <WeightingProvider>
      <WeightingProbe />
    </WeightingProvider>,
  );
}

beforeEach(() => {
  seenWeightings = [];
  window.localStorage.clear();
});
afterEach(cleanup);

describe('the stored weighting', () => {
  it('is count when nothing is stored', () => {
    renderProbe();
    expect(seenWeightings[0]).toBe('count');
  });

  it('is in force from the first render', () => {
    window.localStorage.setItem(STORAGE_KEY, 'bytes');
    renderProbe();
    expect(seenWeightings[0]).toBe('bytes');
  });

  it.each(['banana', '', '"bytes"', 'Bytes', 'caller', '{"weighting":"bytes"}'])(
    'falls back to count when the stored value is %j, and stores count instead',
    (garbage) => {
      window.localStorage.setItem(STORAGE_KEY, garbage);
      renderProbe();
      expect(seenWeightings).toEqual(seenWeightings.map(() => 'count'));
      expect(screen.getByText('Weighing by count')).toBeVisible();
      expect(window.localStorage.getItem(STORAGE_KEY)).toBe('count');
    },
  );

  it('keeps a new choice across a remount', async () => {
    const first = renderProbe();
    await userEvent.click(screen.getByRole('button', { name: 'Query load' }));
    expect(screen.getByText('Weighing by load')).toBeVisible();
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('load');
    first.unmount();

    seenWeightings = [];
    renderProbe();
    expect(seenWeightings[0]).toBe('load');
  });
});
