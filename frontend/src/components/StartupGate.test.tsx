import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { getStartupProblem } from '../api/system';
import { StartupGate } from './StartupGate';

vi.mock('../api/system', () => ({ getStartupProblem: vi.fn() }));

describe('StartupGate', () => {
  it('shows the app when the data directory opened', async () => {
    vi.mocked(getStartupProblem).mockResolvedValue('');
    render(<StartupGate><p>the app</p></StartupGate>);
    expect(await screen.findByText('the app')).toBeTruthy();
  });

  it('explains a startup problem instead of the app', async () => {
    vi.mocked(getStartupProblem).mockResolvedValue('schema version 9, this Marketdesk supports up to version 1');
    render(<StartupGate><p>the app</p></StartupGate>);
    expect((await screen.findByTestId('startup-problem')).textContent).toContain('version 9');
    expect(screen.queryByText('the app')).toBeNull();
  });
});
