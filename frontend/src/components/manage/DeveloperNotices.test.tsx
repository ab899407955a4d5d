import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listDeveloperNotices, listOutbox, retryMessage } from '../../api/manage';
import { DeveloperNotices } from './DeveloperNotices';

vi.mock('../../api/manage', () => ({
  listOutbox: vi.fn(),
  listDeveloperNotices: vi.fn(),
  retryMessage: vi.fn(),
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
