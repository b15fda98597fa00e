// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import type { RegionState } from '../../contract/sql/region-runtime-types';
import { renderWithProviders } from '../test/render-with-providers';
import { RegionStateBadge } from './region-state-badge';

afterEach(cleanup);

// States and writable flags as API.md §3.5 and fixture sql-region-info.json give them.
function replica(nodeId: string, state: string, isWritable: boolean): RegionState {
  return { regionId: '4398046511104', nodeId, state, role: state, isWritable };
}

describe('RegionStateBadge', () => {
  it('shows a downgrading leader as read-only and counts the candidate follower', () => {
    renderWithProviders(
      <RegionStateBadge
        states={[replica('0', 'Leader(Downgrading)', false), replica('1', 'Follower', false)]}
      />,
    );
    expect(screen.getByText(/Leader\(Downgrading\) on datanode 0 · read-only/)).toBeVisible();
    expect(screen.getByText(/1 follower/)).toHaveTextContent('1 follower on datanode 1');
  });

  it('shows a staging leader, which stays writable', () => {
    renderWithProviders(<RegionStateBadge states={[replica('2', 'Leader(Staging)', true)]} />);
    expect(screen.getByText('Leader(Staging) on datanode 2')).toBeVisible();
  });

  it('shows region_peers’ STAGING where region_info says nothing of it, once', () => {
    renderWithProviders(<RegionStateBadge states={undefined} isStaging />);
    expect(screen.getByText('Staging')).toBeVisible();
    cleanup();
    renderWithProviders(
      <RegionStateBadge states={[replica('1', 'Leader(Staging)', true)]} isStaging />,
    );
    expect(screen.getByText('Leader(Staging) on datanode 1')).toBeVisible();
    expect(screen.queryByText('Staging')).toBeNull();
  });

  it('stays quiet for a plainly writable leader and while unknown', () => {
    const { container } = renderWithProviders(
      <RegionStateBadge states={[replica('0', 'Leader(Writable)', true)]} />,
    );
    expect(container.querySelector('[data-region-state]')).toBeNull();
    cleanup();
    const unknown = renderWithProviders(<RegionStateBadge states={undefined} />);
    expect(unknown.container.querySelector('[data-region-state]')).toBeNull();
  });

  it('shows nothing for a region region_info does not list (it has only mito regions)', () => {
    const { container } = renderWithProviders(<RegionStateBadge states={[]} />);
    expect(container.querySelector('[data-region-state]')).toBeNull();
  });
});
