import { Link } from 'react-router-dom';
import { strings } from '../../i18n';
import { useOrg } from '../../state/org';

const s = strings.org;

/** "HH:MM" of an RFC 3339 time, in this computer's time zone ("" when unknown). */
export function formatClock(when: string): string {
  const t = new Date(when);
  if (!when || Number.isNaN(t.getTime())) return '';
  return t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

/**
 * The window's marker of the organization connection: "Offline since HH:MM"
 * while the server does not answer, "Signed out — sign in again" with a
 * button (to Settings → Organization) when it refused the sign-in; nothing
 * otherwise.
 */
export function OrgMarker() {
  const { status } = useOrg();
  if (status?.state === 'offline') {
    return (
      <p className="org-marker org-marker-offline" role="status" data-testid="org-offline" title={s.offlineHelp}>
        {s.offlineSince(formatClock(status.offlineSince))}
      </p>
    );
  }
  if (status?.state === 'signed_out') {
    return (
      <div className="org-marker org-marker-signed-out" role="status" data-testid="org-signed-out">
        <span>{s.signedOut}</span>
        <Link className="button button-small" to="/settings">
          {s.signInAgain}
        </Link>
      </div>
    );
  }
  return null;
}
