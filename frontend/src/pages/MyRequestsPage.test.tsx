import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelRequest, listMyRequests } from '../api/approval';
import { getListing } from '../api/catalog';
import { getInstallation } from '../api/install';
import { installationFixture, listingFixture, nia, requestFixture } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';
import { testSession } from '../test/session';

vi.mock('../api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getListing: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/install', () => ({ listInstalled: vi.fn(async () => []), getInstallation: vi.fn(async () => null) }));
vi.mock('../api/approval', () => ({ listMyRequests: vi.fn(), cancelRequest: vi.fn() }));

describe('My requests', () => {
  beforeEach(() => {
    vi.mocked(cancelRequest).mockReset().mockResolvedValue();
    vi.mocked(listMyRequests)
      .mockReset()
      .mockResolvedValue([
        requestFixture({ id: 8 }),
        requestFixture({ id: 5, listingId: 'deal-desk', listingName: 'Deal Desk', status: 'denied', decisionNote: 'Use the CRM' }),
      ]);
  });

  it('lists the requests with their status and the managers’ note, and cancels a pending one', async () => {
    renderCatalog('/requests', testSession(nia()));
    const rows = await screen.findAllByTestId('my-request-row');
    expect(within(rows[0]).getByTestId('request-status').textContent).toBe('Pending');
    expect(within(rows[1]).getByTestId('request-status').textContent).toBe('Denied');
    expect(rows[1].textContent).toContain('“Use the CRM”');
    expect(within(rows[1]).queryByRole('button')).toBeNull();
    fireEvent.click(within(rows[0]).getByRole('button', { name: 'Cancel the request for Acme Notes' }));
    await waitFor(() => expect(cancelRequest).toHaveBeenCalledWith(8));
    await waitFor(() => expect(listMyRequests).toHaveBeenCalledTimes(2));
  });

  it('offers Install for an approved app not installed yet (the review dialog); the app names are links', async () => {
    vi.mocked(listMyRequests).mockResolvedValue([
      requestFixture({ id: 9, status: 'approved' }),
      requestFixture({ id: 4, listingId: 'deal-desk', listingName: 'Deal Desk', status: 'approved' }),
    ]);
    vi.mocked(getInstallation).mockImplementation(async (id: string) => (id === 'deal-desk' ? installationFixture({ listingId: 'deal-desk' }) : null));
    vi.mocked(getListing).mockResolvedValue(listingFixture());
    renderCatalog('/requests', testSession(nia()));
    const rows = await screen.findAllByTestId('my-request-row');
    expect(within(rows[0]).getByRole('link', { name: 'Acme Notes' }).className).toBe('table-link');
    fireEvent.click(await within(rows[0]).findByRole('button', { name: 'Install Acme Notes' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading', { name: 'Install Acme Notes' })).toBeTruthy();
    await waitFor(() => expect(getInstallation).toHaveBeenCalledWith('deal-desk'));
    expect(within(rows[1]).queryByRole('button', { name: /^Install/ })).toBeNull(); // installed already
  });

  it('explains how to ask when there are none', async () => {
    vi.mocked(listMyRequests).mockResolvedValue([]);
    renderCatalog('/requests', testSession(nia()));
    expect(await screen.findByText('No requests yet')).toBeTruthy();
  });
});
