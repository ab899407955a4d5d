import { useEffect, useRef } from 'react';
import { useLocation, useNavigationType } from 'react-router-dom';

/**
 * After a navigation to another page, focus moves to the new page's h1, so a
 * screen reader announces where the person is and Tab starts from the top of
 * the page. One mechanism for every page: the h1 may arrive later (the page
 * loads its data first), so this waits for it.
 *
 * Focus stays where it is when:
 * - only the query changed (search as you type, filters): same page;
 * - the navigation replaced the entry (a redirect such as / → /discover, or
 *   the search box refining its query): nobody asked to go somewhere new;
 * - the person is typing in a field, or used a control marked
 *   data-focus-stays (tabs that switch a section of the same page);
 * - focus moved elsewhere by the time the heading arrived.
 */
export function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const type = useNavigationType();
  const previous = useRef(pathname);

  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    if (type === 'REPLACE' || !shouldMoveFocus(document.activeElement)) return;
    return focusHeadingWhenReady(document.activeElement);
  }, [pathname, type]);
}

/** False when the focused element is a field being typed in or asks to keep focus. */
export function shouldMoveFocus(active: Element | null): boolean {
  if (!(active instanceof HTMLElement)) return true;
  if (active.closest('[data-focus-stays]')) return false;
  if (active.isContentEditable || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) return false;
  return !(active instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(active.type));
}

const headingSelector = 'main h1';
const waitMs = 10_000;

/**
 * Focuses the page's h1 as soon as it is in the document, unless focus moved
 * away from `from` (or the body) meanwhile. Returns a function that stops waiting.
 */
export function focusHeadingWhenReady(from: Element | null): () => void {
  const tryFocus = () => {
    const heading = document.querySelector<HTMLElement>(headingSelector);
    if (!heading) return false;
    const active = document.activeElement;
    const moved = active && active !== from && active !== document.body && !heading.contains(active);
    if (!moved) {
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
    return true;
  };
  if (tryFocus()) return () => {};
  const observer = new MutationObserver(() => {
    if (tryFocus()) stop();
  });
  const timer = window.setTimeout(() => stop(), waitMs);
  const stop = () => {
    observer.disconnect();
    window.clearTimeout(timer);
  };
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}
