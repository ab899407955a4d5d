import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getHome, getListing, searchApps, type SearchResults } from '../api/catalog';
import { cardFixture, homeFixture, listingFixture } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';

vi.mock('../api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getListing: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/install', () => ({ listInstalled: vi.fn(async () => []), getInstallation: vi.fn(async () => null) }));

const notes = cardFixture();
const deal = cardFixture({ id: 'deal-desk', name: 'Deal Desk', categories: ['Sales & CRM'], type: 'account' });

describe('DiscoverPage', () => {
  beforeEach(() => {
    vi.mocked(getHome).mockReset().mockResolvedValue(homeFixture());
    vi.mocked(getListing)
      .mockReset()
      .mockImplementation(async (id) => listingFixture({ id, name: id === 'deal-desk' ? 'Deal Desk' : 'Acme Notes' }));
    vi.mocked(searchApps)
      .mockReset()
      .mockImplementation(async (q) => {
        const items = [notes, deal].filter(
          (app) =>
            (!q.text || app.name.toLowerCase().includes(q.text.toLowerCase().split(' ')[0])) &&
            (!q.category || app.categories.includes(q.category)),
        );
        const notices = q.preApprovedOnly ? ['Every app counts as pre-approved.'] : [];
        return { items, total: items.length, notices } as SearchResults;
      });
  });

  it('shows the categories with counts and the popular and recently updated rows', async () => {
    renderCatalog('/discover');
    const rail = await screen.findByRole('navigation', { name: 'Categories' });
    expect(within(rail).getByRole('link', { name: 'All apps 3 apps' }).getAttribute('aria-current')).toBe('true');
    expect(within(rail).getByRole('link', { name: 'Sales & CRM 1 app' })).toBeTruthy();
    const popular = screen.getByTestId('row-popular');
    expect(within(popular).getByText('Acme Notes')).toBeTruthy();
    expect(within(popular).getByText('Deal Desk')).toBeTruthy();
    expect(within(screen.getByTestId('row-recent')).getByText('Fresh Board')).toBeTruthy();
    expect(searchApps).not.toHaveBeenCalled();
  });

  it('updates q in the URL after the debounce and shows the results', async () => {
    const view = renderCatalog('/discover');
    await screen.findByTestId('row-popular');
    const box = screen.getByRole('searchbox', { name: 'Search apps' });
    fireEvent.change(box, { target: { value: 'n' } });
    fireEvent.change(box, { target: { value: 'notes' } });
    expect(view.search().get('q')).toBeNull(); // not per keystroke
    await waitFor(() => expect(view.search().get('q')).toBe('notes'));
    expect(await screen.findByText('1 app for “notes”')).toBeTruthy();
    const rows = screen.getAllByTestId('result-row');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('Acme Notes');
    expect(searchApps).toHaveBeenLastCalledWith(expect.objectContaining({ text: 'notes', offset: 0 }));
    expect(vi.mocked(searchApps).mock.calls.filter(([q]) => q.text === 'n')).toHaveLength(0);
  });

  it('keeps the search and the category filter when coming back from a detail page', async () => {
    const view = renderCatalog('/discover?q=a');
    await screen.findByText('2 apps for “a”');
    fireEvent.click(screen.getByRole('link', { name: 'Sales & CRM 1 app' }));
    await waitFor(() => expect(view.search().get('category')).toBe('Sales & CRM'));
    expect(view.search().get('q')).toBe('a');
    await screen.findByText('1 app for “a”');
    expect(searchApps).toHaveBeenLastCalledWith(expect.objectContaining({ text: 'a', category: 'Sales & CRM' }));

    fireEvent.click(screen.getByTestId('result-row'));
    await waitFor(() => expect(view.location()).toBe('/apps/deal-desk'));
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));

    await waitFor(() => expect(view.search().get('category')).toBe('Sales & CRM'));
    expect(view.search().get('q')).toBe('a');
    expect((screen.getByRole('searchbox', { name: 'Search apps' }) as HTMLInputElement).value).toBe('a');
    const rail = await screen.findByRole('navigation', { name: 'Categories' });
    expect(within(rail).getByRole('link', { name: 'Sales & CRM 1 app' }).getAttribute('aria-current')).toBe('true');
  });

  it('combines filters in the URL, shows notices, and clears them', async () => {
    const view = renderCatalog('/discover?q=notes');
    await screen.findByText('1 app for “notes”');
    fireEvent.click(screen.getByRole('button', { name: 'You install it' }));
    await waitFor(() => expect(view.search().get('type')).toBe('user'));
    fireEvent.click(screen.getByRole('button', { name: 'Pre-approved for me' }));
    await waitFor(() => expect(view.search().get('preapproved')).toBe('1'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'rating' } });
    await waitFor(() => expect(view.search().get('sort')).toBe('rating'));
    expect(await screen.findByTestId('search-notice')).toBeTruthy();
    expect(searchApps).toHaveBeenLastCalledWith(
      expect.objectContaining({ text: 'notes', type: 'user', preApprovedOnly: true, sort: 'rating' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(view.location()).toBe('/discover'));
    expect(await screen.findByTestId('row-popular')).toBeTruthy();
  });

  it('says so when nothing matches and offers to clear the filters', async () => {
    vi.mocked(searchApps).mockResolvedValue({ items: [], total: 0, notices: [] } as never);
    const view = renderCatalog('/discover?q=zzz&category=Productivity');
    expect(await screen.findByText('No apps match')).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('no-results')).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(view.location()).toBe('/discover'));
    expect((screen.getByRole('searchbox', { name: 'Search apps' }) as HTMLInputElement).value).toBe('');
  });

  it('moves from the search box into the results and between them with the arrow keys', async () => {
    renderCatalog('/discover?q=a');
    await screen.findByText('2 apps for “a”');
    const box = screen.getByRole('searchbox', { name: 'Search apps' });
    box.focus();
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    const rows = screen.getAllByTestId('result-row');
    await waitFor(() => expect(document.activeElement).toBe(rows[0]));
    fireEvent.keyDown(rows[0], { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId('result-row')[1]));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId('result-row')[0]));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(box);
  });

  it('clears the search on Escape', async () => {
    const view = renderCatalog('/discover?q=notes');
    await screen.findByText('1 app for “notes”');
    const box = screen.getByRole('searchbox', { name: 'Search apps' }) as HTMLInputElement;
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(box.value).toBe('');
    await waitFor(() => expect(view.location()).toBe('/discover'));
  });
});
