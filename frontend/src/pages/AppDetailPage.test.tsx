import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getHome, getListing, searchApps } from '../api/catalog';
import { AppError } from '../api/errors';
import { openExternal } from '../api/runtime';
import { homeFixture, listingFixture } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';

vi.mock('../api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getListing: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}) }));

describe('AppDetailPage', () => {
  beforeEach(() => {
    vi.mocked(openExternal).mockReset();
    vi.mocked(getHome).mockReset().mockResolvedValue(homeFixture());
    vi.mocked(searchApps).mockReset().mockResolvedValue({ items: [], total: 0, notices: [] } as never);
    vi.mocked(getListing).mockReset().mockResolvedValue(listingFixture());
  });

  it('shows the app: developer, type, description, permissions with the sensitive one marked, facts', async () => {
    renderCatalog('/apps/acme-notes');
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Notes' })).toBeTruthy();
    expect(getListing).toHaveBeenCalledWith('acme-notes');
    expect(screen.getByTestId('verified').textContent).toBe('Verified');
    expect(screen.getByTestId('type-badge').textContent).toBe('You install it');
    expect(screen.getByRole('button', { name: 'Install' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Installing arrives with the next release')).toBeTruthy();

    const description = screen.getByTestId('description');
    expect(within(description).getByRole('heading', { name: 'Notes for every meeting' })).toBeTruthy();
    expect(within(description).getByRole('link', { name: 'guide' })).toBeTruthy();

    const scopes = screen.getAllByTestId('scope');
    expect(scopes).toHaveLength(2);
    expect(scopes[0].textContent).toContain('See your meetings and their participants');
    expect(within(scopes[0]).queryByTestId('sensitive')).toBeNull();
    expect(scopes[1].textContent).toContain('Read your meeting recordings');
    expect(within(scopes[1]).getByTestId('sensitive').textContent).toBe('Sensitive');

    expect(screen.getByText('A meeting page')).toBeTruthy();
    expect(screen.getByText('3.2.0')).toBeTruthy();
    expect(screen.getByTestId('published').textContent).toMatch(/2024/);
    expect(screen.getByText('Acme internal catalog')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Productivity' }).getAttribute('href')).toBe('/discover?category=Productivity');
  });

  it('says an account app is installed by admins', async () => {
    vi.mocked(getListing).mockResolvedValue(listingFixture({ type: 'account' }));
    renderCatalog('/apps/acme-notes');
    expect((await screen.findByTestId('type-badge')).textContent).toBe('Installed by admins for the whole account');
    expect(screen.getByText('Only admins can install this')).toBeTruthy();
  });

  it('opens links of the description and of the listing in the system browser, not in the window', async () => {
    const view = renderCatalog('/apps/acme-notes');
    const guide = within(await screen.findByTestId('description')).getByRole('link', { name: 'guide' });
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    guide.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://acme.example/guide');
    fireEvent.click(screen.getByRole('link', { name: /Privacy policy/ }));
    expect(openExternal).toHaveBeenLastCalledWith('https://acme.example/privacy');
    expect(view.location()).toBe('/apps/acme-notes');
  });

  it('marks an app that is no longer listed', async () => {
    vi.mocked(getListing).mockResolvedValue(listingFixture({ noLongerListed: true }));
    renderCatalog('/apps/acme-notes');
    expect((await screen.findByTestId('no-longer-listed')).textContent).toContain('No longer listed');
  });

  it('explains an unknown app and goes back to Discover when there is no history', async () => {
    vi.mocked(getListing).mockRejectedValue(new AppError('not_found', 'No such listing.'));
    const view = renderCatalog('/apps/nope');
    expect(await screen.findByText('This app is not in the catalog')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await waitFor(() => expect(view.location()).toBe('/discover'));
  });
});
