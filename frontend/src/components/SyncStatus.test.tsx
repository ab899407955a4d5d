import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getSyncStatus, type SyncStatus as Status } from '../api/catalog';
import { onSyncStatus } from '../api/runtime';
import { SyncProvider } from '../state/sync';
import { syncStatusFixture } from '../test/fixtures';
import { SyncStatus } from './SyncStatus';

vi.mock('../api/catalog', () => ({ getSyncStatus: vi.fn(), syncNow: vi.fn() }));
vi.mock('../api/runtime', () => ({ onSyncStatus: vi.fn() }));

let emit: (status: Status) => void = () => {};
const unsubscribe = vi.fn();

function renderStatus() {
  return render(
    <MemoryRouter>
      <SyncProvider>
        <SyncStatus />
      </SyncProvider>
    </MemoryRouter>,
  );
}

describe('SyncStatus', () => {
  beforeEach(() => {
    unsubscribe.mockReset();
    vi.mocked(onSyncStatus).mockReset().mockImplementation((cb) => {
      emit = cb;
      return unsubscribe;
    });
    vi.mocked(getSyncStatus).mockReset().mockResolvedValue(syncStatusFixture());
  });

  it('shows when the catalog was last updated', async () => {
    renderStatus();
    const status = screen.getByRole('status', { name: 'Sync status' });
    await waitFor(() => expect(status.textContent).toContain('Catalog updated 5 minutes ago'));
  });

  it('shows that it is offline, showing the cached catalog', async () => {
    vi.mocked(getSyncStatus).mockResolvedValue(syncStatusFixture({ offline: true }));
    renderStatus();
    expect((await screen.findByTestId('sync-offline')).textContent).toBe('Offline — showing the cached catalog');
  });

  it('follows a running sync from the events, then links to the problems', async () => {
    const view = renderStatus();
    await screen.findByText(/Catalog updated/);
    act(() => emit(syncStatusFixture({ seq: 2, running: true, phase: 'applying', source: 'Acme feed', done: 12, total: 40 })));
    const status = screen.getByRole('status', { name: 'Sync status' });
    expect(status.textContent).toContain('Syncing Acme feed… 12 of 40');
    expect(status.querySelector('.sync-progress-bar')).toBeTruthy();
    act(() =>
      emit(
        syncStatusFixture({
          seq: 3,
          lastUpdatedAt: new Date().toISOString(),
          results: [
            { source: 'Acme feed', error: 'HTTP 503', added: 0, updated: 0, removed: 0, skipped: [], skippedMore: 0, unchanged: false, offline: false },
            { source: 'Other', error: 'timeout', added: 0, updated: 0, removed: 0, skipped: [], skippedMore: 0, unchanged: false, offline: false },
          ] as never,
        }),
      ),
    );
    expect(status.textContent).toContain('Catalog updated just now');
    const problems = screen.getByRole('link', { name: '2 sources had problems' });
    expect(problems.getAttribute('href')).toBe('/settings');
    view.unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('keeps the finished status when an older progress event arrives after it', async () => {
    renderStatus();
    await screen.findByText(/Catalog updated/);
    const status = screen.getByRole('status', { name: 'Sync status' });
    act(() => emit(syncStatusFixture({ seq: 2, running: true, phase: 'fetching', source: 'Acme feed', done: 0, total: 0 })));
    expect(status.textContent).toContain('Syncing Acme feed…');
    act(() => emit(syncStatusFixture({ seq: 5, lastUpdatedAt: new Date().toISOString() })));
    // The socket delivers two progress events late, after the finished one.
    act(() => emit(syncStatusFixture({ seq: 3, running: true, phase: 'applying', source: 'Acme feed', done: 0, total: 0 })));
    act(() => emit(syncStatusFixture({ seq: 4, running: true, phase: 'applying', source: 'Acme feed', done: 7, total: 0 })));
    expect(status.textContent).toContain('Catalog updated just now');
    expect(status.textContent).not.toContain('Syncing');
    expect(status.querySelector('.sync-progress-bar')).toBeNull();
  });

  it('does not let the answer to the first status call undo a newer event', async () => {
    let answer: (s: Status) => void = () => {};
    vi.mocked(getSyncStatus).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    renderStatus();
    act(() => emit(syncStatusFixture({ seq: 9, running: true, source: 'Acme feed', done: 3, total: 10 })));
    await act(async () => answer(syncStatusFixture({ seq: 8 })));
    expect(screen.getByRole('status', { name: 'Sync status' }).textContent).toContain('Syncing Acme feed… 3 of 10');
  });
});
