import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { addUser, listUsers, removeUser, setManager, setRequirePreapproval } from '../api/account';
import { bulkPreApprove, decideRequest, getPendingCount, listAppStates, listRequests } from '../api/approval';
import { exportAudit, listAudit } from '../api/audit';
import { AppError } from '../api/errors';
import { summarizeDetails } from '../components/admin/AuditTab';
import { getListing } from '../api/catalog';
import { listingFixture, mel, nia, requestFixture, userFixture } from '../test/fixtures';
import { renderCatalog } from '../test/renderRoutes';
import { testSession } from '../test/session';

vi.mock('../api/catalog', () => ({ getHome: vi.fn(), searchApps: vi.fn(), getListing: vi.fn() }));
vi.mock('../api/runtime', () => ({ openExternal: vi.fn(), onSyncStatus: vi.fn(() => () => {}), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/install', () => ({ listInstalled: vi.fn(async () => []), getInstallation: vi.fn(async () => null) }));
vi.mock('../api/account', () => ({
  roles: ['owner', 'admin', 'member'],
  listUsers: vi.fn(),
  addUser: vi.fn(),
  updateUser: vi.fn(),
  removeUser: vi.fn(),
  setManager: vi.fn(),
  setRequirePreapproval: vi.fn(),
}));
vi.mock('../api/approval', () => ({
  getPendingCount: vi.fn(),
  listAppStates: vi.fn(),
  bulkPreApprove: vi.fn(),
  bulkRevoke: vi.fn(),
  listRequests: vi.fn(),
  decideRequest: vi.fn(),
}));
vi.mock('../api/audit', () => ({ listAudit: vi.fn(), exportAudit: vi.fn() }));

const appState = (id: string, name: string, state = 'none') =>
  ({ listingId: id, name, developer: 'Acme Software', type: 'user', state, userCount: 0, note: '', approvedAt: '', pendingRequests: 0, noLongerListed: false }) as never;

const entry = (id: number, action: string, target: string, details = '') =>
  ({ id, at: '2026-02-03T09:00:00Z', actorId: 1, actorName: 'Olive Owner', actorEmail: 'olive@acme.example', action, target, details }) as never;

describe('Admin', () => {
  beforeEach(() => {
    vi.mocked(getPendingCount).mockReset().mockResolvedValue(1);
    vi.mocked(listUsers).mockReset().mockResolvedValue([userFixture(), userFixture({ id: 4, name: 'Ada Admin', email: 'ada@acme.example', role: 'admin', manager: false }), mel()]);
    vi.mocked(listRequests).mockReset().mockResolvedValue([requestFixture()]);
    vi.mocked(decideRequest).mockReset().mockResolvedValue(requestFixture({ status: 'denied' }));
    vi.mocked(listAppStates).mockReset().mockResolvedValue([appState('acme-notes', 'Acme Notes'), appState('deal-desk', 'Deal Desk', 'account')]);
    vi.mocked(listAudit).mockReset().mockResolvedValue([entry(2, 'approval.granted', 'acme-notes', '{"scope":"users","userIds":[2,3],"note":""}'), entry(1, 'account.created', 'Acme')]);
  });

  it('tells a member Admin is for managers and loads nothing', async () => {
    renderCatalog('/admin/requests', testSession(nia()));
    expect(await screen.findByText('Only marketplace managers can open Admin')).toBeTruthy();
    expect(listRequests).not.toHaveBeenCalled();
  });

  it('has a tab per section, in the URL, with the pending count on Requests', async () => {
    const view = renderCatalog('/admin/apps', testSession());
    const tabs = screen.getByRole('navigation', { name: 'Admin sections' });
    await screen.findByText('Acme Notes');
    expect(await within(tabs).findByRole('link', { name: 'Requests, 1 pending request' })).toBeTruthy();
    expect(within(tabs).getAllByRole('link').map((l) => l.getAttribute('href'))).toEqual(
      ['apps', 'requests', 'users', 'audit', 'settings'].map((t) => `/admin/${t}`),
    );
    expect(within(tabs).getByRole('link', { name: 'Apps' }).getAttribute('aria-current')).toBe('page');
    fireEvent.click(within(tabs).getByRole('link', { name: /Users/ }));
    await waitFor(() => expect(view.location()).toBe('/admin/users'));
  });

  it('Requests: denies with a note', async () => {
    const session = testSession();
    renderCatalog('/admin/requests', session);
    const row = await screen.findByTestId('request-row');
    expect(listRequests).toHaveBeenCalledWith('pending');
    expect(row.textContent).toContain('Nia Member');
    expect(row.textContent).toContain('“For our team meetings”');
    expect(within(row).getByRole('link', { name: 'Acme Notes' }).getAttribute('href')).toBe('/apps/acme-notes');
    fireEvent.click(within(row).getByRole('button', { name: 'Deny' }));
    fireEvent.change(within(row).getByRole('textbox', { name: 'Note to the requester (optional)' }), { target: { value: ' Use Acme Docs ' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Deny request' }));
    await waitFor(() => expect(decideRequest).toHaveBeenCalledWith(7, { approve: false, forAccount: false, note: 'Use Acme Docs' }));
    await waitFor(() => expect(listRequests).toHaveBeenCalledTimes(2));
    expect(session.changed).toHaveBeenCalled();
  });

  it('Requests: approves with a note for the requester', async () => {
    renderCatalog('/admin/requests', testSession());
    const row = await screen.findByTestId('request-row');
    fireEvent.click(within(row).getByRole('button', { name: 'Approve with a note' }));
    fireEvent.change(within(row).getByRole('textbox', { name: 'Note to the requester (optional)' }), { target: { value: ' Welcome aboard ' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Approve request' }));
    await waitFor(() => expect(decideRequest).toHaveBeenCalledWith(7, { approve: true, forAccount: false, note: 'Welcome aboard' }));
  });

  it('Requests: approves for the requester or for everyone', async () => {
    renderCatalog('/admin/requests', testSession());
    fireEvent.click(await screen.findByRole('button', { name: 'Approve Acme Notes for Nia Member' }));
    await waitFor(() => expect(decideRequest).toHaveBeenCalledWith(7, { approve: true, forAccount: false, note: '' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Approve for everyone' }));
    await waitFor(() => expect(decideRequest).toHaveBeenLastCalledWith(7, { approve: true, forAccount: true, note: '' }));
  });

  it('Requests: an account-level request offers Install for the account (the review dialog), not Approve', async () => {
    vi.mocked(listRequests).mockResolvedValue([requestFixture({ listingId: 'deal-desk', listingName: 'Deal Desk', listingType: 'account' })]);
    vi.mocked(getListing).mockReset().mockResolvedValue(listingFixture({ id: 'deal-desk', name: 'Deal Desk', type: 'account' }));
    renderCatalog('/admin/requests', testSession());
    const row = await screen.findByTestId('request-row');
    expect(within(row).queryByRole('button', { name: /^Approve/ })).toBeNull();
    expect(within(row).getByRole('button', { name: 'Deny' })).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Install Deal Desk for the account (asked by Nia Member)' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('install-audience').textContent).toBe('It will be installed for everyone in Acme.');
    expect(getListing).toHaveBeenCalledWith('deal-desk');
    expect(decideRequest).not.toHaveBeenCalled();
  });

  it('guides a new owner: nobody else → add people; nothing pre-approved → pre-approve apps', async () => {
    vi.mocked(listUsers).mockResolvedValue([userFixture()]);
    vi.mocked(listAppStates).mockResolvedValue([appState('acme-notes', 'Acme Notes', 'none')]);
    const view = renderCatalog('/admin/apps', testSession());
    const approve = await screen.findByTestId('preapprove-guide');
    expect(within(approve).getByRole('link', { name: 'Pre-approve apps in Discover' }).getAttribute('href')).toBe('/discover');
    fireEvent.click(within(screen.getByRole('navigation', { name: 'Admin sections' })).getByRole('link', { name: /Users/ }));
    await waitFor(() => expect(view.location()).toBe('/admin/users'));
    const guide = await screen.findByTestId('add-people-guide');
    fireEvent.click(within(guide).getByRole('link', { name: 'Add people' }));
    expect(document.activeElement).toBe(within(screen.getByRole('region', { name: 'Add a user' })).getByRole('textbox', { name: 'Name' }));
  });

  it('no guides once there are people and pre-approvals', async () => {
    renderCatalog('/admin/apps', testSession());
    await screen.findByText('Acme Notes');
    expect(screen.queryByTestId('preapprove-guide')).toBeNull();
  });

  it('Requests: a request decided meanwhile says so and reloads', async () => {
    vi.mocked(decideRequest).mockRejectedValue(new AppError('conflict', 'this request was already approved'));
    renderCatalog('/admin/requests', testSession());
    fireEvent.click(await screen.findByRole('button', { name: /^Approve Acme Notes/ }));
    const notice = await screen.findByTestId('already-decided');
    expect(notice.textContent).toContain('Already decided');
    expect(notice.textContent).toContain('this request was already approved');
    await waitFor(() => expect(listRequests).toHaveBeenCalledTimes(2));
  });

  it('Users: adds a user, and shows a refusal inline', async () => {
    vi.mocked(addUser).mockReset().mockResolvedValue(nia());
    renderCatalog('/admin/users', testSession());
    const rows = await screen.findAllByTestId('user-row');
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('(you)');
    expect(rows[0].textContent).toContain('Always (owner)');
    const form = screen.getByRole('region', { name: 'Add a user' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Nia Member' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Email' }), { target: { value: 'nia@acme.example' } });
    const manager = within(form).getByRole('checkbox', { name: /Marketplace manager/ }) as HTMLInputElement;
    expect(manager.disabled).toBe(true);
    fireEvent.change(within(form).getByRole('combobox', { name: 'Role' }), { target: { value: 'admin' } });
    fireEvent.click(manager);
    fireEvent.click(within(form).getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(addUser).toHaveBeenCalledWith({ name: 'Nia Member', email: 'nia@acme.example', role: 'admin', manager: true }));
    expect(await within(form).findByText('Added Nia Member')).toBeTruthy();
    expect((within(form).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('');

    vi.mocked(addUser).mockRejectedValue(new AppError('invalid_input', 'a user with this email already exists'));
    fireEvent.click(within(form).getByRole('button', { name: 'Add user' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('a user with this email already exists');
  });

  it('Users: grants manager to an admin and removes a user after confirming', async () => {
    vi.mocked(setManager).mockReset().mockResolvedValue(userFixture());
    vi.mocked(removeUser).mockReset().mockResolvedValue();
    renderCatalog('/admin/users', testSession());
    fireEvent.click(await screen.findByRole('button', { name: 'Grant manager' }));
    await waitFor(() => expect(setManager).toHaveBeenCalledWith(4, true));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Mel Member' }));
    expect(removeUser).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Remove user' }));
    await waitFor(() => expect(removeUser).toHaveBeenCalledWith(2));
  });

  it('Users: the last owner’s own Remove is blocked, with the reason beside it', async () => {
    vi.mocked(removeUser).mockReset();
    renderCatalog('/admin/users', testSession());
    const remove = await screen.findByRole('button', { name: 'Remove Olive Owner' });
    expect(remove.getAttribute('aria-disabled')).toBe('true');
    const reason = document.getElementById(remove.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toBe('The account needs at least one owner: make someone else an owner first.');
    fireEvent.click(remove);
    expect(screen.queryByRole('button', { name: 'Remove user' })).toBeNull();
    expect(removeUser).not.toHaveBeenCalled();
  });

  it('Users: a refusal shows next to its row, as a sentence', async () => {
    vi.mocked(removeUser).mockReset().mockRejectedValue(new AppError('conflict', 'mel has an installation in progress'));
    renderCatalog('/admin/users', testSession());
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Mel Member' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove user' }));
    const error = await screen.findByTestId('user-row-error');
    expect(error.textContent).toBe('Mel has an installation in progress.');
    expect(error.closest('tr')?.textContent).toContain('Mel Member');
  });

  it('Audit log: lists entries and filters by action, actor and target', async () => {
    renderCatalog('/admin/audit', testSession());
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows[0].textContent).toContain('approval.granted');
    expect(rows[0].textContent).toContain('scope: users · userIds: 2, 3');
    expect(listAudit).toHaveBeenLastCalledWith({ action: '', actor: '', target: '' });
    const action = screen.getByRole('combobox', { name: 'Action' }) as HTMLSelectElement;
    // Words, not the actions' raw prefixes.
    expect([...action.options].map((o) => o.textContent)).toEqual([
      'All',
      'Account',
      'Users',
      'Approvals',
      'Requests',
      'Installations',
      'Catalog sources',
      'Switch user',
    ]);
    expect(screen.queryByRole('option', { name: 'approval.' })).toBeNull();
    fireEvent.change(action, { target: { value: 'approval.' } });
    await waitFor(() => expect(listAudit).toHaveBeenLastCalledWith({ action: 'approval.', actor: '', target: '' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Who' }), { target: { value: 'olive' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Target' }), { target: { value: 'acme-notes' } });
    await waitFor(() => expect(listAudit).toHaveBeenLastCalledWith({ action: 'approval.', actor: 'olive', target: 'acme-notes' }));
  });

  it('Audit log: exports with the filters and says where it went', async () => {
    vi.mocked(exportAudit).mockReset().mockResolvedValueOnce('/home/olive/audit.csv').mockResolvedValueOnce('');
    renderCatalog('/admin/audit', testSession());
    await screen.findAllByTestId('audit-row');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByTestId('export-saved')).textContent).toBe('Saved to /home/olive/audit.csv');
    expect(exportAudit).toHaveBeenCalledWith('csv', { action: '', actor: '', target: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(exportAudit).toHaveBeenLastCalledWith('json', expect.anything()));
    await waitFor(() => expect(screen.queryByTestId('export-saved')).toBeNull());
  });

  it('Apps: filters by state and approves a selection for everyone', async () => {
    vi.mocked(bulkPreApprove).mockReset().mockResolvedValue({ done: ['acme-notes'], failed: { 'deal-desk': 'no longer listed' } } as never);
    renderCatalog('/admin/apps', testSession());
    await screen.findByText('Acme Notes');
    fireEvent.click(screen.getByRole('button', { name: 'Not approved' }));
    await waitFor(() => expect(listAppStates).toHaveBeenLastCalledWith({ state: 'none', text: '' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Acme Notes' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Deal Desk' }));
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve selected for everyone' }));
    await waitFor(() => expect(bulkPreApprove).toHaveBeenCalledWith(['acme-notes', 'deal-desk'], ''));
    expect((await screen.findByTestId('bulk-result')).textContent).toBe('1 done, 1 failed');
    expect(screen.getByText('deal-desk: no longer listed')).toBeTruthy();
  });

  it('Account: turns "Require pre-approval" off', async () => {
    vi.mocked(setRequirePreapproval).mockReset().mockResolvedValue({} as never);
    const session = testSession();
    renderCatalog('/admin/settings', session);
    const toggle = screen.getByRole('switch', { name: 'Require pre-approval' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(toggle);
    // Not at once: a dialog says what it does to everyone, Cancel first.
    const dialog = await screen.findByRole('dialog', { name: 'Turn off pre-approval?' });
    expect(dialog.textContent).toContain('Everyone in Acme will be able to install any user-level app that is not blocked');
    expect(setRequirePreapproval).not.toHaveBeenCalled();
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(setRequirePreapproval).not.toHaveBeenCalled();
    fireEvent.click(toggle);
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Turn off pre-approval' }));
    await waitFor(() => expect(setRequirePreapproval).toHaveBeenCalledWith(false));
    await waitFor(() => expect(session.refresh).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('Account: turns "Require pre-approval" back on without asking', async () => {
    vi.mocked(setRequirePreapproval).mockReset().mockResolvedValue({} as never);
    const session = testSession(userFixture(), { account: { ...testSession().account!, requirePreapproval: false } });
    renderCatalog('/admin/settings', session);
    fireEvent.click(screen.getByRole('switch', { name: 'Require pre-approval' }));
    await waitFor(() => expect(setRequirePreapproval).toHaveBeenCalledWith(true));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('summarizeDetails', () => {
  it('summarizes a JSON object and leaves other text alone', () => {
    expect(summarizeDetails('{"role":"member","manager":false}')).toBe('role: member · manager: false');
    expect(summarizeDetails('')).toBe('');
    expect(summarizeDetails('not json')).toBe('not json');
  });
});
