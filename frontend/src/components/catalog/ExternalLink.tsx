import { useCallback, type ReactNode } from 'react';
import { openExternal } from '../../api/runtime';
import { useShowError } from '../../state/toasts';
import { Icon } from '../Icon';

/**
 * A function that opens a web link in the system browser; links that are not
 * web addresses (anchors, relative paths) are ignored. Go checks every link
 * and refuses anything but https: the refusal shows as an error toast.
 */
export function useOpenExternal(): (href: string) => void {
  const showError = useShowError();
  return useCallback(
    async (href: string) => {
      if (!/^(https?:|mailto:)/i.test(href.trim())) return;
      try {
        await openExternal(href.trim());
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
