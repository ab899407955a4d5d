import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { strings } from '../i18n';
import { discoverPath, readDiscoverState } from '../state/discoverQuery';
import { focusResults, focusResultsWhenReady } from '../state/resultsFocus';
import { Icon } from './Icon';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** How long typing pauses before the search runs. */
export const searchDebounceMs = 150;

/**
 * The app-wide search, as you type. The query lives in the URL
 * (#/discover?q=…, next to Discover's filters): the first change of a search
 * adds a history entry, later keystrokes replace it, so Back leaves the search
 * rather than undoing it letter by letter. Navigating (Back, a link) shows the
 * URL's query again.
 */
export function SearchBox() {
  const inputRef = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const onDiscover = location.pathname === '/discover';
  const urlQuery = onDiscover ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [text, setText] = useState(urlQuery);
  const timer = useRef<number | undefined>(undefined);
  // The q this box last wrote, and whether the current search already has its history entry.
  const committed = useRef(urlQuery);
  const entryMade = useRef(false);
  const locationRef = useRef(location);
  locationRef.current = location;

  // Navigation from elsewhere (Back, Clear filters, a category link): show the URL's query.
  useEffect(() => {
    if (urlQuery === committed.current) return;
    window.clearTimeout(timer.current);
    committed.current = urlQuery;
    entryMade.current = false;
    setText(urlQuery);
  }, [urlQuery]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  /** Writes value into the URL now; true when the URL changed. */
  const commit = useCallback(
    (value: string): boolean => {
      window.clearTimeout(timer.current);
      const trimmed = value.trim();
      const current = locationRef.current;
      const here = current.pathname === '/discover';
      const currentQ = here ? (new URLSearchParams(current.search).get('q') ?? '') : '';
      if (here && trimmed === currentQ) return false;
      const state = here ? readDiscoverState(new URLSearchParams(current.search)) : {};
      committed.current = trimmed;
      // The top box searches everything: a category chosen before typing does
      // not silently narrow it (one chosen afterwards shows as a chip on the results).
      navigate(discoverPath({ ...state, category: '', q: trimmed }), { replace: here && entryMade.current });
      entryMade.current = true;
      return true;
    },
    [navigate],
  );

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const onChange = (value: string) => {
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => commit(value), searchDebounceMs);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    commit(text);
    entryMade.current = false;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (text) {
        setText('');
        commit('');
      } else {
        inputRef.current?.blur();
      }
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      // A changed query focuses its results when they arrive.
      if (commit(text) || !focusResults()) focusResultsWhenReady();
    }
  };

  return (
    <form className="search" role="search" onSubmit={onSubmit}>
      <Icon name="search" />
      <input
        ref={inputRef}
        type="search"
        aria-label={strings.search.label}
        placeholder={strings.search.placeholder}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          entryMade.current = false;
        }}
        autoComplete="off"
        spellCheck={false}
      />
      <kbd className="search-shortcut" aria-hidden="true">
        {isMac ? strings.search.shortcutMac : strings.search.shortcutOther}
      </kbd>
    </form>
  );
}

