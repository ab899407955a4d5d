import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listUsers } from '../api/account';
import { askForApproval, blockApp, cancelRequest, getAction, preApprove, revokeApproval } from '../api/approval';
import { getHome, getListing, searchApps } from '../api/catalog';
import { AppError } from '../api/errors';
import { openExternal } from '../api/runtime';
import { actionFixture, homeFixture, listingFixture, mel, nia, requestFixture, userFixture } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';
import { testSession } from '../test/session';

vi.mock('../api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getListing: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/install', () => ({ getInstallation: vi.fn(async () => null) }));
vi.mock('../api/account', () => ({ listUsers: vi.fn() }));
vi.mock('../api/approval', () => ({
  getAction: vi.fn(),
  askForApproval: vi.fn(),
  cancelRequest: vi.fn(),
  preApprove: vi.fn(),
  revokeApproval: vi.fn(),
  blockApp: vi.fn(),
}));

describe('AppDetailPage', () => {
  beforeEach(() => {
    vi.mocked(openExternal).mockReset();
    vi.mocked(getHome).mockReset().mockResolvedValue(homeFixture());
    vi.mocked(searchApps).mockReset().mockResolvedValue({ items: [], total: 0, notices: [] } as never);
    vi.mocked(getListing).mockReset().mockResolvedValue(listingFixture());
    vi.mocked(getAction).mockReset().mockResolvedValue(actionFixture());
    vi.mocked(listUsers).mockReset().mockResolvedValue([userFixture(), mel(), nia()]);
  });

  it('shows the app: developer, type, description, permissions with the sensitive one marked, facts', async () => {
    renderCatalog('/apps/acme-notes');
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Notes' })).toBeTruthy();
    expect(getListing).toHaveBeenCalledWith('acme-notes');
    expect(screen.getByTestId('verified').textContent).toBe('Verified');
    expect(screen.getByTestId('type-badge').textContent).toBe('You install it');
    expect((await screen.findByRole('button', { name: 'Install' })).hasAttribute('disabled')).toBe(false);
    expect(screen.queryByText(/arrives with the next release/)).toBeNull();
    expect(getAction).toHaveBeenCalledWith('acme-notes');

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
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'admins_only' }));
    renderCatalog('/apps/acme-notes', testSession(nia()));
    expect((await screen.findByTestId('type-badge')).textContent).toBe('Installed by admins for the whole account');
    expect(await screen.findByText('Only admins can install this')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Install' })).toBeNull();
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

  it.each([
    ['blocked', 'Blocked by your admins'],
    ['not_listed', 'No longer listed'],
  ])('says why it cannot be installed: %s', async (state, text) => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state }));
    renderCatalog('/apps/acme-notes', testSession(nia()));
    await waitFor(() => expect(screen.getByTestId('action-area').getAttribute('data-state')).toBe(state));
    const area = screen.getByTestId('action-area');
    expect(within(area).getByText(text)).toBeTruthy();
    expect(within(area).queryByRole('button')).toBeNull();
  });

  it('offers a request for pre-approval and sends it with the reason', async () => {
    const session = testSession(nia());
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'request' }));
    vi.mocked(askForApproval).mockReset().mockResolvedValue(requestFixture());
    renderCatalog('/apps/acme-notes', session);
    fireEvent.click(await screen.findByRole('button', { name: 'Request pre-approval' }));
    const form = screen.getByRole('form', { name: 'Request pre-approval' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Reason (optional)' }), { target: { value: ' For our team meetings ' } });
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'pending', request: requestFixture() }));
    fireEvent.click(within(form).getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(askForApproval).toHaveBeenCalledWith('acme-notes', 'For our team meetings'));
    expect(await screen.findByText(/^Request pending since .*2026/)).toBeTruthy();
    expect(session.changed).toHaveBeenCalled();
  });

  it('shows a pending request and cancels it', async () => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'pending', request: requestFixture({ id: 7 }) }));
    vi.mocked(cancelRequest).mockReset().mockResolvedValue();
    renderCatalog('/apps/acme-notes', testSession(nia()));
    expect(await screen.findByText(/^Request pending since/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel request' }));
    await waitFor(() => expect(cancelRequest).toHaveBeenCalledWith(7));
  });

  it('shows a denial with the manager’s note and lets the person ask again', async () => {
    vi.mocked(getAction).mockResolvedValue(
      actionFixture({ state: 'denied', request: requestFixture({ status: 'denied', decisionNote: 'Use Acme Docs instead' }) }),
    );
    vi.mocked(askForApproval).mockReset().mockResolvedValue(requestFixture());
    renderCatalog('/apps/acme-notes', testSession(nia()));
    expect(await screen.findByText('Denied')).toBeTruthy();
    expect(screen.getByTestId('decision-note').textContent).toBe('“Use Acme Docs instead”');
    fireEvent.click(screen.getByRole('button', { name: 'Ask again' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(askForApproval).toHaveBeenCalledWith('acme-notes', ''));
  });

  it('gives managers the Approval panel: approve for chosen users', async () => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'request' }));
    vi.mocked(preApprove).mockReset().mockResolvedValue({} as never);
    renderCatalog('/apps/acme-notes', testSession(userFixture()));
    const panel = await screen.findByTestId('approval-panel');
    expect(within(panel).getByTestId('approval-state').textContent).toContain('Not approved');
    expect(screen.queryByRole('button', { name: 'Request pre-approval' })).toBeNull();
    const approveUsers = within(panel).getByRole('button', { name: 'Approve for chosen users' });
    expect(approveUsers.hasAttribute('disabled')).toBe(true);
    fireEvent.click(await within(panel).findByRole('checkbox', { name: /Mel Member/ }));
    fireEvent.click(within(panel).getByRole('checkbox', { name: /Nia Member/ }));
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Note (optional)' }), { target: { value: 'Pilot' } });
    fireEvent.click(approveUsers);
    await waitFor(() => expect(preApprove).toHaveBeenCalledWith('acme-notes', { forAccount: false, userIds: [2, 3], note: 'Pilot' }));
    await waitFor(() => expect(vi.mocked(getAction).mock.calls.length).toBeGreaterThan(1));
  });

  it('keeps a manager’s unusable Install in the Tab order with its reason, and it does nothing', async () => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'request' }));
    renderCatalog('/apps/acme-notes', testSession(userFixture()));
    const install = await screen.findByRole('button', { name: 'Install' });
    expect(install.hasAttribute('disabled')).toBe(false);
    expect(install.getAttribute('aria-disabled')).toBe('true');
    expect(install.tabIndex).toBe(0);
    const reason = document.getElementById(install.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toMatch(/Not pre-approved yet/);
    fireEvent.click(install);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('enlarges a screenshot: "1 of 2", arrows and buttons move and wrap, Escape closes and focus returns', async () => {
    vi.mocked(getListing).mockResolvedValue(
      listingFixture({
        screenshots: [
          { url: '/a.png', caption: 'Notes' },
          { url: '/b.png', caption: '' },
        ],
      } as never),
    );
    renderCatalog('/apps/acme-notes', testSession(userFixture()));
    const strip = await screen.findByRole('region', { name: 'Screenshots' });
    expect(strip.tabIndex).toBe(0);
    const first = within(strip).getByRole('button', { name: 'Enlarge screenshot 1 of 2' });
    first.focus();
    fireEvent.click(first);
    const viewer = screen.getByRole('dialog', { name: 'Screenshot 1' });
    expect(within(viewer).getByTestId('screenshot-position').textContent).toBe('1 of 2');
    expect(within(viewer).getByRole('img', { name: 'Notes' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(within(viewer).getByTestId('screenshot-position').textContent).toBe('2 of 2');
    fireEvent.click(within(viewer).getByRole('button', { name: 'Next screenshot' }));
    expect(within(viewer).getByTestId('screenshot-position').textContent).toBe('1 of 2');
    fireEvent.click(within(viewer).getByRole('button', { name: 'Previous screenshot' }));
    expect(within(viewer).getByTestId('screenshot-position').textContent).toBe('2 of 2');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(first);
  });

  it('shows the current approval with names, and revokes, blocks or approves for everyone', async () => {
    vi.mocked(getAction).mockResolvedValue(
      actionFixture({ approval: { listingId: 'acme-notes', scope: 'users', userIds: [2], note: 'Pilot', updatedAt: '2026-02-01T00:00:00Z' } as never }),
    );
    vi.mocked(preApprove).mockReset().mockResolvedValue({} as never);
    vi.mocked(revokeApproval).mockReset().mockResolvedValue();
    vi.mocked(blockApp).mockReset().mockResolvedValue();
    renderCatalog('/apps/acme-notes', testSession(userFixture()));
    const panel = await screen.findByTestId('approval-panel');
    await waitFor(() => expect(within(panel).getByTestId('approval-state').textContent).toContain('Mel Member'));
    expect(within(panel).getByText('Approved for 1 user')).toBeTruthy();
    expect(within(panel).getByText('Note: Pilot')).toBeTruthy();
    expect((within(panel).getByRole('checkbox', { name: /Mel Member/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(panel).getByRole('button', { name: 'Approve for everyone' }));
    await waitFor(() => expect(preApprove).toHaveBeenCalledWith('acme-notes', { forAccount: true, userIds: [], note: 'Pilot' }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(revokeApproval).toHaveBeenCalledWith('acme-notes'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Block' }));
    await waitFor(() => expect(blockApp).toHaveBeenCalledWith('acme-notes', 'Pilot'));
  });

  it('tells a member the app changed since it was approved, and lets them ask for a review', async () => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'needs_review' }));
    vi.mocked(askForApproval).mockReset().mockResolvedValue(requestFixture());
    renderCatalog('/apps/acme-notes', testSession(nia()));
    await screen.findByRole('button', { name: 'Ask for a review' });
    const area = screen.getByTestId('action-area');
    expect(area.dataset.state).toBe('needs_review');
    expect(area.textContent).toContain('Changed since it was approved');
    expect(screen.queryByRole('button', { name: 'Install' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Ask for a review' }));
    fireEvent.click(within(screen.getByRole('form', { name: 'Request pre-approval' })).getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(askForApproval).toHaveBeenCalledWith('acme-notes', ''));
  });

  it('shows managers what changed since the approval', async () => {
    vi.mocked(getAction).mockResolvedValue(
      actionFixture({
        state: 'needs_review',
        approval: { listingId: 'acme-notes', scope: 'account', userIds: [], note: '', updatedAt: '2026-02-01T00:00:00Z', changed: ['source', 'server'] } as never,
      }),
    );
    renderCatalog('/apps/acme-notes', testSession(userFixture()));
    const changed = await screen.findByTestId('changed-since-approved');
    expect(changed.textContent).toContain('it comes from another source; its authorization server changed');
    expect(screen.getByTestId('action-area').textContent).toContain('Review it under Approval');
  });

  it('hides the Approval panel from members', async () => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'request' }));
    renderCatalog('/apps/acme-notes', testSession(nia()));
    await screen.findByRole('button', { name: 'Request pre-approval' });
    expect(screen.queryByTestId('approval-panel')).toBeNull();
  });
});
