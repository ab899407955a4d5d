export type IconName = 'discover' | 'installed' | 'admin' | 'settings' | 'about' | 'search';

const paths: Record<IconName, string> = {
  discover: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm3.5 5.5-2 5-5 2 2-5 5-2Z',
  installed: 'M4 7.5 12 3l8 4.5v9L12 21l-8-4.5v-9Zm0 0L12 12l8-4.5M12 12v9',
  admin: 'M12 3 5 6v5c0 4.5 3 8 7 10 4-2 7-5.5 7-10V6l-7-3Zm-3 9 2 2 4-4',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6Zm7.4 4.5.9 1.6-2 3.4-1.8-.3a7 7 0 0 1-1.9 1.1L14 21h-4l-.6-1.7a7 7 0 0 1-1.9-1.1l-1.8.3-2-3.4.9-1.6a7 7 0 0 1 0-3l-.9-1.6 2-3.4 1.8.3a7 7 0 0 1 1.9-1.1L10 3h4l.6 1.7a7 7 0 0 1 1.9 1.1l1.8-.3 2 3.4-.9 1.6a7 7 0 0 1 0 3Z',
  about: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 8v5m0-8.5v.5',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm5 12 4 4',
};

/** A small line icon; decorative, so hidden from assistive technology. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
