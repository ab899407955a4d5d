import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelInstall } from '../../api/install';
import { actionFixture, installationFixture, listingFixture } from '../../test/fixtures';
import type { Resource } from '../../state/useResource';
import type { Installation } from '../../api/install';
import { ActionArea } from './ActionArea';

vi.mock('../../api/runtime', () => ({ openExternal: vi.fn(), onInstallProgress: vi.fn(() => () => {}) }));
vi.mock('../../api/install', () => ({ beginInstall: vi.fn(), cancelInstall: vi.fn(async () => {}), openConsentAgain: vi.fn() }));
vi.mock('../../api/approval', () => ({ askForApproval: vi.fn(), cancelRequest: vi.fn() }));

function area(installation: Resource<Installation | null>) {
  return (
    <MemoryRouter>
      <ActionArea
        app={listingFixture()}
        resource={{ status: 'ready', data: actionFixture({ state: 'install' }) }}
        installation={installation}
        retry={() => {}}
        onChanged={() => {}}
      />
    </MemoryRouter>
  );
}

describe('ActionArea', () => {
  beforeEach(() => vi.mocked(cancelInstall).mockClear());

  // In organization mode the server's event about the new registration
  // reloads the area while the browser waits: the dialog must stay.
  it('keeps the install dialog open when the area reloads with the installation authorizing', () => {
    const view = render(area({ status: 'ready', data: null }));
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect(screen.getByRole('dialog')).toBeTruthy();
    view.rerender(area({ status: 'ready', data: installationFixture({ status: 'authorizing' }) }));
    expect(screen.getByTestId('action-area').getAttribute('data-state')).toBe('installed');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(cancelInstall).not.toHaveBeenCalled();
  });
});
