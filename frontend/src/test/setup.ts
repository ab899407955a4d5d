import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register this itself.
afterEach(() => cleanup());

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
