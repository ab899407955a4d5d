import { useState } from 'react';
import { listSources, removeSource, setSourceTrusted, type CatalogSource } from '../../api/catalog';
import { strings } from '../../i18n';
import { formatRelative, useNow } from '../../state/format';
import { useSession } from '../../state/session';
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
  // Go refuses source changes from anyone else; the controls are hidden too.
  const canManage = Boolean(useSession().me?.manager);

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
            <SourceRow key={source.id} source={source} canManage={canManage} onChanged={() => setChanges((n) => n + 1)} />
          ))}
        </ul>
      )}
      {canManage ? (
        <AddSourceForm onAdded={() => setChanges((n) => n + 1)} />
      ) : (
        <p className="section-intro" data-testid="sources-managers-only">
          {s.managersOnly}
        </p>
      )}
    </section>
  );
}

function SourceRow({ source, canManage, onChanged }: { source: CatalogSource; canManage: boolean; onChanged: () => void }) {
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
      onChanged();
    } catch (reason) {
      showError(reason);
      setRemoving(false);
      setConfirming(false);
    }
  };

  const onTrust = async () => {
    setRemoving(true);
    try {
      await setSourceTrusted(source.id, !source.trusted);
      onChanged();
    } catch (reason) {
      showError(reason);
    } finally {
      setRemoving(false);
    }
  };

  return (
    <li className="source-row" data-testid="source-row" data-trusted={source.trusted}>
      <div className="source-main">
        <p className="source-name">
          {name}
          <span className="badge badge-neutral">{s.kind[source.kind] ?? source.kind}</span>
          {source.trusted && (
            <span className="badge badge-ok" title={s.trustedHelp}>
              {s.trusted}
            </span>
          )}
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
      {canManage && source.kind !== 'embedded' && !confirming && (
        <div className="source-actions">
          <button
            type="button"
            className="button button-quiet"
            onClick={onTrust}
            disabled={removing}
            aria-label={source.trusted ? s.untrustLabel(name) : s.trustLabel(name)}
          >
            {source.trusted ? s.untrust : s.trust}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(true)} aria-label={s.removeLabel(name)}>
            {s.remove}
          </button>
        </div>
      )}
    </li>
  );
}
