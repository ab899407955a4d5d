import type { MouseEvent } from 'react';
import { useOpenExternal } from './ExternalLink';

/**
 * A listing's description. The HTML was rendered from Markdown and sanitized
 * in Go (no raw HTML, no scripts, no on* attributes, only safe link schemes),
 * so it is inserted as is. A click on any link inside it opens the system
 * browser instead of navigating this window.
 */
export function Description({ html }: { html: string }) {
  const open = useOpenExternal();
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || !event.currentTarget.contains(anchor)) return;
    event.preventDefault();
    open(anchor.getAttribute('href') ?? '');
  };
  return (
    <div
      className="description"
      data-testid="description"
      onClick={onClick}
      onAuxClick={(event) => {
        if ((event.target as Element | null)?.closest?.('a')) event.preventDefault();
      }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
