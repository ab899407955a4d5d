import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getHome, getSyncStatus, searchApps } from './api/catalog';
import { getAbout } from './api/system';
import { App } from './App';
import { aboutFixture, cardFixture, homeFixture, syncStatusFixture } from './test/fixtures';

vi.mock('./api/system', () => ({ getAbout: vi.fn() }));
vi.mock('./api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getSyncStatus: vi.fn(), syncNow: vi.fn() }));
vi.mock('./api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}) }));

function renderApp(path = '/') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );
}

describe('App shell', () => {
  beforeEach(() => {
    vi.mocked(getAbout).mockReset().mockResolvedValue(aboutFixture());
    vi.mocked(getHome).mockReset().mockResolvedValue(homeFixture());
    vi.mocked(getSyncStatus).mockReset().mockResolvedValue(syncStatusFixture());
    vi.mocked(searchApps)
      .mockReset()
      .mockResolvedValue({ items: [cardFixture({ name: 'Calendar Sync' })], total: 1, notices: [] } as never);
  });

  it('shows the main navigation, search, sync status and opens on Discover', async () => {
    renderApp();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const label of ['Discover', 'Installed', 'Admin', 'Settings', 'About']) {
      expect(within(nav).getByRole('link', { name: label })).toBeTruthy();
    }
    expect(within(nav).getByRole('link', { name: 'Discover' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('searchbox', { name: 'Search apps' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Discover' })).toBeTruthy();
    expect(await screen.findByText('Catalog updated 5 minutes ago')).toBeTruthy();
    expect(await screen.findByTestId('row-popular')).toBeTruthy();
  });

  it('navigates to About and shows the details from the service', async () => {
    renderApp('/discover');
    fireEvent.click(screen.getByRole('link', { name: 'About' }));
    expect((await screen.findByTestId('about-data-dir')).textContent).toBe('/home/ada/.local/share/marketdesk');
    expect(screen.getByTestId('about-schema').textContent).toBe('3 of 3');
    expect(screen.getByTestId('about-keychain').textContent).toContain('Reachable');
    expect(screen.getByRole('link', { name: 'About' }).getAttribute('aria-current')).toBe('page');
  });

  it('focuses the search box on Ctrl+K', () => {
    renderApp();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search apps' }));
  });

  it('puts a search into the URL and shows it on Discover', async () => {
    renderApp('/installed');
    const search = screen.getByRole('searchbox', { name: 'Search apps' });
    fireEvent.change(search, { target: { value: 'calendar' } });
    fireEvent.submit(screen.getByRole('search'));
    expect(await screen.findByText('1 app for “calendar”')).toBeTruthy();
    expect(screen.getByText('Calendar Sync')).toBeTruthy();
    expect(searchApps).toHaveBeenCalledWith(expect.objectContaining({ text: 'calendar' }));
  });
});
