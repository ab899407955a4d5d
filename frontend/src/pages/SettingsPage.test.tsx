import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { addSource, listSources, removeSource, setSourceTrusted } from '../api/catalog';
import { AppError } from '../api/errors';
import { mel } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';
import { testSession } from '../test/session';

vi.mock('../api/catalog', () => ({
  getHome: vi.fn(),
  searchApps: vi.fn(),
  getListing: vi.fn(),
  listSources: vi.fn(),
  addSource: vi.fn(),
  removeSource: vi.fn(),
  setSourceTrusted: vi.fn(),
}));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/install', () => ({ listInstalled: vi.fn(async () => []), getInstallation: vi.fn(async () => null) }));
vi.mock('../api/manage', () => ({
  listOutbox: vi.fn(async () => []),
  listDeveloperNotices: vi.fn(async () => []),
  retryMessage: vi.fn(),
  listNoticeSecrets: vi.fn(async () => []),
  setNoticeSecret: vi.fn(),
  onInstallationsChanged: vi.fn(() => () => {}),
}));

const embedded = { id: 1, kind: 'embedded', location: 'embedded', name: 'Marketdesk catalog', listingCount: 40, lastSyncAt: '', lastSuccessAt: '2026-01-01T10:00:00Z', lastError: '', trusted: true };
const feed = { id: 2, kind: 'url', location: 'https://feeds.example/catalog.json', name: 'Acme feed', listingCount: 3, lastSyncAt: '', lastSuccessAt: '', lastError: 'HTTP 503 from feeds.example', trusted: false };
// Source changes are for marketplace managers: the owner by default.
const asOwner = () => testSession();

describe('Settings › Catalog sources', () => {
  beforeEach(() => {
    vi.mocked(listSources).mockReset().mockResolvedValue([embedded, feed] as never);
    vi.mocked(addSource).mockReset();
    vi.mocked(removeSource).mockReset().mockResolvedValue();
    vi.mocked(setSourceTrusted).mockReset().mockResolvedValue({ ...feed, trusted: true } as never);
  });

  it('shows which sources are trusted; a manager trusts a feed', async () => {
    renderCatalog('/settings', asOwner());
    const rows = await screen.findAllByTestId('source-row');
    expect(rows[0].textContent).toContain('Trusted');
    expect(rows[1].textContent).not.toContain('Trusted');
    fireEvent.click(within(rows[1]).getByRole('button', { name: 'Trust Acme feed' }));
    await waitFor(() => expect(setSourceTrusted).toHaveBeenCalledWith(2, true));
  });

  it('hides adding, removing and trusting from members', async () => {
    renderCatalog('/settings', testSession(mel()));
    const rows = await screen.findAllByTestId('source-row');
    expect(rows).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /Remove|Trust/ })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Feed URL or file' })).toBeNull();
    expect(screen.getByTestId('sources-managers-only').textContent).toContain('Only marketplace managers');
    // Developer notices (and what the sandbox received) are for managers.
    expect(screen.queryByTestId('developer-notices')).toBeNull();
    expect(screen.queryByText(/received by the sandbox/i)).toBeNull();
  });

  it('shows the developer notices to a manager', async () => {
    renderCatalog('/settings', asOwner());
    expect(await screen.findByTestId('developer-notices')).toBeTruthy();
  });

  it('lists the sources with their count and last error; only added ones can be removed', async () => {
    renderCatalog('/settings', asOwner());
    const rows = await screen.findAllByTestId('source-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Marketdesk catalog');
    expect(rows[0].textContent).toContain('40 apps');
    expect(within(rows[0]).queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(rows[1].textContent).toContain('https://feeds.example/catalog.json');
    expect(rows[1].textContent).toContain('HTTP 503 from feeds.example');
  });

  it('asks before removing a source', async () => {
    renderCatalog('/settings', asOwner());
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Acme feed' }));
    expect(removeSource).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove source' }));
    await waitFor(() => expect(removeSource).toHaveBeenCalledWith(2));
  });

  it('adds a source and shows the counts and every skipped entry', async () => {
    vi.mocked(addSource).mockResolvedValue({
      source: 'Acme feed',
      unchanged: false,
      added: 3,
      updated: 1,
      removed: 2,
      skipped: [
        { source: 'Acme feed', entry: 'bad-type', reason: 'type must be "user" or "account"' },
        { source: 'Acme feed', entry: 'bad-link', reason: 'links.privacy_policy must be an https:// URL' },
      ],
      skippedMore: 0,
      offline: false,
    } as never);
    renderCatalog('/settings', asOwner());
    const input = (await screen.findByRole('textbox', { name: 'Feed URL or file' })) as HTMLInputElement;
    fireEvent.change(input, { target: { value: ' /home/ada/catalog.json ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByRole('button', { name: 'Adding…' })).toBeTruthy();
    const result = await screen.findByTestId('add-source-result');
    expect(addSource).toHaveBeenCalledWith('/home/ada/catalog.json');
    expect(result.textContent).toContain('Imported 3, updated 1, removed 2');
    // Skipped entries are a warning of their own, not part of the success box.
    const warning = screen.getByTestId('add-source-skipped');
    expect(warning.className).toContain('add-result-warn');
    expect(result.contains(warning)).toBe(false);
    expect(result.textContent).not.toContain('skipped');
    expect(warning.textContent).toContain('2 entries were skipped');
    const skipped = within(screen.getByTestId('skipped-list')).getAllByRole('listitem').map((li) => li.textContent);
    expect(skipped).toEqual([
      'bad-type — type must be "user" or "account"',
      'bad-link — links.privacy_policy must be an https:// URL',
    ]);
    expect(input.value).toBe('');
    await waitFor(() => expect(listSources).toHaveBeenCalledTimes(2));
  });

  it('counts the skipped entries past the named ones', async () => {
    vi.mocked(addSource).mockResolvedValue({
      source: 'Big feed',
      unchanged: false,
      added: 1,
      updated: 0,
      removed: 0,
      skipped: [{ source: 'Big feed', entry: 'bad-0', reason: 'type must be "user" or "account"' }],
      skippedMore: 49999,
      offline: false,
    } as never);
    renderCatalog('/settings', asOwner());
    const input = (await screen.findByRole('textbox', { name: 'Feed URL or file' })) as HTMLInputElement;
    fireEvent.change(input, { target: { value: '/home/ada/big.json' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await screen.findByTestId('add-source-result');
    expect(screen.getByTestId('add-source-skipped').textContent).toContain('50000 entries were skipped');
    expect(within(screen.getByTestId('skipped-list')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByTestId('skipped-more').textContent).toBe('…and 49999 more entries, not listed');
  });

  it('names the first five skipped entries and counts the rest', async () => {
    const skipped = Array.from({ length: 8 }, (_, i) => ({ source: 'Feed', entry: `bad-${i}`, reason: 'type must be "user" or "account"' }));
    vi.mocked(addSource).mockResolvedValue({ source: 'Feed', unchanged: false, added: 1, updated: 0, removed: 0, skipped, skippedMore: 2, offline: false } as never);
    renderCatalog('/settings', asOwner());
    fireEvent.change(await screen.findByRole('textbox', { name: 'Feed URL or file' }), { target: { value: '/home/ada/f.json' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const warning = await screen.findByTestId('add-source-skipped');
    expect(warning.textContent).toContain('10 entries were skipped');
    expect(within(warning).getAllByRole('listitem').map((li) => li.textContent?.split(' — ')[0])).toEqual(['bad-0', 'bad-1', 'bad-2', 'bad-3', 'bad-4']);
    expect(screen.getByTestId('skipped-more').textContent).toBe('…and 5 more entries, not listed');
  });

  it('shows why a feed could not be added and keeps what was typed', async () => {
    vi.mocked(addSource).mockRejectedValue(new AppError('invalid_input', 'The feed’s first key must be schema_version.'));
    renderCatalog('/settings', asOwner());
    const input = (await screen.findByRole('textbox', { name: 'Feed URL or file' })) as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'https://feeds.example/broken.json' } });
    fireEvent.submit(input.closest('form')!);
    const error = await screen.findByRole('alert');
    expect(error.textContent).toContain('The feed’s first key must be schema_version.');
    expect(input.value).toBe('https://feeds.example/broken.json');
    expect(screen.getByRole('button', { name: 'Add' })).toBeTruthy();
  });
});
