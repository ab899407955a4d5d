import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getHome, getListing, searchApps, type SearchResults } from '../api/catalog';
import { AppError } from '../api/errors';
import { setTheme } from '../api/settings';
import { cardFixture, homeFixture, listingFixture } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';

vi.mock('../api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getListing: vi.fn(), listSources: vi.fn(async () => []) }));
vi.mock('../api/settings', () => ({ getTheme: vi.fn(async () => 'system'), setTheme: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/install', () => ({ listInstalled: vi.fn(async () => []), getInstallation: vi.fn(async () => null) }));

const calendar = cardFixture({ id: 'cal', name: 'Calendar Sync', categories: ['Productivity'] });
const chart = cardFixture({ id: 'chart', name: 'Calendar Charts', categories: ['Sales & CRM'] });

describe('Searching', () => {
  beforeEach(() => {
    vi.mocked(getHome).mockReset().mockResolvedValue(homeFixture());
    vi.mocked(searchApps)
      .mockReset()
      .mockImplementation(async (q) => {
        const items = [calendar, chart].filter(
          (app) => (!q.text || app.name.toLowerCase().includes(q.text.toLowerCase())) && (!q.category || app.categories.includes(q.category)),
        );
        const suggestion = q.text === 'calender' ? 'calendar' : '';
        return { items, total: items.length, notices: [], suggestion } as unknown as SearchResults;
      });
  });

  it('searches every category from the top box, and shows a category chosen afterwards as a removable chip', async () => {
    const view = renderCatalog('/discover?category=Sales%20%26%20CRM');
    await screen.findByText('1 app');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search apps' }), { target: { value: 'calendar' } });
    await waitFor(() => expect(view.search().get('q')).toBe('calendar'));
    expect(view.search().get('category')).toBeNull();
    expect(await screen.findByText('2 apps for “calendar”')).toBeTruthy();
    expect(screen.queryByTestId('category-chip')).toBeNull();

    fireEvent.click(screen.getByRole('link', { name: /^Sales & CRM/ }));
    await waitFor(() => expect(view.search().get('category')).toBe('Sales & CRM'));
    const chip = await screen.findByTestId('category-chip');
    expect(chip.textContent).toContain('In Sales & CRM');
    expect(await screen.findByText('1 app for “calendar”')).toBeTruthy();
    fireEvent.click(chip);
    await waitFor(() => expect(view.search().get('category')).toBeNull());
    expect(view.search().get('q')).toBe('calendar');
  });

  it('offers "Did you mean" and searches the suggestion in one click', async () => {
    const view = renderCatalog('/discover?q=calender');
    const hint = await screen.findByTestId('did-you-mean');
    expect(hint.textContent).toBe('Did you mean calendar?');
    fireEvent.click(within(hint).getByRole('button', { name: 'calendar' }));
    await waitFor(() => expect(view.search().get('q')).toBe('calendar'));
    expect(await screen.findByText('2 apps for “calendar”')).toBeTruthy();
    expect(screen.queryByTestId('did-you-mean')).toBeNull();
    expect((screen.getByRole('searchbox', { name: 'Search apps' }) as HTMLInputElement).value).toBe('calendar');
  });
});

describe('Developer page and What’s new', () => {
  beforeEach(() => {
    vi.mocked(getListing)
      .mockReset()
      .mockResolvedValue(
        listingFixture({ id: 'cal', name: 'Calendar Sync', version: '2.1.0', releaseNotes: 'Faster sync.\nNew icons.', developer: { name: 'Acme & Co', website: '', verified: false } } as never),
      );
    vi.mocked(searchApps).mockReset().mockResolvedValue({ items: [calendar, chart], total: 2, notices: [], suggestion: '' } as never);
  });

  it('shows the release notes and links the developer to their other apps', async () => {
    const view = renderCatalog('/apps/cal');
    const whatsNew = await screen.findByTestId('whats-new');
    expect(within(whatsNew).getByRole('heading', { name: 'What’s new' })).toBeTruthy();
    expect(whatsNew.textContent).toContain('Version 2.1.0');
    expect(whatsNew.textContent).toContain('Faster sync.\nNew icons.');
    fireEvent.click(screen.getByRole('link', { name: 'Acme & Co' }));
    await waitFor(() => expect(view.location()).toBe('/developers/Acme%20%26%20Co'));
    expect(await screen.findByRole('heading', { name: 'Apps by Acme & Co' })).toBeTruthy();
    const list = await screen.findByTestId('developer-apps');
    expect(within(list).getByText('Calendar Charts')).toBeTruthy();
    expect(searchApps).toHaveBeenLastCalledWith(expect.objectContaining({ developer: 'Acme & Co' }));
  });

  it('has no What’s new when the feed gives no notes', async () => {
    vi.mocked(getListing).mockResolvedValue(listingFixture({ id: 'cal', name: 'Calendar Sync' }));
    renderCatalog('/apps/cal');
    await screen.findByRole('heading', { name: 'Calendar Sync', level: 1 });
    expect(screen.queryByTestId('whats-new')).toBeNull();
  });
});

describe('Settings → Appearance', () => {
  afterEach(() => {
    delete document.documentElement.dataset.theme;
    delete document.documentElement.dataset.themeChoice;
  });

  it('applies the chosen theme at once and stores it', async () => {
    vi.mocked(setTheme).mockReset().mockResolvedValue();
    document.documentElement.dataset.themeChoice = 'light'; // what /theme.js set at start
    renderCatalog('/settings');
    const group = await screen.findByRole('group', { name: 'Theme' });
    expect((within(group).getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(group).getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(setTheme).toHaveBeenCalledWith('dark');
    fireEvent.click(within(group).getByRole('radio', { name: 'System' }));
    expect(document.documentElement.dataset.themeChoice).toBe('system');
    expect(document.documentElement.dataset.theme).toBe('light'); // jsdom's "OS" is light
  });

  it('goes back to the previous theme when it cannot be stored', async () => {
    vi.mocked(setTheme).mockReset().mockRejectedValue(new AppError('unavailable', 'the database is busy'));
    document.documentElement.dataset.themeChoice = 'light';
    renderCatalog('/settings');
    const group = await screen.findByRole('group', { name: 'Theme' });
    fireEvent.click(within(group).getByRole('radio', { name: 'Dark' }));
    expect(await screen.findByText(/The theme was not saved\./)).toBeTruthy();
    expect(document.documentElement.dataset.theme).toBe('light');
    expect((within(group).getByRole('radio', { name: 'Light' }) as HTMLInputElement).checked).toBe(true);
  });
});
