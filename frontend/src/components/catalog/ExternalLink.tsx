import { useCallback, type ReactNode } from 'react';
import { openExternal } from '../../api/runtime';
import { useShowError } from '../../state/toasts';
import { Icon } from '../Icon';

/** A function that opens an http(s) or mailto link in the system browser; other links are ignored. */
export function useOpenExternal(): (href: string) => void {
  const showError = useShowError();
  return useCallback(
    (href: string) => {
      if (!/^(https?:|mailto:)/i.test(href.trim())) return;
      try {
        openExternal(href.trim());
      } catch (reason) {
        showError(reason);
      }
    },
    [showError],
  );
}

/** A link that opens in the system browser, never in the app's window. */
export function ExternalLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  const open = useOpenExternal();
  return (
    <a
      href={href}
      className={className ?? 'external-link'}
      rel="noreferrer noopener"
      onClick={(event) => {
        event.preventDefault();
        open(href);
      }}
      onAuxClick={(event) => event.preventDefault()}
    >
      {children}
      <Icon name="external" size={13} />
    </a>
  );
}
