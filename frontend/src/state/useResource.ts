import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, toAppError } from '../api/errors';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: AppError };

/**
 * Loads data on mount and again whenever reloadKey changes (keeping the data
 * on screen meanwhile); retry() loads it again after an error.
 */
export function useResource<T>(load: () => Promise<T>, reloadKey?: unknown): { resource: Resource<T>; retry: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setResource((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    loadRef.current().then(
      (data) => current && setResource({ status: 'ready', data }),
      (reason: unknown) => current && setResource({ status: 'error', error: toAppError(reason) }),
    );
    return () => {
      current = false;
    };
  }, [attempt, reloadKey]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { resource, retry };
}
