import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getListing } from '../api/catalog';
import {
  findInstallation,
  finishExternal,
  getConfiguration,
  getHistory,
  openConfigurationPage,
  reconnect,
  removeInstallation,
  saveConfiguration,
  type ConfigFieldState,
  type ConfigState,
} from '../api/manage';
import { Toasts } from '../components/Toasts';
import { ToastProvider } from '../state/toasts';
import { installationFixture, listingFixture, mel, userFixture } from '../test/fixtures';
import { testSession, WithSession } from '../test/session';
import { ManagePage } from './ManagePage';

vi.mock('../api/catalog', () => ({ getListing: vi.fn() }));
vi.mock('../api/runtime', () => ({ onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../api/manage', () => ({
  secretMask: '••••••••',
  findInstallation: vi.fn(),
  getConfiguration: vi.fn(),
  saveConfiguration: vi.fn(),
  openConfigurationPage: vi.fn(),
  finishExternal: vi.fn(),
  removeInstallation: vi.fn(),
  getHistory: vi.fn(),
  reconnect: vi.fn(),
  onInstallationsChanged: vi.fn(() => () => {}),
}));

function field(overrides: Partial<ConfigFieldState>): ConfigFieldState {
  return { key: 'k', label: 'K', type: 'text', required: false, value: null, isSet: false, ...overrides } as ConfigFieldState;
}

const allFields: ConfigFieldState[] = [
  field({ key: 'workspace', label: 'Workspace name', type: 'text', required: true, placeholder: 'Acme', help: 'Shown in notes.' }),
  field({ key: 'intro', label: 'Intro', type: 'multiline', value: 'Hello\nthere', isSet: true }),
  field({ key: 'limit', label: 'Note limit', type: 'number', min: 1, max: 50, default: 10 }),
  field({ key: 'share', label: 'Share notes', type: 'toggle', default: true }),
  field({
    key: 'region',
    label: 'Region',
    type: 'select',
    required: true,
    options: [
      { value: 'eu', label: 'Europe' },
      { value: 'us', label: 'United States' },
    ],
    value: 'eu',
    isSet: true,
  }),
  field({
    key: 'topics',
    label: 'Topics',
    type: 'multiselect',
    options: [
      { value: 'sales', label: 'Sales' },
      { value: 'eng', label: 'Engineering' },
    ],
    value: ['eng'],
    isSet: true,
    note: 'New in this version of the app.',
  }),
  field({ key: 'site', label: 'Website', type: 'url' }),
  field({ key: 'contact', label: 'Contact email', type: 'email' }),
  field({ key: 'apiKey', label: 'API key', type: 'secret', required: true, value: '••••••••', isSet: true }),
];

function configState(overrides: Partial<ConfigState> = {}): ConfigState {
  return {
    installationId: 11,
    listingId: 'acme-notes',
    kind: 'form',
    fields: allFields,
    externalUrl: '',
    status: 'needs_configuration',
    missing: ['workspace'],
    dropped: [],
    readOnly: false,
    errors: {},
    configuredAt: '',
    ...overrides,
  } as ConfigState;
}

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

function renderManage(me = userFixture()) {
  return render(
    <WithSession session={testSession(me)}>
      <ToastProvider>
        <MemoryRouter initialEntries={['/installed/11']}>
          <Routes>
            <Route path="/installed/:id" element={<ManagePage />} />
            <Route path="/installed" element={<p>Installed list</p>} />
          </Routes>
          <Where />
        </MemoryRouter>
        <Toasts />
      </ToastProvider>
    </WithSession>,
  );
}

describe('Manage', () => {
  beforeEach(() => {
    vi.mocked(getListing).mockReset().mockResolvedValue(listingFixture());
    vi.mocked(findInstallation).mockReset().mockResolvedValue(installationFixture({ status: 'needs_configuration' }));
    vi.mocked(getConfiguration).mockReset().mockResolvedValue(configState());
    vi.mocked(saveConfiguration).mockReset();
    vi.mocked(removeInstallation).mockReset().mockResolvedValue();
    vi.mocked(openConfigurationPage).mockReset().mockResolvedValue();
    vi.mocked(finishExternal).mockReset();
    vi.mocked(reconnect).mockReset();
    vi.mocked(getHistory)
      .mockReset()
      .mockResolvedValue([
        { id: 1, at: '2026-03-01T10:00:00Z', actorId: 1, actorName: 'Olive Owner', actorEmail: '', action: 'install.completed', target: 'acme-notes', details: '' },
      ] as never);
  });

  it('shows the overview, the tabs, Configure, Remove and History in that order', async () => {
    renderManage();
    const page = await screen.findByTestId('manage');
    expect(screen.getByRole('heading', { level: 1, name: 'Acme Notes' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Manage' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Details' }).getAttribute('href')).toBe('/apps/acme-notes');
    expect(within(screen.getByTestId('manage-overview')).getByTestId('installation-status').textContent).toBe('Needs configuration');
    expect(screen.getByTestId('config-summary').textContent).toBe('Still needed: Workspace name');
    const order = [...page.querySelectorAll('[data-testid^="manage-"]')].map((el) => el.getAttribute('data-testid'));
    expect(order).toEqual(['manage-overview', 'manage-granted', 'manage-configure', 'manage-remove', 'manage-history']);
    expect((await screen.findAllByTestId('history-row'))[0].textContent).toContain('install.completed');
  });

  it('renders every field type with its label, help, note and value', async () => {
    renderManage();
    await screen.findByTestId('config-form');
    const workspace = screen.getByRole('textbox', { name: /Workspace name/ }) as HTMLInputElement;
    expect(workspace.placeholder).toBe('Acme');
    expect(workspace.getAttribute('aria-required')).toBe('true');
    expect(screen.getByText('Shown in notes.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Intro' }) as HTMLTextAreaElement).tagName).toBe('TEXTAREA');
    const limit = screen.getByRole('spinbutton', { name: 'Note limit' }) as HTMLInputElement;
    expect([limit.value, limit.min, limit.max]).toEqual(['10', '1', '50']);
    expect(screen.getByRole('switch', { name: 'Share notes' }).getAttribute('aria-checked')).toBe('true');
    expect((screen.getByRole('combobox', { name: /Region/ }) as HTMLSelectElement).value).toBe('eu');
    const topics = screen.getByRole('group', { name: /Topics/ });
    expect((within(topics).getByRole('checkbox', { name: 'Engineering' }) as HTMLInputElement).checked).toBe(true);
    expect((within(topics).getByRole('checkbox', { name: 'Sales' }) as HTMLInputElement).checked).toBe(false);
    expect(within(topics).getByText('New in this version of the app.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Website' }) as HTMLInputElement).type).toBe('url');
    expect((screen.getByRole('textbox', { name: 'Contact email' }) as HTMLInputElement).type).toBe('email');
  });

  it('masks a set secret, replaces it on request and keeps it otherwise', async () => {
    vi.mocked(saveConfiguration).mockResolvedValue(configState({ status: 'active', missing: [] }));
    renderManage();
    await screen.findByTestId('config-form');
    expect(screen.getByTestId('secret-apiKey').textContent).toBe('••••••••');
    expect(document.querySelector('input[type="password"]')).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: /Workspace name/ }), { target: { value: 'Acme' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saveConfiguration).toHaveBeenCalledTimes(1));
    expect(vi.mocked(saveConfiguration).mock.calls[0][1]).toEqual({
      workspace: 'Acme',
      intro: 'Hello\nthere',
      limit: 10,
      share: true,
      region: 'eu',
      topics: ['eng'],
      site: null,
      contact: null,
      apiKey: '••••••••',
    });
    expect((await screen.findByTestId('config-saved')).textContent).toBe('Saved');

    fireEvent.click(screen.getByRole('button', { name: 'Replace API key' }));
    const password = document.querySelector('input[type="password"]') as HTMLInputElement;
    expect(password.value).toBe('');
    fireEvent.change(password, { target: { value: 'sk-new' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saveConfiguration).toHaveBeenCalledTimes(2));
    expect(vi.mocked(saveConfiguration).mock.calls[1][1].apiKey).toBe('sk-new');
  });

  it('shows Go’s messages next to their fields when a save is refused', async () => {
    vi.mocked(saveConfiguration).mockResolvedValue(
      configState({ errors: { workspace: 'This field is required.', contact: 'Enter an email address like name@example.com.' } }),
    );
    renderManage();
    await screen.findByTestId('config-form');
    fireEvent.change(screen.getByRole('textbox', { name: 'Contact email' }), { target: { value: 'not-an-email' } });
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    fireEvent.click(save);
    expect(save.disabled).toBe(true);
    const error = await screen.findByTestId('error-contact');
    expect(error.textContent).toBe('Enter an email address like name@example.com.');
    expect(within(screen.getByTestId('field-contact')).getByText('Enter an email address like name@example.com.')).toBeTruthy();
    expect(within(screen.getByTestId('field-workspace')).getByText('This field is required.')).toBeTruthy();
    const contact = screen.getByRole('textbox', { name: 'Contact email' });
    expect(contact.getAttribute('aria-invalid')).toBe('true');
    expect(contact.getAttribute('aria-describedby')).toContain('cfg-contact-error');
    expect((contact as HTMLInputElement).value).toBe('not-an-email');
    const summary = screen.getByTestId('config-invalid');
    expect(summary.textContent).toContain('Nothing was saved');
    // The summary comes before the fields it refers to, and focus goes to the first one marked.
    expect(summary.compareDocumentPosition(screen.getByTestId('field-workspace')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: /Workspace name/ })));
    expect(screen.getByTestId('config-saved').textContent).toBe('');
  });

  it('shows the values read-only to a member viewing an account-level app', async () => {
    vi.mocked(findInstallation).mockResolvedValue(installationFixture({ level: 'account' }));
    vi.mocked(getConfiguration).mockResolvedValue(configState({ readOnly: true, status: 'active' }));
    renderManage(mel());
    const view = await screen.findByTestId('config-readonly');
    expect(view.textContent).toContain('Only admins can change this configuration.');
    expect(view.textContent).toContain('Europe');
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
  });

  it('offers the app’s own page for external configuration', async () => {
    vi.mocked(getConfiguration).mockResolvedValue(configState({ kind: 'external', fields: [], externalUrl: 'https://acme.example/setup' }));
    vi.mocked(finishExternal).mockResolvedValue(configState({ kind: 'external', status: 'active' }));
    renderManage();
    expect((await screen.findByTestId('config-external')).textContent).toContain('Acme Notes is configured on its own page.');
    fireEvent.click(screen.getByRole('button', { name: 'Open configuration page' }));
    await waitFor(() => expect(openConfigurationPage).toHaveBeenCalledWith(11));
    fireEvent.click(screen.getByRole('button', { name: 'I’ve finished configuring' }));
    await waitFor(() => expect(finishExternal).toHaveBeenCalledWith(11));
  });

  it('says when there is nothing to configure', async () => {
    vi.mocked(getConfiguration).mockResolvedValue(configState({ kind: 'none', fields: [] }));
    renderManage();
    expect((await screen.findByTestId('config-none')).textContent).toBe('This app has nothing to configure.');
  });

  it('confirms a removal with the retention box unticked, and sends false', async () => {
    renderManage();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove Acme Notes?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('tell Acme Software that it was removed');
    const retain = within(dialog).getByRole('checkbox', { name: 'Allow Acme Software to keep my data' }) as HTMLInputElement;
    expect(retain.checked).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Acme Notes' }));
    await waitFor(() => expect(removeInstallation).toHaveBeenCalledWith(11, false));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/installed'));
    expect(screen.getByText('Acme Notes was removed')).toBeTruthy();
  });

  it('sends true when the person allows the developer to keep their data', async () => {
    renderManage();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Allow Acme Software to keep my data' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Acme Notes' }));
    await waitFor(() => expect(removeInstallation).toHaveBeenCalledWith(11, true));
  });

  it('closes the dialog on Escape without removing; says an account-level app goes for everyone', async () => {
    vi.mocked(findInstallation).mockResolvedValue(installationFixture({ level: 'account' }));
    renderManage();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('remove-audience').textContent).toContain('removed for everyone in');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(removeInstallation).not.toHaveBeenCalled();
  });

  it('asks to review new permissions and starts a reconnect', async () => {
    vi.mocked(findInstallation).mockResolvedValue(installationFixture({ newScopes: ['calendar:read'] }));
    vi.mocked(reconnect).mockResolvedValue({ installationId: 11, listingId: 'acme-notes', phase: 'waiting' } as never);
    renderManage();
    const row = await screen.findByTestId('manage-new-scopes');
    expect(row.textContent).toContain('calendar:read');
    fireEvent.click(within(row).getByRole('button', { name: 'Review and grant' }));
    await waitFor(() => expect(reconnect).toHaveBeenCalledWith(11));
  });
});
