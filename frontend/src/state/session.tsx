import { createContext, useContext, type ReactNode } from 'react';
import type { Account, User } from '../api/account';

export interface Session {
  account: Account | null;
  /** The signed-in user; null only outside an AccountGate (isolated page tests). */
  me: User | null;
  /** Reloads the account and the signed-in user (after Switch user, say). */
  refresh: () => Promise<void>;
  /**
   * Goes up whenever the account, its users, approvals or requests change —
   * from Go's events or from changed() — so views reload what depends on them.
   */
  version: number;
  /** Tells every view that something changed (the badge, the action area, lists). */
  changed: () => void;
}

export const SessionContext = createContext<Session | null>(null);

const noSession: Session = { account: null, me: null, refresh: async () => {}, version: 0, changed: () => {} };

/** The account and signed-in user; outside an AccountGate, an empty session. */
export function useSession(): Session {
  return useContext(SessionContext) ?? noSession;
}

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
