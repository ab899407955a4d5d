import { useState } from 'react';
import { listSources, removeSource, type CatalogSource } from '../../api/catalog';
import { strings } from '../../i18n';
import { formatRelative, useNow } from '../../state/format';
import { useSync } from '../../state/sync';
import { useShowError } from '../../state/toasts';
import { useCatalogVersion } from '../../state/useCatalogVersion';
import { useResource } from '../../state/useResource';
import { AddSourceForm } from './AddSourceForm';

const s = strings.settings;

/** Settings › Catalog sources: the list, Sync now, and adding a feed. */
export function CatalogSources() {
  const version = useCatalogVersion();
  const [changes, setChanges] = useState(0);
  const { resource, retry } = useResource(listSources, `${version}:${changes}`);
  const { status, start } = useSync();
  const showError = useShowError();
  const [starting, setStarting] = useState(false);
  const syncing = Boolean(status?.running) || starting;

  const onSync = async () => {
    setStarting(true);
    try {
      await start();
    } catch (reason) {
      showError(reason);
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="sources-title">
      <div className="section-head">
        <div>
          <h2 id="sources-title" className="section-title">
            {s.sourcesTitle}
          </h2>
          <p className="section-intro">{s.sourcesIntro}</p>
        </div>
        <button type="button" className="button" onClick={onSync} disabled={syncing} aria-busy={syncing}>
          {syncing ? s.syncing : s.syncNow}
        </button>
      </div>
      {resource.status === 'loading' && <p className="loading">{s.sourcesLoading}</p>}
      {resource.status === 'error' && (
        <div className="inline-error" role="alert">
          <div>
            <p className="inline-error-title">{s.sourcesFailed}</p>
            <p className="detail">{resource.error.message}</p>
          </div>
          <button type="button" className="button" onClick={retry}>
            {s.retry}
          </button>
        </div>
      )}
      {resource.status === 'ready' && (
        <ul className="source-list" data-testid="source-list">
          {resource.data.map((source) => (
            <SourceRow key={source.id} source={source} onRemoved={() => setChanges((n) => n + 1)} />
          ))}
        </ul>
      )}
      <AddSourceForm onAdded={() => setChanges((n) => n + 1)} />
    </section>
  );
}

function SourceRow({ source, onRemoved }: { source: CatalogSource; onRemoved: () => void }) {
  const now = useNow();
  const showError = useShowError();
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const name = source.name || source.location;
  const updated = source.lastSuccessAt ? s.lastUpdated(formatRelative(source.lastSuccessAt, strings.sync.justNow, now)) : s.neverUpdated;

  const onRemove = async () => {
    setRemoving(true);
    try {
      await removeSource(source.id);
      onRemoved();
    } catch (reason) {
      showError(reason);
      setRemoving(false);
      setConfirming(false);
    }
  };

  return (
    <li className="source-row" data-testid="source-row">
      <div className="source-main">
        <p className="source-name">
          {name}
          <span className="badge badge-neutral">{s.kind[source.kind] ?? source.kind}</span>
        </p>
        {source.kind !== 'embedded' && source.location !== name && <code className="source-location">{source.location}</code>}
        <p className="source-meta">
          {s.listings(source.listingCount)} · {updated}
        </p>
        {source.lastError && (
          <p className="source-error">
            <strong>{s.lastError}:</strong> {source.lastError}
          </p>
        )}
        {confirming && (
          <div className="confirm" role="group" aria-label={s.removeLabel(name)}>
            <p>{s.removeConfirm(name)}</p>
            <div className="confirm-actions">
              <button type="button" className="button button-danger" onClick={onRemove} disabled={removing}>
                {s.removeConfirmButton}
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)} disabled={removing}>
                {s.cancel}
              </button>
            </div>
          </div>
        )}
      </div>
      {source.kind !== 'embedded' && !confirming && (
        <button type="button" className="button button-quiet" onClick={() => setConfirming(true)} aria-label={s.removeLabel(name)}>
          {s.remove}
        </button>
      )}
    </li>
  );
}
