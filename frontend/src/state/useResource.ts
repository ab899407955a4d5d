import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, toAppError } from '../api/errors';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: AppError };

/** Loads data once on mount; retry() loads it again. */
export function useResource<T>(load: () => Promise<T>): { resource: Resource<T>; retry: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setResource({ status: 'loading' });
    loadRef.current().then(
      (data) => current && setResource({ status: 'ready', data }),
      (reason: unknown) => current && setResource({ status: 'error', error: toAppError(reason) }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { resource, retry };
}
