import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getSyncStatus, syncNow, type SyncStatus } from '../api/catalog';
import { onSyncStatus } from '../api/runtime';

interface SyncApi {
  /** null until the first status arrives. */
  status: SyncStatus | null;
  /** Starts a background sync; progress arrives as status updates. */
  start: () => Promise<void>;
}

const SyncContext = createContext<SyncApi | null>(null);

/**
 * The catalog's sync state for the whole window: polled once at load, then
 * kept current by the "catalog:sync" events Go emits during and after every sync.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);

  useEffect(() => {
    let current = true;
    let fromEvent = false;
    const unsubscribe = onSyncStatus((next) => {
      fromEvent = true;
      if (current) setStatus(next);
    });
    getSyncStatus().then(
      (next) => current && !fromEvent && setStatus(next),
      () => {
        // No status (no bridge, say): the status area keeps its neutral text.
      },
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, []);

  const start = useCallback(async () => {
    const next = await syncNow();
    setStatus((prev) => (prev?.running ? prev : next));
  }, []);

  const api = useMemo(() => ({ status, start }), [status, start]);
  return <SyncContext.Provider value={api}>{children}</SyncContext.Provider>;
}

const noSync: SyncApi = { status: null, start: async () => {} };

/** The sync state; outside a SyncProvider (isolated page tests), a neutral one. */
export function useSync(): SyncApi {
  return useContext(SyncContext) ?? noSync;
}
