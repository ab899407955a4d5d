import { useCallback } from 'react';
import { useParams } from 'react-router-dom';
import { searchApps } from '../api/catalog';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { AppTile } from '../components/catalog/AppTile';
import { strings } from '../i18n';
import { useCatalogVersion } from '../state/useCatalogVersion';
import { useResource } from '../state/useResource';

const s = strings.developer;
/** A developer page lists at most this many apps (one search page). */
const maxApps = 200;

/** Every app of one developer (their name exactly, as on the app's page). */
export function DeveloperPage() {
  const name = useParams().name ?? '';
  const version = useCatalogVersion();
  const load = useCallback(() => searchApps({ developer: name, sort: 'popularity', limit: maxApps }), [name]);
  const { resource, retry } = useResource(load, `${name}\n${version}`);
  return (
    <>
      <PageHeader title={s.title(name)} subtitle={s.subtitle} />
      {resource.status === 'loading' && (
        <p className="loading" aria-live="polite">
          {s.loading}
        </p>
      )}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={s.retry} />}
      {resource.status === 'ready' && (
        <section aria-label={s.title(name)} data-testid="developer-apps">
          <p className="results-count">{resource.data.total === 0 ? s.none : s.count(resource.data.total)}</p>
          <div className="app-grid">
            {resource.data.items.map((app) => (
              <AppTile key={app.id} app={app} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}
