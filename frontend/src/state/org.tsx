import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type MutableRefObject,
  type ReactNode,
  type SetStateAction,
} from 'react';
import { useLocation } from 'react-router-dom';
import { listNewDecisions, seeDecisions } from '../api/approval';
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
  const newsUpTo = useLocalDecisions(me?.id, showSuccess, setUnseen);
  useEffect(() => {
    if (!onRequests) return;
    setUnseen(0);
    if (newsUpTo.current > 0) {
      void seeDecisions(newsUpTo.current).catch(() => {});
      newsUpTo.current = 0;
    }
  }, [onRequests, unseenDecisions, newsUpTo]);

  const value = useMemo(() => ({ status, setStatus, reload, unseenDecisions }), [status, reload, unseenDecisions]);
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

/**
 * Local mode's decisions: each time a user becomes active (at start, after
 * Switch user), a toast per decision on their requests they were not told
 * about, and the same badge as the organization's. Go keeps what was seen
 * (per user, in SQLite) once they open My requests; the ref holds the
 * newest request told, to record. In organization mode Go answers nothing:
 * the server's events bring the decisions.
 */
function useLocalDecisions(
  userId: number | undefined,
  showSuccess: (message: string) => void,
  setUnseen: Dispatch<SetStateAction<number>>,
): MutableRefObject<number> {
  const upTo = useRef(0);
  useEffect(() => {
    if (userId === undefined) return;
    let live = true;
    upTo.current = 0;
    setUnseen(0);
    listNewDecisions()
      .then((news) => {
        if (!live || news.length === 0) return;
        for (const r of news) showSuccess(strings.org.decided(r.listingName, r.status === 'approved', r.decisionNote));
        upTo.current = Math.max(...news.map((r) => r.id));
        setUnseen(news.length);
      })
      .catch(() => {
        // Outside Go: nothing to tell.
      });
    return () => {
      live = false;
    };
  }, [userId, showSuccess, setUnseen]);
  return upTo;
}
