import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../api/errors';
import { getAbout } from '../api/system';
import { aboutFixture } from '../test/fixtures';
import { AboutPage, describeVersion } from './AboutPage';

vi.mock('../api/system', () => ({ getAbout: vi.fn() }));

function renderAbout() {
  return render(
    <MemoryRouter>
      <AboutPage />
    </MemoryRouter>,
  );
}

describe('AboutPage', () => {
  beforeEach(() => {
    vi.mocked(getAbout).mockReset();
  });

  it('shows every detail', async () => {
    vi.mocked(getAbout).mockResolvedValue(aboutFixture());
    renderAbout();
    expect(screen.getByRole('status').textContent).toContain('Loading');
    expect((await screen.findByTestId('about-version')).textContent).toBe('0.1.0 · commit 0b29c75387');
    expect(screen.getByTestId('about-database').textContent).toBe('/home/ada/.local/share/marketdesk/marketdesk.db');
    expect(screen.getByTestId('about-webview').textContent).toBe('WebKitGTK 2.44');
    expect(screen.getByTestId('about-platform').textContent).toBe('linux/amd64');
    expect(screen.getByTestId('about-first-run').textContent).toMatch(/2025/);
  });

  it('explains how to fix an unreachable keychain', async () => {
    vi.mocked(getAbout).mockResolvedValue(
      aboutFixture({ keychain: { reachable: false, detail: 'No Secret Service on the session bus.', fix: 'Install gnome-keyring.' } }),
    );
    renderAbout();
    const keychain = await screen.findByTestId('about-keychain');
    expect(keychain.textContent).toContain('Not reachable');
    expect(keychain.textContent).toContain('Install gnome-keyring.');
  });

  it('shows the error message and retries', async () => {
    vi.mocked(getAbout)
      .mockRejectedValueOnce(new AppError('unavailable', 'The database is busy.'))
      .mockResolvedValueOnce(aboutFixture());
    renderAbout();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The database is busy.');
    const calls = vi.mocked(getAbout).mock.calls.length;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('about-data-dir')).toBeTruthy();
    expect(vi.mocked(getAbout).mock.calls.length).toBe(calls + 1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the keychain as reachable once, with a detail only when it says more', async () => {
    vi.mocked(getAbout).mockResolvedValue(aboutFixture({ keychain: { reachable: true, detail: 'reachable', fix: '' } }));
    renderAbout();
    expect((await screen.findByTestId('about-keychain')).textContent).toBe('Reachable');
  });

  it('shows a development build with its short commit beside it', async () => {
    vi.mocked(getAbout).mockResolvedValue(aboutFixture({ version: '0.1.0+3', commit: '0b29c75e1f' }));
    renderAbout();
    expect((await screen.findByTestId('about-version')).textContent).toBe('Development build after 0.1.0 · commit 0b29c75e1f');
  });
});

describe('describeVersion', () => {
  it.each([
    ['1.4.0', '1.4.0'],
    ['1.4.0+3', 'Development build after 1.4.0'],
    ['1.4.0+dev', 'Development build of 1.4.0'],
    ['dev', 'Development build'],
    ['', 'Development build'],
  ])('%s → %s', (version, label) => {
    expect(describeVersion(version)).toBe(label);
  });
});
