import { useCallback, useEffect, useState } from 'react';

/** Below this window width the sidebar collapses by itself (icons only). */
export const narrowWindowQuery = '(max-width: 900px)';
const storageKey = 'marketdesk.sidebarCollapsed';

function readStored(): boolean {
  try {
    return window.localStorage.getItem(storageKey) === '1';
  } catch {
    return false; // storage unavailable: start expanded
  }
}

function useNarrowWindow(): boolean {
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(narrowWindowQuery) : null;
  const [narrow, setNarrow] = useState(Boolean(media?.matches));
  useEffect(() => {
    if (!media) return;
    const onChange = () => setNarrow(media.matches);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [media?.media]); // eslint-disable-line react-hooks/exhaustive-deps
  return narrow;
}

/**
 * Whether the sidebar shows icons only. A wide window follows the person's
 * choice, remembered across starts; a narrow one is collapsed until they
 * open it (that opening is not remembered: the next narrow window collapses again).
 */
export function useSidebarCollapsed(): { collapsed: boolean; toggle: () => void } {
  const narrow = useNarrowWindow();
  const [stored, setStored] = useState(readStored);
  const [openWhileNarrow, setOpenWhileNarrow] = useState(false);
  useEffect(() => setOpenWhileNarrow(false), [narrow]);
  const collapsed = narrow ? !openWhileNarrow : stored;
  const toggle = useCallback(() => {
    if (narrow) {
      setOpenWhileNarrow((open) => !open);
      return;
    }
    setStored((was) => {
      try {
        window.localStorage.setItem(storageKey, was ? '0' : '1');
      } catch {
        // not remembered; still toggles
      }
      return !was;
    });
  }, [narrow]);
  return { collapsed, toggle };
}
