import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getAction } from '../api/approval';
import { getListing } from '../api/catalog';
import { AppError } from '../api/errors';
import { beginInstall, cancelInstall, getInstallation, listInstalled, openConsentAgain, type InstallProgress } from '../api/install';
import { onInstallProgress, openExternal } from '../api/runtime';
import { Toasts } from '../components/Toasts';
import { ToastProvider } from '../state/toasts';
import { actionFixture, installationFixture, listingFixture, nia, progressFixture, userFixture } from '../test/fixtures';
import { testSession, WithSession } from '../test/session';
import { AppDetailPage } from './AppDetailPage';
import { InstalledPage } from './InstalledPage';

vi.mock('../api/catalog', () => ({ getListing: vi.fn() }));
vi.mock('../api/approval', () => ({ getAction: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onInstallProgress: vi.fn() }));
vi.mock('../api/install', () => ({
  beginInstall: vi.fn(),
  cancelInstall: vi.fn(),
  openConsentAgain: vi.fn(),
  getInstallation: vi.fn(),
  listInstalled: vi.fn(),
}));

/** The install:progress listeners the page registered; emit() calls them as Go would. */
let listeners: ((p: InstallProgress) => void)[] = [];
function emit(p: Partial<InstallProgress>) {
  act(() => {
    for (const cb of [...listeners]) cb(progressFixture(p));
  });
}

function renderPage(path: string, me = userFixture()) {
  return render(
    <WithSession session={testSession(me)}>
      <ToastProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/apps/:id" element={<AppDetailPage />} />
            <Route path="/installed" element={<InstalledPage />} />
          </Routes>
        </MemoryRouter>
        <Toasts />
      </ToastProvider>
    </WithSession>,
  );
}

async function openReview() {
  fireEvent.click(await screen.findByRole('button', { name: 'Install' }));
  return screen.getByRole('dialog', { name: 'Install Acme Notes' });
}

describe('Install', () => {
  beforeEach(() => {
    listeners = [];
    vi.mocked(onInstallProgress)
      .mockReset()
      .mockImplementation((cb) => {
        listeners.push(cb);
        return () => {
          listeners = listeners.filter((l) => l !== cb);
        };
      });
    vi.mocked(openExternal).mockReset();
    vi.mocked(getListing).mockReset().mockResolvedValue(listingFixture());
    vi.mocked(getAction).mockReset().mockResolvedValue(actionFixture());
    vi.mocked(getInstallation).mockReset().mockResolvedValue(null);
    vi.mocked(listInstalled).mockReset().mockResolvedValue([]);
    vi.mocked(beginInstall).mockReset().mockResolvedValue(progressFixture());
    vi.mocked(cancelInstall).mockReset().mockResolvedValue();
    vi.mocked(openConsentAgain).mockReset().mockResolvedValue();
  });

  it('reviews the scopes with the sensitive one marked, the developer and the links, in a modal dialog', async () => {
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(within(dialog).getByTestId('dialog-verified').textContent).toBe('Verified');
    expect(within(dialog).getByText('Acme Notes will be able to:')).toBeTruthy();
    const scopes = within(dialog).getAllByTestId('scope');
    expect(scopes.map((s) => s.textContent)).toEqual([
      expect.stringContaining('See your meetings and their participants'),
      expect.stringContaining('Read your meeting recordings'),
    ]);
    expect(within(scopes[0]).queryByTestId('sensitive')).toBeNull();
    expect(within(scopes[1]).getByTestId('sensitive').textContent).toBe('Sensitive');
    expect(within(dialog).getByTestId('install-audience').textContent).toBe('It will be installed for you only.');
    fireEvent.click(within(dialog).getByRole('link', { name: /Privacy policy/ }));
    expect(openExternal).toHaveBeenCalledWith('https://acme.example/privacy');
    expect(within(dialog).getByRole('link', { name: /Terms of service/ })).toBeTruthy();
    // Focus is inside, on Continue; Escape closes without starting anything.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Continue' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(beginInstall).not.toHaveBeenCalled();
  });

  it('lists every scope the consent page will show, offline_access in words', async () => {
    const listing = listingFixture();
    const offline = { name: 'offline_access', description: 'Keep this access when you are not using the app, until you remove it', sensitive: true };
    vi.mocked(getListing).mockResolvedValue(listingFixture({ consentScopes: [...listing.scopes, offline] }));
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    const scopes = within(dialog).getAllByTestId('scope');
    expect(scopes).toHaveLength(3);
    expect(scopes[2].textContent).toContain('Keep this access when you are not using the app, until you remove it');
    expect(within(scopes[2]).getByTestId('sensitive')).toBeTruthy();
  });

  it('keeps Tab inside the dialog', async () => {
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    const cont = within(dialog).getByRole('button', { name: 'Continue' });
    fireEvent.keyDown(dialog, { key: 'Tab' });
    // Continue is the last control: Tab wraps to the first one (the privacy policy link).
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(cont);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cont);
  });

  it('says an account-level app is installed for everyone in the account', async () => {
    vi.mocked(getListing).mockResolvedValue(listingFixture({ type: 'account' }));
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    expect(within(dialog).getByTestId('install-audience').textContent).toBe('It will be installed for everyone in Acme.');
  });

  it('names the authorization server the person will allow access at, before the browser opens', async () => {
    vi.mocked(getListing).mockResolvedValue(
      listingFixture({ oauth: { clientId: 'acme', redirectPath: '/callback', sandbox: false, issuer: 'https://auth.acme.example' } } as never),
    );
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    expect(within(dialog).getByTestId('install-server').textContent).toBe('You allow access at auth.acme.example');
    expect(beginInstall).not.toHaveBeenCalled();
  });

  it('names the authorization endpoint’s host for a listing without an issuer, a look-alike host in its xn-- form', async () => {
    vi.mocked(getListing).mockResolvedValue(
      listingFixture({
        oauth: { clientId: 'acme', redirectPath: '/callback', sandbox: false, authorizationEndpoint: 'https://аcme.example:8443/oauth/authorize' },
      } as never),
    );
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    expect(within(dialog).getByTestId('install-server-host').textContent).toBe('xn--cme-5cd.example:8443');
  });

  it('says a sandbox app is allowed on the sandbox server on this computer', async () => {
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    expect(within(dialog).getByTestId('install-server').textContent).toBe('You allow access on Marketdesk’s sandbox server, on this computer.');
  });

  it('Continue calls Begin and waits for the browser: Open again, Copy link, then done closes it with success', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(beginInstall).toHaveBeenCalledWith('acme-notes'));
    const waiting = await within(dialog).findByTestId('install-waiting');
    expect(waiting.textContent).toContain('Waiting for you to allow access in your browser');
    expect(within(waiting).getByRole('button', { name: 'Copy link' }).hasAttribute('disabled')).toBe(true);

    emit({ phase: 'waiting', authUrl: 'http://127.0.0.1:5000/authorize?client_id=acme' });
    emit({ installationId: 99, phase: 'declined' }); // another install: not ours
    fireEvent.click(within(waiting).getByRole('button', { name: 'Copy link' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('http://127.0.0.1:5000/authorize?client_id=acme'));
    expect(await within(waiting).findByRole('button', { name: 'Copied' })).toBeTruthy();
    fireEvent.click(within(waiting).getByRole('button', { name: 'Open again' }));
    await waitFor(() => expect(openConsentAgain).toHaveBeenCalledWith(11));

    vi.mocked(getInstallation).mockResolvedValue(installationFixture());
    emit({ phase: 'done', status: 'active' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await screen.findByRole('status')).textContent).toContain('Acme Notes is installed');
    await waitFor(() => expect(screen.getByTestId('action-area').getAttribute('data-state')).toBe('installed'));
    expect(screen.getByTestId('installation-status').textContent).toBe('Active');
  });

  it('handles the waiting event that arrives before Begin resolves', async () => {
    let resolve: (p: InstallProgress) => void = () => {};
    vi.mocked(beginInstall).mockReturnValue(new Promise((r) => (resolve = r)));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => {}) }, configurable: true });
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    expect(within(dialog).getByRole('button', { name: 'Checking…' }).hasAttribute('disabled')).toBe(true);
    emit({ phase: 'waiting', authUrl: 'http://127.0.0.1:5000/authorize' });
    await act(async () => resolve(progressFixture()));
    const waiting = await within(dialog).findByTestId('install-waiting');
    expect(within(waiting).getByRole('button', { name: 'Copy link' }).hasAttribute('disabled')).toBe(false);
  });

  it('says so when the person declines in the browser; nothing is installed', async () => {
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await within(dialog).findByTestId('install-waiting');
    emit({ phase: 'declined', message: 'you declined; nothing was installed' });
    expect((await within(dialog).findByTestId('install-outcome')).textContent).toContain('You declined; nothing was installed');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Install' })).toBeTruthy();
  });

  it('Cancel while waiting cancels the install and says nothing was installed', async () => {
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    const waiting = await within(dialog).findByTestId('install-waiting');
    fireEvent.click(within(waiting).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(cancelInstall).toHaveBeenCalledWith(11));
    emit({ phase: 'cancelled' });
    expect((await within(dialog).findByTestId('install-outcome')).textContent).toContain('Cancelled; nothing was installed');
  });

  it('shows a failure with its message', async () => {
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await within(dialog).findByTestId('install-waiting');
    emit({ phase: 'failed', message: 'the authorization server refused the code' });
    const outcome = await within(dialog).findByTestId('install-outcome');
    expect(outcome.textContent).toContain('Nothing was installed');
    expect(outcome.textContent).toContain('the authorization server refused the code');
  });

  it.each([
    ['forbidden', 'only marketplace managers can install account-level apps'],
    ['unavailable', 'no keychain: install gnome-keyring and sign in again'],
  ] as const)('shows Begin’s refusal (%s) inline in the dialog and waits for nothing', async (code, message) => {
    vi.mocked(beginInstall).mockRejectedValue(new AppError(code, message));
    renderPage('/apps/acme-notes');
    const dialog = await openReview();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    const error = await within(dialog).findByTestId('install-error');
    expect(error.textContent).toContain(message);
    expect(within(dialog).queryByTestId('install-waiting')).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Continue' }).hasAttribute('disabled')).toBe(false);
  });

  it('shows an installed app instead of Install; needs configuration leads to Configure', async () => {
    vi.mocked(getInstallation).mockResolvedValue(installationFixture({ status: 'needs_configuration' }));
    renderPage('/apps/acme-notes');
    await waitFor(() => expect(screen.getByTestId('action-area').getAttribute('data-state')).toBe('installed'));
    const area = screen.getByTestId('action-area');
    expect(within(area).getByText('Installed')).toBeTruthy();
    expect(within(area).getByTestId('installation-status').textContent).toBe('Needs configuration');
    expect(within(area).getByTestId('finish-configuring').textContent).toBe('Finish configuring Acme Notes');
    expect(screen.queryByRole('button', { name: 'Install' })).toBeNull();
    // The installation's own page (#/installed/:id, Manage) configures it.
    expect(within(area).getByRole('link', { name: 'Configure' }).getAttribute('href')).toBe('/installed/11');
  });

  it('shows an account app a manager installed to a member', async () => {
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'admins_only' }));
    vi.mocked(getInstallation).mockResolvedValue(installationFixture({ level: 'account', userId: 0, status: 'needs_configuration' }));
    renderPage('/apps/acme-notes', nia());
    await waitFor(() => expect(screen.getByTestId('action-area').getAttribute('data-state')).toBe('installed'));
    const area = screen.getByTestId('action-area');
    expect(within(area).getByText('Installed by Olive Owner for everyone')).toBeTruthy();
    expect(within(area).queryByRole('link', { name: 'Configure' })).toBeNull();
    expect(within(area).getByText('Your admins finish its configuration.')).toBeTruthy();
  });
});

describe('InstalledPage', () => {
  beforeEach(() => {
    listeners = [];
    vi.mocked(onInstallProgress)
      .mockReset()
      .mockImplementation((cb) => {
        listeners.push(cb);
        return () => {
          listeners = listeners.filter((l) => l !== cb);
        };
      });
    vi.mocked(getAction).mockReset().mockResolvedValue(actionFixture());
  });

  it('shows granted scopes in words, offline_access included, sensitive ones marked', async () => {
    const offline = { name: 'offline_access', description: 'Keep this access when you are not using the app, until you remove it', sensitive: true };
    vi.mocked(listInstalled)
      .mockReset()
      .mockResolvedValue([
        installationFixture({
          grantedScopes: ['meeting:read', 'offline_access'],
          grantedScopeWords: [{ name: 'meeting:read', description: 'See your meetings and their participants', sensitive: false }, offline],
        }),
      ]);
    renderPage('/installed');
    const granted = await screen.findByTestId('granted-scopes');
    const items = within(granted).getAllByTestId('scope');
    expect(items.map((li) => li.querySelector('.scope-description')?.firstChild?.textContent)).toEqual([
      'See your meetings and their participants',
      'Keep this access when you are not using the app, until you remove it',
    ]);
    expect(within(items[1]).getByTestId('sensitive')).toBeTruthy();
    expect(within(items[0]).queryByTestId('sensitive')).toBeNull();
  });

  it('lists the user’s apps and the account’s with status, who installed them and the granted scopes', async () => {
    vi.mocked(listInstalled)
      .mockReset()
      .mockResolvedValue([
        installationFixture({ grantedScopes: ['meeting:read'] }),
        installationFixture({
          id: 12,
          listingId: 'deal-desk',
          listingName: 'Deal Desk',
          level: 'account',
          userId: 0,
          installedByName: 'Olive Owner',
          status: 'needs_configuration',
          requestedScopes: ['deals:read'],
          grantedScopes: ['deals:read'],
          createdAt: '2026-02-10T09:00:00Z',
        }),
      ]);
    renderPage('/installed');
    const yours = await screen.findByTestId('installed-yours');
    const mine = within(yours).getByTestId('installed-row');
    expect(within(mine).getByRole('link', { name: 'Acme Notes' }).getAttribute('href')).toBe('/apps/acme-notes');
    expect(within(mine).getByTestId('installation-status').textContent).toBe('Active');
    expect(within(mine).getByTestId('granted-scopes').textContent).toBe('meeting:read');
    expect(within(mine).getByTestId('not-granted').textContent).toContain('Not granted: recording:read');
    expect(mine.querySelector('img')?.getAttribute('src')).toBe('/catalog-assets/icon/acme-notes');

    const account = screen.getByTestId('installed-account');
    expect(within(account).getByRole('heading', { name: 'For everyone in Acme' })).toBeTruthy();
    const row = within(account).getByTestId('installed-row');
    expect(within(row).getByTestId('installation-status').textContent).toBe('Needs configuration');
    expect(row.textContent).toMatch(/Installed by Olive Owner on .*2026/);
    expect(within(row).getByTestId('granted-scopes').textContent).toBe('deals:read');
    expect(within(row).queryByTestId('not-granted')).toBeNull();
    expect(within(row).getByRole('link', { name: 'Configure Deal Desk' }).getAttribute('href')).toBe('/installed/12');
  });

  it('marks apps no longer listed or no longer approved', async () => {
    vi.mocked(listInstalled)
      .mockReset()
      .mockResolvedValue([
        installationFixture(),
        installationFixture({ id: 13, listingId: 'gone', listingName: 'Gone App', noLongerListed: true }),
      ]);
    vi.mocked(getAction).mockResolvedValue(actionFixture({ state: 'request' }));
    renderPage('/installed');
    const rows = await screen.findAllByTestId('installed-row');
    await waitFor(() => expect(within(rows[0]).getByTestId('installed-no-longer-approved')).toBeTruthy());
    expect(within(rows[1]).getByTestId('installed-no-longer-listed').textContent).toBe('No longer listed');
  });

  it('shows the empty state, and reloads when an install finishes', async () => {
    vi.mocked(listInstalled).mockReset().mockResolvedValue([]);
    renderPage('/installed');
    expect(await screen.findByText('Nothing installed yet')).toBeTruthy();
    vi.mocked(listInstalled).mockResolvedValue([installationFixture()]);
    emit({ phase: 'done', status: 'active' });
    expect(await screen.findByTestId('installed-row')).toBeTruthy();
  });
});
