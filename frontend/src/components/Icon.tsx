export type IconName =
  | 'discover'
  | 'installed'
  | 'admin'
  | 'settings'
  | 'about'
  | 'search'
  | 'verified'
  | 'star'
  | 'back'
  | 'forward'
  | 'close'
  | 'external'
  | 'lock'
  | 'sync'
  | 'warning'
  | 'user'
  | 'account'
  | 'empty'
  | 'inbox'
  | 'chevron'
  | 'clock'
  | 'close'
  | 'menu';

const paths: Record<IconName, string> = {
  discover: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm3.5 5.5-2 5-5 2 2-5 5-2Z',
  installed: 'M4 7.5 12 3l8 4.5v9L12 21l-8-4.5v-9Zm0 0L12 12l8-4.5M12 12v9',
  admin: 'M12 3 5 6v5c0 4.5 3 8 7 10 4-2 7-5.5 7-10V6l-7-3Zm-3 9 2 2 4-4',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm7.4 4.5.9 1.6-2 3.4-1.8-.3a7 7 0 0 1-1.9 1.1L14 21h-4l-.6-1.7a7 7 0 0 1-1.9-1.1l-1.8.3-2-3.4.9-1.6a7 7 0 0 1 0-3l-.9-1.6 2-3.4 1.8.3a7 7 0 0 1 1.9-1.1L10 3h4l.6 1.7a7 7 0 0 1 1.9 1.1l1.8-.3 2 3.4-.9 1.6a7 7 0 0 1 0 3Z',
  about: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 8v5m0-8.5v.5',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm5 12 4 4',
  verified: 'M12 3l2.1 1.6 2.6-.2.9 2.5 2.3 1.3-.6 2.6.6 2.6-2.3 1.3-.9 2.5-2.6-.2L12 19.6l-2.1-1.6-2.6.2-.9-2.5-2.3-1.3.6-2.6-.6-2.6 2.3-1.3.9-2.5 2.6.2L12 3Zm-3 8.8 2 2 4-4',
  star: 'M12 4l2.4 4.9 5.4.8-3.9 3.8.9 5.4L12 16.4l-4.8 2.5.9-5.4-3.9-3.8 5.4-.8L12 4Z',
  back: 'M15 5l-7 7 7 7',
  forward: 'M9 5l7 7-7 7',
  close: 'M6 6l12 12M18 6 6 18',
  menu: 'M4 6h16M4 12h16M4 18h16',
  external: 'M14 4h6v6m0-6-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
  lock: 'M6 11h12v9H6v-9Zm3 0V8a3 3 0 0 1 6 0v3',
  sync: 'M20 12a8 8 0 0 1-14.3 4.9M4 12a8 8 0 0 1 14.3-4.9M18.5 3v4.2h-4.2M5.5 21v-4.2h4.2',
  warning: 'M12 4 3 20h18L12 4Zm0 6v4.5m0 2.5v.5',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8a7 7 0 0 1 14 0',
  account: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6 9a6 6 0 0 1 12 0m1-9a3 3 0 1 0 0-6m2 15h3a5 5 0 0 0-4-4.9',
  inbox: 'M4 13h4.5l1.5 3h4l1.5-3H20M4 13l2.5-8h11L20 13v6H4v-6Z',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 4.5V12l3 2',
  chevron: 'M8 10l4-4 4 4M8 14l4 4 4-4',
  empty: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm5 12 4 4M8.5 9.5l5 5m0-5-5 5',
};

/** A small line icon; decorative, so hidden from assistive technology. */
export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
