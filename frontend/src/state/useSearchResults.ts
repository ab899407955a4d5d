import { useCallback, useEffect, useRef, useState } from 'react';
import { searchApps, type AppCard, type SearchQuery } from '../api/catalog';
import { toAppError, type AppError } from '../api/errors';

const firstPage = 50;
const nextPage = 100;

export interface SearchState {
  /** The query these results answer (JSON), to tell current results from stale ones. */
  key: string;
  items: AppCard[];
  total: number;
  notices: string[];
  /** "Did you mean …?": the query with typos corrected, or "" (Go decides, catalog/suggest.go). */
  suggestion: string;
}

/**
 * Results of query, a page at a time. While a new query loads, the previous
 * results stay on screen (no flicker while typing); a response to an older
 * query is dropped.
 */
export function useSearchResults(query: SearchQuery | null, reloadToken: unknown) {
  const key = query ? JSON.stringify(query) : '';
  const [results, setResults] = useState<SearchState | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const loadingMore = useRef(false);
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    const q = queryRef.current;
    if (!q) return;
    const mine = ++generation.current;
    loadingMore.current = false;
    setLoading(true);
    searchApps({ ...q, offset: 0, limit: firstPage }).then(
      (res) => {
        if (mine !== generation.current) return;
        setResults({ key, items: res.items ?? [], total: res.total ?? 0, notices: res.notices ?? [], suggestion: res.suggestion ?? '' });
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (mine !== generation.current) return;
        setError(toAppError(reason));
        setLoading(false);
      },
    );
  }, [key, reloadToken, attempt]);

  const loadMore = useCallback(() => {
    const q = queryRef.current;
    if (!q || !results || results.key !== key || loadingMore.current) return;
    if (results.items.length >= results.total) return;
    const mine = generation.current;
    loadingMore.current = true;
    searchApps({ ...q, offset: results.items.length, limit: nextPage }).then(
      (res) => {
        loadingMore.current = false;
        if (mine !== generation.current) return;
        const more = res.items ?? [];
        setResults((prev) =>
          prev && prev.key === key
            ? { ...prev, items: [...prev.items, ...more], total: more.length ? res.total : prev.items.length }
            : prev,
        );
      },
      (reason: unknown) => {
        loadingMore.current = false;
        if (mine === generation.current) setError(toAppError(reason));
      },
    );
  }, [key, results]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { results, error, loading, stale: Boolean(results && results.key !== key), loadMore, retry };
}
