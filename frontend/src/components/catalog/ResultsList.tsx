import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AppCard } from '../../api/catalog';
import { strings } from '../../i18n';
import { registerResultsFocus, takePendingFocus } from '../../state/resultsFocus';
import { ResultRow } from './ResultRow';

/** Height of one row plus the gap below it; rows are fixed-height so the list can be windowed. */
export const rowStride = 88;
const overscan = 6;
/** Used when layout reports no height (jsdom): about one screen of rows. */
const fallbackViewport = 720;

interface Props {
  items: AppCard[];
  total: number;
  /** Loads the next page; called when rows past the loaded ones come into view. */
  loadMore: () => void;
}

function scrollParent(element: HTMLElement): HTMLElement {
  let node = element.parentElement;
  while (node) {
    const overflow = getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return node;
    node = node.parentElement;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/**
 * A windowed list of results: only the rows in view (plus a few) are in the
 * DOM, at fixed offsets inside a spacer as tall as the whole list. ArrowUp and
 * ArrowDown move between rows (roving tabindex), scrolling as needed; Enter
 * follows the row's link.
 */
export function ResultsList({ items, total, loadMore }: Props) {
  const listRef = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ start: 0, end: Math.ceil(fallbackViewport / rowStride) + overscan });
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const count = Math.max(total, items.length);

  const measure = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    const scroller = scrollParent(list);
    const listTop = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    const viewport = scroller.clientHeight || fallbackViewport;
    const top = scroller.scrollTop - listTop;
    const start = Math.max(0, Math.floor(top / rowStride) - overscan);
    const end = Math.max(start, Math.ceil((top + viewport) / rowStride) + overscan);
    setRange((prev) => (prev.start === start && prev.end === end ? prev : { start, end }));
  }, []);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const scroller = scrollParent(list);
    measure();
    scroller.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      scroller.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    };
  }, [measure]);

  // A new result set starts at the top.
  useEffect(() => {
    setActive((index) => (index < items.length ? index : 0));
  }, [items]);

  const end = Math.min(range.end, count);
  useEffect(() => {
    if (end > items.length && items.length < total) loadMore();
  }, [end, items.length, total, loadMore]);

  const focusIndex = useCallback(
    (index: number) => {
      const list = listRef.current;
      if (!list || index < 0 || index >= items.length) return;
      const scroller = scrollParent(list);
      const listTop = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      const rowTop = listTop + index * rowStride;
      const rowBottom = rowTop + rowStride;
      const viewport = scroller.clientHeight;
      if (viewport > 0) {
        if (rowTop < scroller.scrollTop + 8) scroller.scrollTop = Math.max(0, rowTop - 8);
        else if (rowBottom > scroller.scrollTop + viewport) scroller.scrollTop = rowBottom - viewport + 8;
      }
      measure();
      setActive(index);
      const row = list.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (row) row.focus({ preventScroll: true });
      else pendingFocus.current = index; // not rendered yet: focused after the next render
    },
    [items.length, measure],
  );

  // Focus once the row is rendered (it may have just scrolled into the window).
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  // The search box's ArrowDown lands here: now, or when results it asked for arrive.
  useEffect(() => {
    const unregister = registerResultsFocus(() => {
      if (items.length === 0) return false;
      focusIndex(0);
      return true;
    });
    if (items.length > 0 && takePendingFocus()) focusIndex(0);
    return unregister;
  }, [items, focusIndex]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLAnchorElement>, index: number) => {
      let next: number | null = null;
      if (event.key === 'ArrowDown') next = Math.min(index + 1, items.length - 1);
      else if (event.key === 'ArrowUp') {
        if (index === 0) {
          event.preventDefault();
          document.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
          return;
        }
        next = index - 1;
      } else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = items.length - 1;
      if (next === null) return;
      event.preventDefault();
      focusIndex(next);
    },
    [items.length, focusIndex],
  );

  const rows: number[] = [];
  for (let i = range.start; i < end; i++) rows.push(i);
  if (active < items.length && (active < range.start || active >= end)) rows.push(active);

  return (
    <div
      ref={listRef}
      className="results-list"
      role="list"
      aria-label={strings.discover.resultsLabel}
      style={{ height: count * rowStride }}
    >
      {rows.map((index) => {
        const app = items[index];
        return (
          <div
            key={index}
            role="listitem"
            aria-setsize={count}
            aria-posinset={index + 1}
            className="result-slot"
            style={{ top: index * rowStride }}
          >
            {app ? (
              <ResultRow app={app} index={index} active={index === active} onKeyDown={onKeyDown} onFocus={setActive} />
            ) : (
              <div className="result-row result-placeholder" aria-hidden="true" />
            )}
          </div>
        );
      })}
    </div>
  );
}
