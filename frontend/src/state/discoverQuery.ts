import type { AppType, SearchQuery, SortOrder } from '../api/catalog';

/**
 * Discover's whole state lives in the URL query, so back and forward restore
 * a search with its filters: #/discover?q=notes&category=Sales%20%26%20CRM&type=user&sort=rating&preapproved=1
 */
export interface DiscoverState {
  q: string;
  category: string;
  type: AppType;
  sort: SortOrder;
  preapproved: boolean;
  installed: boolean;
}

const types: readonly AppType[] = ['', 'user', 'account'];
const sorts: readonly SortOrder[] = ['', 'relevance', 'popularity', 'rating', 'name', 'newest'];

export function readDiscoverState(params: URLSearchParams): DiscoverState {
  const type = params.get('type') ?? '';
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    type: (types as readonly string[]).includes(type) ? (type as AppType) : '',
    sort: (sorts as readonly string[]).includes(sort) ? (sort as SortOrder) : '',
    preapproved: params.get('preapproved') === '1',
    installed: params.get('installed') === '1',
  };
}

/** The query string (without "?") for state; empty values are left out. */
export function writeDiscoverState(state: Partial<DiscoverState>): string {
  const params = new URLSearchParams();
  if (state.q?.trim()) params.set('q', state.q.trim());
  if (state.category) params.set('category', state.category);
  if (state.type) params.set('type', state.type);
  if (state.sort) params.set('sort', state.sort);
  if (state.preapproved) params.set('preapproved', '1');
  if (state.installed) params.set('installed', '1');
  return params.toString().replace(/\+/g, '%20');
}

/** The Discover path for state, e.g. "/discover?category=Productivity". */
export function discoverPath(state: Partial<DiscoverState>): string {
  const search = writeDiscoverState(state);
  return search ? `/discover?${search}` : '/discover';
}

/** True when Discover shows a results list rather than its home rows. */
export function isFiltered(state: DiscoverState): boolean {
  return Boolean(state.q.trim() || state.category || state.type || state.sort || state.preapproved || state.installed);
}

/** True when any filter other than the text is set (Clear filters has something to do). */
export function hasFilters(state: DiscoverState): boolean {
  return Boolean(state.category || state.type || state.sort || state.preapproved || state.installed);
}

export function toSearchQuery(state: DiscoverState): SearchQuery {
  return {
    text: state.q.trim(),
    category: state.category,
    type: state.type,
    sort: state.sort,
    preApprovedOnly: state.preapproved,
    installedOnly: state.installed,
  };
}
