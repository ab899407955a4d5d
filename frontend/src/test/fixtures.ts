import type { AboutInfo } from '../api/system';

export function aboutFixture(overrides: Partial<AboutInfo> = {}): AboutInfo {
  return {
    name: 'Marketdesk',
    version: '0.1.0',
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
