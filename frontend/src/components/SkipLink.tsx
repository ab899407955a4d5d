import type { MouseEvent } from 'react';
import { useLocation } from 'react-router-dom';
import { strings } from '../i18n';
import { focusResults } from '../state/resultsFocus';

const s = strings.skip;

/**
 * The window's first Tab stop, shown only when focused: on Discover it jumps to
 * the first app (the same handler as ArrowDown in the search box), elsewhere
 * to the page's heading. A link with an in-page target, but handled here: the
 * router owns the URL's hash.
 */
export function SkipLink() {
  const { pathname } = useLocation();
  const toResults = pathname === '/discover';
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (toResults && focusResults()) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    const target = heading ?? document.getElementById('main');
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
  };
  return (
    <a href="#main" className="skip-link" onClick={onClick} data-testid="skip-link">
      {toResults ? s.toResults : s.toMain}
    </a>
  );
}
