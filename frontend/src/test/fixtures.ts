import type { AccountStatus, User } from '../api/account';
import type { AppAction, ApprovalRequest } from '../api/approval';
import type { Installation, InstallProgress } from '../api/install';
import type { AboutInfo } from '../api/system';
import type { AppCard, AppListing, CatalogHome, SyncStatus } from '../api/catalog';

export function aboutFixture(overrides: Partial<AboutInfo> = {}): AboutInfo {
  return {
    name: 'Marketdesk',
    version: '0.1.0',
    commit: '0b29c75387',
    dataDir: '/home/ada/.local/share/marketdesk',
    database: '/home/ada/.local/share/marketdesk/marketdesk.db',
    schemaVersion: 3,
    supportedSchemaVersion: 3,
    keychain: { reachable: true, detail: 'Secret Service', fix: '' },
    webview: 'WebKitGTK 2.44',
    platform: 'linux/amd64',
    firstRunAt: '2025-01-02T10:30:00Z',
    ...overrides,
  } as AboutInfo;
}

export function cardFixture(overrides: Partial<AppCard> = {}): AppCard {
  return {
    id: 'acme-notes',
    name: 'Acme Notes',
    developer: { name: 'Acme Software', website: 'https://acme.example', verified: true },
    summary: 'Shared meeting notes that write themselves.',
    iconUrl: '/catalog-assets/icon/acme-notes',
    categories: ['Productivity'],
    type: 'user',
    stats: { installs: 48210, rating: 4.6, ratingCount: 1290 },
    updatedAt: '2026-01-18T12:00:00Z',
    noLongerListed: false,
    ...overrides,
  } as AppCard;
}

export function homeFixture(overrides: Partial<CatalogHome> = {}): CatalogHome {
  return {
    categories: [
      { name: 'Productivity', count: 2 },
      { name: 'Sales & CRM', count: 1 },
    ],
    popular: [cardFixture(), cardFixture({ id: 'deal-desk', name: 'Deal Desk', categories: ['Sales & CRM'] })],
    recentlyUpdated: [cardFixture({ id: 'fresh-board', name: 'Fresh Board' })],
    total: 3,
    ...overrides,
  } as CatalogHome;
}

export function listingFixture(overrides: Partial<AppListing> = {}): AppListing {
  return {
    ...cardFixture(),
    descriptionHtml:
      '<h2>Notes for every meeting</h2><p>Read the <a href="https://acme.example/guide">guide</a> first.</p>',
    screenshots: [{ url: '/catalog-assets/screenshot/acme-notes/0', caption: 'A meeting page' }],
    scopes: [
      { name: 'meeting:read', description: 'See your meetings and their participants', sensitive: false },
      { name: 'recording:read', description: 'Read your meeting recordings', sensitive: true },
    ],
    oauth: { clientId: 'acme', redirectPath: '/callback', sandbox: true },
    configuration: { kind: 'none' },
    links: {
      privacyPolicy: 'https://acme.example/privacy',
      terms: 'https://acme.example/terms',
      support: 'https://acme.example/support',
      documentation: '',
    },
    deauthorizationUrl: '',
    version: '3.2.0',
    publishedAt: '2024-02-01T09:00:00Z',
    sourceName: 'Acme internal catalog',
    ...overrides,
  } as AppListing;
}

export function syncStatusFixture(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    seq: 1,
    running: false,
    phase: 'done',
    source: '',
    done: 0,
    total: 0,
    lastUpdatedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    offline: false,
    results: [],
    ...overrides,
  } as SyncStatus;
}

export function userFixture(overrides: Partial<User> = {}): User {
  return {
    id: 1,
    name: 'Olive Owner',
    email: 'olive@acme.example',
    role: 'owner',
    managerGranted: false,
    manager: true,
    createdAt: '2026-01-02T10:00:00Z',
    ...overrides,
  } as User;
}

export const mel = () => userFixture({ id: 2, name: 'Mel Member', email: 'mel@acme.example', role: 'member', manager: false });
export const nia = () => userFixture({ id: 3, name: 'Nia Member', email: 'nia@acme.example', role: 'member', manager: false });

export function accountStatusFixture(overrides: Partial<AccountStatus> = {}): AccountStatus {
  return {
    initialized: true,
    account: { name: 'Acme', requirePreapproval: true, createdAt: '2026-01-02T10:00:00Z' },
    me: userFixture(),
    suggestedName: 'Olive Owner',
    ...overrides,
  } as AccountStatus;
}

export function actionFixture(overrides: Partial<AppAction> = {}): AppAction {
  return {
    state: 'install',
    decision: { allowed: true, reason: 'allowed' },
    approval: { listingId: 'acme-notes', scope: 'none', userIds: [], note: '', updatedAt: '' },
    ...overrides,
  } as AppAction;
}

export function requestFixture(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 7,
    listingId: 'acme-notes',
    listingName: 'Acme Notes',
    userId: 3,
    userName: 'Nia Member',
    userEmail: 'nia@acme.example',
    reason: 'For our team meetings',
    status: 'pending',
    decidedBy: 0,
    decisionNote: '',
    createdAt: '2026-02-03T09:00:00Z',
    decidedAt: '',
    ...overrides,
  } as ApprovalRequest;
}

export function installationFixture(overrides: Partial<Installation> = {}): Installation {
  return {
    id: 11,
    listingId: 'acme-notes',
    listingName: 'Acme Notes',
    level: 'user',
    userId: 1,
    installedByName: 'Olive Owner',
    status: 'active',
    requestedScopes: ['meeting:read', 'recording:read'],
    grantedScopes: ['meeting:read', 'recording:read'],
    tokenExpiresAt: '2026-03-01T11:00:00Z',
    lastRefreshAt: '2026-03-01T10:00:00Z',
    error: '',
    createdAt: '2026-03-01T10:00:00Z',
    noLongerListed: false,
    ...overrides,
  } as Installation;
}

export function progressFixture(overrides: Partial<InstallProgress> = {}): InstallProgress {
  return {
    installationId: 11,
    listingId: 'acme-notes',
    phase: 'waiting',
    authUrl: '',
    status: '',
    message: '',
    ...overrides,
  } as InstallProgress;
}
