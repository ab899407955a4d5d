import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { getOrgStatus, onOrgEvent, onOrgReset, onOrgStatus, type OrgEvent, type OrgStatus } from '../api/org';
import { strings } from '../i18n';
import { useSession } from './session';
import { useShowSuccess } from './toasts';

export interface OrgConnection {
  /** null until the first answer (and in a window without Go). */
  status: OrgStatus | null;
  setStatus: (status: OrgStatus) => void;
  reload: () => Promise<void>;
  /** Decisions on your requests that arrived since you last opened My requests. */
  unseenDecisions: number;
}

const OrgContext = createContext<OrgConnection | null>(null);
const none: OrgConnection = { status: null, setStatus: () => {}, reload: async () => {}, unseenDecisions: 0 };

export function useOrg(): OrgConnection {
  return useContext(OrgContext) ?? none;
}

/** A decision's words for a toast: "Your request for APP was approved: NOTE". */
export function decisionMessage(event: OrgEvent): string | null {
  const d = event.data ?? {};
  const app = String(d.listing_id ?? '');
  if (event.kind !== 'request.decided' || !app) return null;
  return strings.org.decided(app, d.status === 'approved', String(d.decision_note ?? ''));
}

/**
 * The organization connection for the whole window: its status (kept
 * current by Go's org:status events), and the live events: every change
 * reloads what the pages show (session.changed), and a decision on your
 * request raises a toast and a badge on My requests.
 */
export function OrgProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<OrgStatus | null>(null);
  const [unseenDecisions, setUnseen] = useState(0);
  const { changed, me } = useSession();
  const showSuccess = useShowSuccess();
  const { pathname } = useLocation();

  const reload = useCallback(async () => {
    try {
      setStatus(await getOrgStatus());
    } catch {
      // Outside Go, or the local database failed: the marker stays hidden;
      // Settings → Organization shows the error.
    }
  }, []);

  useEffect(() => {
    void reload();
    const offStatus = onOrgStatus(setStatus);
    const offReset = onOrgReset(changed);
    const offEvent = onOrgEvent((event) => {
      changed();
      const message = decisionMessage(event);
      if (message) {
        showSuccess(message);
        setUnseen((n) => n + 1);
      }
    });
    return () => {
      offStatus();
      offReset();
      offEvent();
    };
  }, [reload, changed, showSuccess, me?.id]);

  const onRequests = pathname.startsWith('/requests');
  useEffect(() => {
    if (onRequests) setUnseen(0);
  }, [onRequests, unseenDecisions]);

  const value = useMemo(() => ({ status, setStatus, reload, unseenDecisions }), [status, reload, unseenDecisions]);
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}
