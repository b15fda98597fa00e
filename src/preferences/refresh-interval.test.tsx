// @vitest-environment jsdom
/**
 * The auto-refresh choice survives a reload: the stored value is already in force on the first
 * render (so the first polls use it), a stored value that is not a choice falls back to the
 * default, and a new choice is stored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../test/render-with-providers';
import {
  RefreshIntervalControl,
  RefreshIntervalProvider,
  useRefreshInterval,
} from './refresh-interval';

const STORAGE_KEY = 'region-console.refresh-interval-ms';

/** Every interval a polling panel was rendered with, first render first. */
let seenIntervals: (number | false)[] = [];

function PollingPanel() {
  const interval = useRefreshInterval();
  seenIntervals.push(interval);
  return <p>Polling every {interval === false ? 'never' : `${String(interval)} ms`}</p>;
}

function renderHeader() {
  return renderWithProviders(
    <RefreshIntervalProvider>
      <RefreshIntervalControl />
      <PollingPanel />
    </RefreshIntervalProvider>,
  );
}

beforeEach(() => {
  seenIntervals = [];
  window.localStorage.clear();
});
afterEach(cleanup);

describe('the stored auto-refresh interval', () => {
  it('is in force from the first render', () => {
    window.localStorage.setItem(STORAGE_KEY, '5000');
    renderHeader();
    expect(seenIntervals[0]).toBe(5000);
    expect(screen.getByRole('radio', { name: '5 s' })).toBeChecked();
  });

  it('"Off" stored stops polling from the first render', () => {
    window.localStorage.setItem(STORAGE_KEY, '0');
    renderHeader();
    expect(seenIntervals[0]).toBe(false);
    expect(screen.getByRole('radio', { name: 'Off' })).toBeChecked();
  });

  it.each(['banana', '1234', '', '5e3', '"5000"'])(
    'falls back to 30 s when the stored value is %j, and stores the default instead',
    (corrupted) => {
      window.localStorage.setItem(STORAGE_KEY, corrupted);
      renderHeader();
      expect(seenIntervals).not.toContain(1234);
      expect(seenIntervals[0]).toBe(30_000);
      expect(screen.getByRole('radio', { name: '30 s' })).toBeChecked();
      expect(window.localStorage.getItem(STORAGE_KEY)).toBe('30000');
    },
  );

  it('is 30 s where storage is blocked, and a choice still applies to this page', async () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    renderHeader();
    expect(seenIntervals[0]).toBe(30_000);
    await userEvent.click(screen.getByRole('radio', { name: '60 s' }));
    expect(screen.getByText('Polling every 60000 ms')).toBeVisible();
    expect(warn).toHaveBeenCalled();
  });

  it('keeps a new choice for the next visit', async () => {
    const first = renderHeader();
    await userEvent.click(screen.getByRole('radio', { name: '15 s' }));
    expect(screen.getByText('Polling every 15000 ms')).toBeVisible();
    expect(window.localStorage.getItem(STORAGE_KEY)).toBe('15000');
    first.unmount();

    seenIntervals = [];
    renderHeader();
    expect(seenIntervals[0]).toBe(15_000);
    expect(screen.getByRole('radio', { name: '15 s' })).toBeChecked();
  });
});
