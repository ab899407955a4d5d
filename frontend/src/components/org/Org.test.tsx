import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cancelOrgConnect,
  connectOrg,
  disconnectOrg,
  getOrgStatus,
  onOrgConnectProgress,
  onOrgEvent,
  onOrgStatus,
  type OrgConnectProgress,
  type OrgEvent,
  type OrgStatus,
} from '../../api/org';
import { listNewDecisions, seeDecisions, type ApprovalRequest } from '../../api/approval';
import { OrgProvider } from '../../state/org';
import { ToastProvider } from '../../state/toasts';
import { requestFixture, userFixture } from '../../test/fixtures';
import { testSession, WithSession } from '../../test/session';
import { Sidebar } from '../Sidebar';
import { Toasts } from '../Toasts';
import { Welcome } from '../Welcome';
import { formatClock, OrgMarker } from './OrgMarker';
import { OrgSection } from './OrgSection';

// api/org is mocked for every test in test/setup.ts.
vi.mock('../../api/approval', () => ({
  getPendingCount: vi.fn(async () => 0),
  listNewDecisions: vi.fn(async () => []),
  seeDecisions: vi.fn(async () => {}),
}));
vi.mock('../../api/catalog', () => ({ getSyncStatus: vi.fn(() => new Promise(() => {})), syncNow: vi.fn() }));
vi.mock('../../api/account', () => ({ initAccount: vi.fn(), listUsers: vi.fn(async () => []), switchUser: vi.fn() }));

function status(overrides: Partial<OrgStatus> = {}): OrgStatus {
  return {
    state: 'local',
    server: '',
    email: '',
    name: '',
    role: '',
    manager: false,
    userId: 0,
    account: '',
    offlineSince: '',
    message: '',
    managed: false,
    localMode: true,
    policyFile: '',
    ...overrides,
  } as OrgStatus;
}

const connected = status({
  state: 'connected',
  server: 'https://md.example.org',
  email: 'max@example.org',
  name: 'Max Member',
  role: 'member',
  userId: 12,
  account: 'Example Org',
});

/** The callback Go's events reach, as the last subscription registered it. */
function lastCallback<T>(fn: (cb: (v: T) => void) => () => void): (v: T) => void {
  const calls = vi.mocked(fn).mock.calls;
  expect(calls.length).toBeGreaterThan(0);
  return calls[calls.length - 1][0];
}

function renderSection() {
  const session = testSession();
  render(
    <MemoryRouter>
      <WithSession session={session}>
        <ToastProvider>
          <OrgSection />
          <Toasts />
        </ToastProvider>
      </WithSession>
    </MemoryRouter>,
  );
  return session;
}

describe('Settings › Organization', () => {
  beforeEach(() => {
    vi.mocked(getOrgStatus).mockReset().mockResolvedValue(status());
    vi.mocked(connectOrg).mockReset();
    vi.mocked(cancelOrgConnect).mockReset().mockResolvedValue();
    vi.mocked(disconnectOrg).mockReset();
    vi.mocked(onOrgConnectProgress).mockClear();
  });

  it('connects: waiting for the browser with Cancel, then who you are and your role', async () => {
    let finish: (s: OrgStatus) => void = () => {};
    vi.mocked(connectOrg).mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const session = renderSection();
    const field = await screen.findByRole('textbox', { name: 'Server address' });
    expect(screen.getByRole('button', { name: 'Connect' })).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: ' https://md.example.org ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(connectOrg).toHaveBeenCalledWith('https://md.example.org');
    expect((await screen.findByTestId('org-waiting')).textContent).toContain('Checking the server');
    act(() => lastCallback<OrgConnectProgress>(onOrgConnectProgress)({ phase: 'waiting', authUrl: 'https://md.example.org/oauth/authorize?x=1' }));
    expect(screen.getByTestId('org-waiting').textContent).toContain('Waiting for sign-in in your browser…');
    fireEvent.click(within(screen.getByTestId('org-waiting')).getByRole('button', { name: 'Cancel' }));
    expect(cancelOrgConnect).toHaveBeenCalled();

    await act(async () => finish(connected));
    expect((await screen.findByTestId('org-me')).textContent).toBe('Max Member <max@example.org>');
    expect(screen.getByTestId('org-role').textContent).toBe('member');
    expect(screen.getByText('Connected to https://md.example.org')).toBeTruthy();
    expect(session.refresh).toHaveBeenCalled();
  });

  it('says why a sign-in failed and keeps the address', async () => {
    vi.mocked(connectOrg).mockRejectedValue({ code: 'conflict', message: 'the sign-in was cancelled; nothing was saved' });
    renderSection();
    fireEvent.change(await screen.findByRole('textbox', { name: 'Server address' }), { target: { value: 'https://md.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect((await screen.findByRole('alert')).textContent).toContain('the sign-in was cancelled');
    expect(screen.getByRole('textbox', { name: 'Server address' })).toHaveProperty('value', 'https://md.example.org');
  });

  it('presets and locks the server a managed policy names', async () => {
    vi.mocked(getOrgStatus).mockResolvedValue(
      status({ state: 'managed', server: 'https://md.example.org', managed: true, policyFile: '/etc/marketdesk/policy.json' }),
    );
    renderSection();
    const field = await screen.findByRole('textbox', { name: 'Server address' });
    expect(field).toHaveProperty('value', 'https://md.example.org');
    expect(field).toHaveProperty('readOnly', true);
    expect(screen.getByText('Set by your organization (/etc/marketdesk/policy.json).')).toBeTruthy();
  });

  it('asks before disconnecting, then returns to local mode', async () => {
    vi.mocked(getOrgStatus).mockResolvedValueOnce(connected).mockResolvedValue(status());
    vi.mocked(disconnectOrg).mockResolvedValue(true);
    renderSection();
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    expect(disconnectOrg).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect and sign out' }));
    await waitFor(() => expect(disconnectOrg).toHaveBeenCalled());
    expect(await screen.findByRole('textbox', { name: 'Server address' })).toBeTruthy();
    expect(screen.getByTestId('toast').textContent).toContain('Disconnected from your organization.');
  });

  it('offers Sign in again when the server refused the sign-in', async () => {
    vi.mocked(getOrgStatus).mockResolvedValue({ ...connected, state: 'signed_out' } as OrgStatus);
    vi.mocked(connectOrg).mockResolvedValue(connected);
    renderSection();
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(connectOrg).toHaveBeenCalledWith('https://md.example.org'));
  });
});

describe('The window in organization mode', () => {
  beforeEach(() => {
    vi.mocked(getOrgStatus).mockReset().mockResolvedValue(connected);
    vi.mocked(onOrgStatus).mockClear();
    vi.mocked(onOrgEvent).mockClear();
  });

  function renderWindow(path = '/discover') {
    const session = testSession();
    render(
      <MemoryRouter initialEntries={[path]}>
        <WithSession session={session}>
          <ToastProvider>
            <OrgProvider>
              <Sidebar />
              <OrgMarker />
            </OrgProvider>
            <Toasts />
          </ToastProvider>
        </WithSession>
      </MemoryRouter>,
    );
    return session;
  }

  it('shows "Offline since HH:MM" while the server does not answer, and "Signed out" with a button', async () => {
    renderWindow();
    await waitFor(() => expect(getOrgStatus).toHaveBeenCalled());
    expect(screen.queryByTestId('org-offline')).toBeNull();
    const since = '2026-12-02T09:05:00Z';
    act(() => lastCallback<OrgStatus>(onOrgStatus)({ ...connected, state: 'offline', offlineSince: since } as OrgStatus));
    expect(screen.getByTestId('org-offline').textContent).toBe(`Offline since ${formatClock(since)}`);
    expect(formatClock(since)).toMatch(/^\d\d:\d\d$/);
    act(() => lastCallback<OrgStatus>(onOrgStatus)({ ...connected, state: 'signed_out' } as OrgStatus));
    expect(screen.queryByTestId('org-offline')).toBeNull();
    const marker = screen.getByTestId('org-signed-out');
    expect(marker.textContent).toContain('Signed out — sign in again');
    expect(within(marker).getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/settings');
    act(() => lastCallback<OrgStatus>(onOrgStatus)(connected));
    expect(screen.queryByTestId('org-signed-out')).toBeNull();
  });

  it('a decision on your request: a toast, a badge on My requests, and the pages reload', async () => {
    const session = renderWindow();
    await waitFor(() => expect(onOrgEvent).toHaveBeenCalled());
    expect(screen.queryByTestId('decisions-badge')).toBeNull();
    const decided: OrgEvent = {
      id: '41',
      kind: 'request.decided',
      data: { id: 7, listing_id: 'notes', user_id: 12, status: 'approved', decision_note: 'ok for sales' },
    };
    act(() => lastCallback<OrgEvent>(onOrgEvent)(decided));
    expect(screen.getByTestId('toast').textContent).toContain('Your request for notes was approved: ok for sales');
    expect(screen.getByTestId('toast').getAttribute('role')).toBe('status');
    expect(screen.getByTestId('decisions-badge').textContent).toBe('1');
    expect(screen.getByRole('link', { name: /My requests, 1 new decision/ })).toBeTruthy();
    expect(session.changed).toHaveBeenCalled();

    act(() => lastCallback<OrgEvent>(onOrgEvent)({ id: '42', kind: 'request.created', data: { id: 8 } }));
    expect(screen.getAllByTestId('toast')).toHaveLength(1); // other changes reload quietly
    expect(session.changed).toHaveBeenCalledTimes(2);

    fireEvent.click(screen.getByRole('link', { name: /My requests/ }));
    await waitFor(() => expect(screen.queryByTestId('decisions-badge')).toBeNull());
  });
});

describe('The window in local mode: decisions on your requests', () => {
  it('the next time you are active: a toast per decision since you last saw them, the same badge, seen once you open My requests', async () => {
    const news: ApprovalRequest[] = [
      requestFixture({ id: 4, listingName: 'Acme Notes', status: 'approved', decisionNote: '' }),
      requestFixture({ id: 6, listingName: 'Deal Desk', status: 'denied', decisionNote: 'not this quarter' }),
    ];
    vi.mocked(listNewDecisions).mockReset().mockResolvedValue(news);
    vi.mocked(seeDecisions).mockClear();
    const session = testSession(userFixture({ id: 3, role: 'member', manager: false }));
    render(
      <MemoryRouter initialEntries={['/discover']}>
        <WithSession session={session}>
          <ToastProvider>
            <OrgProvider>
              <Sidebar />
            </OrgProvider>
            <Toasts />
          </ToastProvider>
        </WithSession>
      </MemoryRouter>,
    );
    await waitFor(() => expect(screen.getAllByTestId('toast')).toHaveLength(2));
    const toasts = screen.getAllByTestId('toast').map((t) => t.textContent);
    expect(toasts[0]).toContain('Your request for Acme Notes was approved');
    expect(toasts[1]).toContain('Your request for Deal Desk was declined: not this quarter');
    expect(screen.getByTestId('decisions-badge').textContent).toBe('2');
    expect(seeDecisions).not.toHaveBeenCalled(); // told, but not yet seen: the badge stays after a restart

    fireEvent.click(screen.getByRole('link', { name: /My requests/ }));
    await waitFor(() => expect(seeDecisions).toHaveBeenCalledWith(6));
    expect(screen.queryByTestId('decisions-badge')).toBeNull();
  });
});

describe('Welcome › organization', () => {
  beforeEach(() => {
    vi.mocked(getOrgStatus).mockReset();
    vi.mocked(connectOrg).mockReset().mockResolvedValue(connected);
  });

  it('offers Connect to your organization beside the local account', async () => {
    vi.mocked(getOrgStatus).mockResolvedValue(status());
    const onCreated = vi.fn(async () => {});
    render(<Welcome suggestedName="Max" onCreated={onCreated} />);
    expect(await screen.findByRole('button', { name: 'Create account' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Connect to your organization' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Server address' }), { target: { value: 'https://md.example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect to your organization' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(connectOrg).toHaveBeenCalledWith('https://md.example.org');
  });

  it('a policy without local mode hides the local account and presets the server', async () => {
    vi.mocked(getOrgStatus).mockResolvedValue(
      status({ state: 'managed', server: 'https://md.example.org', managed: true, localMode: false, policyFile: '/etc/marketdesk/policy.json' }),
    );
    let fail: (reason: unknown) => void = () => {};
    vi.mocked(connectOrg).mockImplementation(() => new Promise((_, reject) => (fail = reject)));
    const onCreated = vi.fn(async () => {});
    render(<Welcome suggestedName="Max" onCreated={onCreated} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Connect to your organization' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create account' })).toBeNull();
    // Nothing to choose: the sign-in opens by itself, once.
    await waitFor(() => expect(connectOrg).toHaveBeenCalledWith('https://md.example.org'));
    await act(async () => fail(new Error('you cancelled the sign-in')));
    expect(await screen.findByRole('textbox', { name: 'Server address' })).toHaveProperty('value', 'https://md.example.org');
    expect(connectOrg).toHaveBeenCalledTimes(1);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('goes on when Go says the sign-in finished, even before the window’s own call returns', async () => {
    vi.mocked(getOrgStatus).mockResolvedValue(
      status({ state: 'managed', server: 'https://md.example.org', managed: true, localMode: false, policyFile: '/etc/marketdesk/policy.json' }),
    );
    vi.mocked(connectOrg).mockImplementation(() => new Promise(() => {}));
    vi.mocked(onOrgStatus).mockClear();
    const onCreated = vi.fn(async () => {});
    render(<Welcome suggestedName="Max" onCreated={onCreated} />);
    await waitFor(() => expect(connectOrg).toHaveBeenCalled());
    act(() => lastCallback<OrgStatus>(onOrgStatus)({ ...connected, state: 'offline' } as OrgStatus));
    expect(onCreated).not.toHaveBeenCalled();
    act(() => lastCallback<OrgStatus>(onOrgStatus)(connected));
    act(() => lastCallback<OrgStatus>(onOrgStatus)(connected));
    expect(onCreated).toHaveBeenCalledTimes(1);
  });

  it('a policy that allows the local account does not start the sign-in by itself', async () => {
    vi.mocked(getOrgStatus).mockResolvedValue(status({ state: 'managed', server: 'https://md.example.org', managed: true }));
    render(<Welcome suggestedName="Max" onCreated={vi.fn(async () => {})} />);
    expect(await screen.findByRole('button', { name: 'Create account' })).toBeTruthy();
    expect(connectOrg).not.toHaveBeenCalled();
  });
});
