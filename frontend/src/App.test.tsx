import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getAbout } from './api/system';
import { App } from './App';
import { aboutFixture } from './test/fixtures';

vi.mock('./api/system', () => ({ getAbout: vi.fn() }));

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
  });

  it('shows the main navigation, search, sync status and opens on Discover', () => {
    renderApp();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const label of ['Discover', 'Installed', 'Admin', 'Settings', 'About']) {
      expect(within(nav).getByRole('link', { name: label })).toBeTruthy();
    }
    expect(within(nav).getByRole('link', { name: 'Discover' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('searchbox', { name: 'Search apps' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Sync status' }).textContent).toContain('offline-ready');
    expect(screen.getByRole('heading', { level: 1, name: 'Discover' })).toBeTruthy();
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

  it('puts a search into the URL and shows it on Discover', () => {
    renderApp('/installed');
    const search = screen.getByRole('searchbox', { name: 'Search apps' });
    fireEvent.change(search, { target: { value: 'calendar' } });
    fireEvent.submit(screen.getByRole('search'));
    expect(screen.getByRole('heading', { name: 'Results for “calendar”' })).toBeTruthy();
  });
});
