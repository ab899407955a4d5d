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
 * The newer of two statuses by Go's sequence number. Events are not ordered
 * end to end (the dev-served UI receives them over a socket, and a call's
 * answer can overtake an event), so an older one arriving late must not undo
 * a newer one: a "Syncing… 0" after the finished status would stick for good.
 * Equal numbers take the later arrival (Go re-sends a status unchanged).
 */
export function newerStatus(prev: SyncStatus | null, next: SyncStatus): SyncStatus {
  if (!prev || (next.seq ?? 0) >= (prev.seq ?? 0)) return next;
  return prev;
}

/**
 * The catalog's sync state for the whole window: polled once at load, then
 * kept current by the "catalog:sync" events Go emits during and after every sync.
 */
export function SyncProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);

  useEffect(() => {
    let current = true;
    const unsubscribe = onSyncStatus((next) => {
      if (current) setStatus((prev) => newerStatus(prev, next));
    });
    getSyncStatus().then(
      (next) => current && setStatus((prev) => newerStatus(prev, next)),
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
    setStatus((prev) => newerStatus(prev, next));
  }, []);

  const api = useMemo(() => ({ status, start }), [status, start]);
  return <SyncContext.Provider value={api}>{children}</SyncContext.Provider>;
}

const noSync: SyncApi = { status: null, start: async () => {} };

/** The sync state; outside a SyncProvider (isolated page tests), a neutral one. */
export function useSync(): SyncApi {
  return useContext(SyncContext) ?? noSync;
}
