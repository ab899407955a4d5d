import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register this itself.
afterEach(() => cleanup());

// findBy*/waitFor give up after 1 s by default: on a loaded machine (2 cores,
// Go tests and builds beside) a page can take longer to settle. A missing
// element still fails, just later (within the 30 s test timeout).
configure({ asyncUtilTimeout: 10_000 });

// The organization connection (api/org) talks to Go; every test starts in
// local mode, and the organization's tests set their own answers.
vi.mock('../api/org', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api/org')>()),
  getOrgStatus: vi.fn(async () => ({
    state: 'local',
    server: '',
    email: '',
    name: '',
    role: '',
    manager: false,
    userId: 0,
    account: '',
    offlineSince: '',
    message: 'local mode',
    managed: false,
    localMode: true,
    policyFile: '',
  })),
  connectOrg: vi.fn(),
  cancelOrgConnect: vi.fn(async () => {}),
  disconnectOrg: vi.fn(),
  onOrgEvent: vi.fn(() => () => {}),
  onOrgStatus: vi.fn(() => () => {}),
  onOrgReset: vi.fn(() => () => {}),
  onOrgConnectProgress: vi.fn(() => () => {}),
}));
