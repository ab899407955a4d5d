import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { getHome, type AppCard, type CatalogHome } from '../api/catalog';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { AppTile } from '../components/catalog/AppTile';
import { CategoryRail } from '../components/catalog/CategoryRail';
import { FilterBar } from '../components/catalog/FilterBar';
import { ResultsList } from '../components/catalog/ResultsList';
import { strings } from '../i18n';
import { takeEarly } from '../state/early';
import { discoverPath, isFiltered, readDiscoverState, toSearchQuery, type DiscoverState } from '../state/discoverQuery';
import { useSession } from '../state/session';
import { registerResultsFocus, takePendingFocus } from '../state/resultsFocus';
import { useCatalogVersion } from '../state/useCatalogVersion';
import { useResource } from '../state/useResource';
import { useSearchResults } from '../state/useSearchResults';

const s = strings.discover;

// The home rows: on the first screen, the answer main.tsx asked for early.
const homeOnce = () => takeEarly('home', getHome);

export function DiscoverPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const state = readDiscoverState(params);
  const filtered = isFiltered(state);
  const version = useCatalogVersion();
  const { resource: home, retry: retryHome } = useResource(homeOnce, version);
  const paramKey = params.toString();
  // Rebuilt only when the URL changes, so the results hook sees a stable query.
  const search = useMemo(() => (filtered ? toSearchQuery(state) : null), [paramKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // Pre-approvals change what "Pre-approved for me" finds: search again when they do.
  const { version: sessionVersion } = useSession();
  const results = useSearchResults(search, `${version}:${state.preapproved ? sessionVersion : 0}`);

  const update = useCallback(
    (patch: Partial<DiscoverState>) => navigate(discoverPath({ ...state, ...patch })),
    [navigate, paramKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const clear = useCallback(() => navigate('/discover'), [navigate]);

  const homeData = home.status === 'ready' ? home.data : null;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      {home.status === 'error' && (
        <div className="inline-error" role="alert">
          <div>
            <p className="inline-error-title">{s.loadFailed}</p>
            <p className="detail">{home.error.message}</p>
          </div>
          <button type="button" className="button" onClick={retryHome}>
            {s.retry}
          </button>
        </div>
      )}
      {home.status === 'loading' && (
        <p className="loading" aria-live="polite">
          {s.loading}
        </p>
      )}
      {homeData && (
        <div className="discover">
          <CategoryRail categories={homeData.categories ?? []} total={homeData.total} state={state} />
          <div className="discover-main">
            <FilterBar state={state} onChange={update} />
            {filtered ? (
              <Results state={state} results={results} onClear={clear} onChange={update} />
            ) : (
              <HomeRows home={homeData} />
            )}
          </div>
        </div>
      )}
    </>
  );
}

function Results({
  state,
  results,
  onClear,
  onChange,
}: {
  state: DiscoverState;
  results: ReturnType<typeof useSearchResults>;
  onClear: () => void;
  onChange: (patch: Partial<DiscoverState>) => void;
}) {
  const { results: data, error, loading, stale, loadMore, retry } = results;
  const q = state.q.trim();
  return (
    <section className="results" aria-busy={loading}>
      <div className="results-head">
        <p className="results-count" aria-live="polite" data-testid="results-count">
          {data ? (q ? s.countFor(data.total, q) : s.count(data.total)) : s.searching}
        </p>
        {q && state.category && (
          <button
            type="button"
            className="filter-chip"
            data-testid="category-chip"
            title={s.removeCategory(state.category)}
            onClick={() => onChange({ category: '' })}
          >
            {s.inCategory(state.category)}
            <span className="visually-hidden">{s.removeCategoryShort}</span>
            <Icon name="close" />
          </button>
        )}
        <button type="button" className="link-button" onClick={onClear}>
          {s.clearFilters}
        </button>
      </div>
      {data?.suggestion && (
        <p className="did-you-mean" data-testid="did-you-mean">
          {s.didYouMean}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ q: data.suggestion })}
          >
            {data.suggestion}
          </button>
          ?
        </p>
      )}
      {data?.notices.map((notice) => (
        <p key={notice} className="notice" data-testid="search-notice">
          {notice}
        </p>
      ))}
      {error && (
        <div className="inline-error" role="alert">
          <div>
            <p className="inline-error-title">{s.searchFailed}</p>
            <p className="detail">{error.message}</p>
          </div>
          <button type="button" className="button" onClick={retry}>
            {s.retry}
          </button>
        </div>
      )}
      {data && data.items.length === 0 && !error && (
        <div className="empty-state" data-testid="no-results">
          <div className="empty-icon">
            <Icon name="empty" />
          </div>
          <h2>{state.preapproved ? s.noPreApprovedTitle : s.noResultsTitle}</h2>
          <p>{state.preapproved ? s.noPreApprovedBody : s.noResultsBody}</p>
          <button type="button" className="button" onClick={onClear}>
            {s.clearFilters}
          </button>
        </div>
      )}
      {data && data.items.length > 0 && (
        <div className={stale ? 'results-stale' : undefined}>
          <ResultsList items={data.items} total={data.total} loadMore={loadMore} />
        </div>
      )}
    </section>
  );
}

function HomeRows({ home }: { home: CatalogHome }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const focusFirst = () => {
      const first = ref.current?.querySelector<HTMLElement>('.app-tile');
      first?.focus();
      return Boolean(first);
    };
    if (takePendingFocus()) focusFirst();
    return registerResultsFocus(focusFirst);
  }, []);

  if (home.total === 0) {
    return (
      <div ref={ref}>
        <EmptyState icon="discover" title={s.emptyTitle} body={s.emptyBody} />
        <p className="empty-action">
          <Link to="/settings" className="button">
            {s.openSettings}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div ref={ref} className="home-rows">
      <Row title={s.popular} apps={home.popular ?? []} testId="row-popular" />
      <Row title={s.recentlyUpdated} apps={home.recentlyUpdated ?? []} testId="row-recent" />
      <p className="browse-all">
        <Link to={discoverPath({ sort: 'popularity' })} className="link-button">
          {s.browseAll(home.total)}
        </Link>
      </p>
    </div>
  );
}

function Row({ title, apps, testId }: { title: string; apps: AppCard[]; testId: string }) {
  if (apps.length === 0) return null;
  return (
    <section className="app-row" aria-label={title} data-testid={testId}>
      <h2 className="section-title">{title}</h2>
      <div className="app-grid">
        {apps.map((app) => (
          <AppTile key={app.id} app={app} />
        ))}
      </div>
    </section>
  );
}
