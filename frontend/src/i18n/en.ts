// Every user-facing string of the app. Another language is a file of the same
// shape (type Locale) selected in i18n/index.ts.
export const en = {
  app: {
    name: 'Marketdesk',
  },
  nav: {
    label: 'Main',
    discover: 'Discover',
    installed: 'Installed',
    admin: 'Admin',
    settings: 'Settings',
    about: 'About',
  },
  search: {
    label: 'Search apps',
    placeholder: 'Search apps',
    shortcutMac: '⌘K',
    shortcutOther: 'Ctrl K',
  },
  sync: {
    label: 'Sync status',
    embedded: 'Embedded catalog · offline-ready',
  },
  notifications: {
    label: 'Notifications',
    dismiss: 'Dismiss',
  },
  discover: {
    title: 'Discover',
    subtitle: 'Find apps for you and your account.',
    emptyTitle: 'The catalog is on its way',
    emptyBody: 'Apps from the catalog will appear here in the next release.',
    searchTitle: (query: string) => `Results for “${query}”`,
    searchEmptyBody: 'Search covers the catalog once it arrives.',
  },
  installed: {
    title: 'Installed',
    subtitle: 'Apps installed for you and for your account.',
    emptyTitle: 'Nothing installed yet',
    emptyBody: 'Apps you install will be listed here, ready to configure or remove.',
  },
  admin: {
    title: 'Admin',
    subtitle: 'Pre-approvals and requests for your account.',
    emptyTitle: 'No requests to review',
    emptyBody: 'Pre-approvals and pending requests will be managed here.',
  },
  settings: {
    title: 'Settings',
    subtitle: 'Preferences for this device and account.',
    emptyTitle: 'Defaults are in place',
    emptyBody: 'Catalog sources and preferences will be adjustable here.',
  },
  startup: {
    title: 'Marketdesk cannot open its data',
    body: 'Nothing was changed. Close this window, then follow the advice below.',
  },
  about: {
    title: 'About',
    subtitle: 'Version and where Marketdesk keeps its data on this computer.',
    loading: 'Loading details…',
    loadFailed: 'Could not load the app details.',
    retry: 'Retry',
    version: 'Version',
    dataDir: 'Data directory',
    database: 'Database file',
    schema: 'Database schema',
    schemaValue: (current: number, supported: number) => `${current} of ${supported}`,
    keychain: 'Keychain',
    keychainReachable: 'Reachable',
    keychainUnreachable: 'Not reachable',
    keychainFix: 'How to fix',
    webview: 'Web view',
    platform: 'Platform',
    firstRun: 'First run',
    unknown: '—',
  },
  errors: {
    generic: 'Something went wrong. Please try again.',
    bridgeMissing: 'Marketdesk’s desktop services are not available in this window.',
  },
};

export type Locale = typeof en;
