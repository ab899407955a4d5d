import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listDeveloperNotices, listNoticeSecrets, listOutbox, retryMessage, setNoticeSecret } from '../../api/manage';
import { mel, userFixture } from '../../test/fixtures';
import { testSession, WithSession } from '../../test/session';
import { DeveloperNotices } from './DeveloperNotices';

vi.mock('../../api/manage', () => ({
  listOutbox: vi.fn(),
  listDeveloperNotices: vi.fn(),
  retryMessage: vi.fn(),
  listNoticeSecrets: vi.fn(),
  setNoticeSecret: vi.fn(),
  onInstallationsChanged: vi.fn(() => () => {}),
}));

const failed = {
  id: 'msg_1',
  kind: 'deauthorization',
  listingId: 'acme-notes',
  status: 'failed',
  attempts: 8,
  nextAttemptAt: '',
  lastError: 'HTTP 503 from acme.example',
  createdAt: '2026-03-01T10:00:00Z',
  deliveredAt: '',
};
const delivered = { ...failed, id: 'msg_2', listingId: 'zoomy', status: 'delivered', attempts: 1, lastError: '', deliveredAt: '2026-03-01T10:00:01Z' };

describe('Settings › Developer notices', () => {
  beforeEach(() => {
    vi.mocked(listOutbox).mockReset().mockResolvedValue([failed, delivered] as never);
    vi.mocked(listDeveloperNotices)
      .mockReset()
      .mockResolvedValue([
        {
          webhookId: 'msg_2',
          listingId: 'zoomy',
          receivedAt: '2026-03-01T10:00:01Z',
          verified: true,
          body: { event: 'app.deauthorized', app_id: 'zoomy', user_id: 1, installation_id: 4, user_data_retention: true },
        },
      ]);
    vi.mocked(retryMessage).mockReset().mockResolvedValue();
  });

  it('lists the sent notices and what the sandbox received', async () => {
    render(<DeveloperNotices />);
    const rows = await screen.findAllByTestId('outbox-row');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Removal notice');
    expect(rows[0].textContent).toContain('Failed');
    expect(rows[0].textContent).toContain('8 attempts');
    expect(rows[0].textContent).toContain('HTTP 503 from acme.example');
    expect(rows[1].textContent).toContain('Delivered');
    expect(within(rows[1]).queryByRole('button')).toBeNull();
    const received = await screen.findAllByTestId('received-row');
    expect(received).toHaveLength(1);
    expect(received[0].textContent).toContain('zoomy');
    expect(within(received[0]).getByTestId('received-retention').textContent).toBe('Yes');
    expect(received[0].textContent).toContain('Verified');
  });

  it('retries a failed notice and reloads the list', async () => {
    render(<DeveloperNotices />);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry the notice to acme-notes' }));
    await waitFor(() => expect(retryMessage).toHaveBeenCalledWith('msg_1'));
    await waitFor(() => expect(listOutbox).toHaveBeenCalledTimes(2));
  });
});

const waiting = {
  ...failed,
  id: 'msg_3',
  listingId: 'acme-board',
  status: 'pending',
  attempts: 0,
  waitingFor: 'signing_secret',
  lastError: 'needs a signing secret — a marketplace manager must set it',
};

describe('Settings › Developer notices › Signing secrets', () => {
  beforeEach(() => {
    vi.mocked(listOutbox).mockReset().mockResolvedValue([waiting] as never);
    vi.mocked(listDeveloperNotices).mockReset().mockResolvedValue([]);
    vi.mocked(listNoticeSecrets)
      .mockReset()
      .mockResolvedValue([{ listingId: 'zoomy', setAt: '2026-03-01T10:00:00Z', setBy: 'Olive Owner', previousUntil: '2026-03-02T10:00:00Z' }] as never);
    vi.mocked(setNoticeSecret).mockReset().mockResolvedValue({ listingId: 'acme-board', setAt: '', setBy: '', previousUntil: '' } as never);
  });

  it('shows a notice that waits for a secret, and a manager sets it from the row (masked, cleared after saving)', async () => {
    render(
      <WithSession session={testSession(userFixture())}>
        <DeveloperNotices />
      </WithSession>,
    );
    const row = await screen.findByTestId('outbox-row');
    expect(row.textContent).toContain('Needs a signing secret');
    expect(row.textContent).toContain('A marketplace manager must set');
    const secrets = await screen.findAllByTestId('secret-row');
    expect(secrets[0].textContent).toContain('zoomy');
    expect(secrets[0].textContent).toContain('previous secret also signs until');

    fireEvent.click(within(row).getByRole('button', { name: 'Set the signing secret of acme-board' }));
    expect((screen.getByLabelText('App ID') as HTMLInputElement).value).toBe('acme-board');
    const field = screen.getByLabelText('Signing secret') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: 'whsec_MDEyMzQ1Njc4OWFiY2RlZg==' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save secret' }));
    await waitFor(() => expect(setNoticeSecret).toHaveBeenCalledWith('acme-board', 'whsec_MDEyMzQ1Njc4OWFiY2RlZg=='));
    await waitFor(() => expect(field.value).toBe(''));
    await waitFor(() => expect(listOutbox).toHaveBeenCalledTimes(2));
  });

  it('members see why a notice waits, but no secrets and no form', async () => {
    render(
      <WithSession session={testSession(mel())}>
        <DeveloperNotices />
      </WithSession>,
    );
    const row = await screen.findByTestId('outbox-row');
    expect(row.textContent).toContain('Needs a signing secret');
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.queryByTestId('notice-secrets')).toBeNull();
    expect(listNoticeSecrets).not.toHaveBeenCalled();
  });
});
