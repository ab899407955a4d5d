import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { strings } from '../i18n';
import { Icon } from './Icon';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The app-wide search. The query lives in the URL (#/discover?q=…). */
export function SearchBox() {
  const inputRef = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const urlQuery = location.pathname === '/discover' ? (params.get('q') ?? '') : '';
  const [query, setQuery] = useState(urlQuery);

  useEffect(() => setQuery(urlQuery), [urlQuery]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = query.trim();
    navigate(trimmed ? `/discover?q=${encodeURIComponent(trimmed)}` : '/discover');
  };

  return (
    <form className="search" role="search" onSubmit={onSubmit}>
      <Icon name="search" />
      <input
        ref={inputRef}
        type="search"
        aria-label={strings.search.label}
        placeholder={strings.search.placeholder}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && inputRef.current?.blur()}
        autoComplete="off"
        spellCheck={false}
      />
      <kbd className="search-shortcut" aria-hidden="true">
        {isMac ? strings.search.shortcutMac : strings.search.shortcutOther}
      </kbd>
    </form>
  );
}
