// @vitest-environment jsdom
/**
 * The tray (issue 19): it collapses to a badge and back, focus following the button pressed;
 * it is dismissed until a new migration starts; and while shown it publishes its height, by
 * which the shell reserves room for it, giving the room back when dismissed. The migrations
 * are put in the query cache (the test client never refetches); jsdom lays out nothing, so a
 * ResizeObserver that reports at once stands in for the browser's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MigrationListAnswer, TrackedMigration } from '../../../contract/tracked-migration';
import { trackedMigrationQueries } from '../../queries/tracked-migration-queries';
import { createTestQueryClient, renderWithProviders } from '../../test/render-with-providers';
import { MigrationsTray } from './migrations-tray';

vi.mock('../../api/migrations-api', () => ({
  fetchMigrations: vi.fn(() => new Promise(() => undefined)),
  submitTrackedMigration: vi.fn(),
}));

const HEIGHT_VARIABLE = '--migrations-tray-height';

function migration(id: string, regionId: string): TrackedMigration {
  return {
    id,
    clusterId: 'default',
    idempotencyKey: id,
    request: { region_id: regionId, from_peer_id: '0', to_peer_id: '1', replay_timeout: '5m' },
    tableId: 1024,
    replayTimeoutMs: 300_000,
    boundMs: 913_000,
    startedBy: null,
    planRunId: null,
    submittedAtMs: 1,
    phase: 'finished',
    procedureId: 'p1',
    metasrvAddr: '127.0.0.1:3002',
    submissionNote: null,
    states: [],
    outcome: { kind: 'done' },
    finishedAtMs: 2,
    lastReadError: null,
  };
}

class ReportingResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe() {
    this.callback([], this);
  }
  unobserve() {}
  disconnect() {}
}

function renderTray(migrations: TrackedMigration[]) {
  const queryClient = createTestQueryClient();
  const answer: MigrationListAnswer = { nowMs: 3, isJournaled: true, migrations };
  queryClient.setQueryData(trackedMigrationQueries.list('default', 'recent').queryKey, answer);
  return renderWithProviders(<MigrationsTray clusterId="default" />, queryClient);
}

// The setup's stand-in is writable but not configurable: swapped, not stubbed.
const setupResizeObserver = window.ResizeObserver;
beforeEach(() => {
  window.ResizeObserver = ReportingResizeObserver;
});
afterEach(() => {
  cleanup();
  window.ResizeObserver = setupResizeObserver;
  document.documentElement.style.removeProperty(HEIGHT_VARIABLE);
});

describe('MigrationsTray', () => {
  it('collapses to a badge and opens again, focus following the button pressed', async () => {
    const user = userEvent.setup();
    renderTray([migration('m1', '4398046511104')]);
    const tray = screen.getByRole('complementary', { name: 'Migrations' });
    expect(screen.getByTestId('tray-latest')).toHaveTextContent('region 4398046511104');
    await user.click(screen.getByRole('button', { name: 'Collapse' }));
    const badge = screen.getByRole('button', { name: 'Migrations: 1 recent' });
    expect(badge).toHaveFocus();
    expect(screen.queryByTestId('tray-latest')).toBeNull();
    await user.click(badge);
    expect(screen.getByRole('button', { name: 'Collapse' })).toHaveFocus();
    expect(tray).toContainElement(screen.getByTestId('tray-latest'));
  });

  it('reserves room for itself while shown and gives it back when dismissed', async () => {
    const user = userEvent.setup();
    renderTray([migration('m1', '4398046511104')]);
    expect(document.documentElement.style.getPropertyValue(HEIGHT_VARIABLE)).toMatch(/^\d+px$/);
    await user.click(
      screen.getByRole('button', {
        name: 'Dismiss the migrations tray until a new migration starts',
      }),
    );
    expect(screen.queryByRole('complementary', { name: 'Migrations' })).toBeNull();
    expect(document.documentElement.style.getPropertyValue(HEIGHT_VARIABLE)).toBe('');
  });

  it('shows nothing, and reserves nothing, without a migration', () => {
    renderTray([]);
    expect(screen.queryByRole('complementary', { name: 'Migrations' })).toBeNull();
    expect(document.documentElement.style.getPropertyValue(HEIGHT_VARIABLE)).toBe('');
  });
});
