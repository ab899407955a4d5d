import { Link } from 'react-router-dom';
import { strings } from '../i18n';
import { formatRelative, useNow } from '../state/format';
import { useSync } from '../state/sync';

const s = strings.sync;

/**
 * Where the catalog stands: a sync in progress (source and count), or when it
 * was last updated; offline; sources whose last sync failed. Updated live from
 * the "catalog:sync" events; the rest of the window stays usable meanwhile.
 */
export function SyncStatus() {
  const { status } = useSync();
  const now = useNow();
  const problems = status?.results?.filter((r) => r.error).length ?? 0;
  const running = Boolean(status?.running);
  const progress = status && status.total > 0 ? Math.min(1, status.done / status.total) : null;

  let line: string;
  if (!status) line = s.loading;
  else if (running) line = `${s.syncing(status.source)} ${s.progress(status.done, status.total)}`;
  else if (status.lastUpdatedAt) line = s.updated(formatRelative(status.lastUpdatedAt, s.justNow, now));
  else line = s.neverUpdated;

  return (
    <div className="sync-status" role="status" aria-label={s.label} data-running={running || undefined}>
      <div className="sync-line">
        <span className={running ? 'sync-spinner' : status?.offline ? 'sync-dot sync-dot-offline' : 'sync-dot'} aria-hidden="true" />
        <span className="sync-text" data-testid="sync-line">
          {line}
        </span>
      </div>
      {running && (
        <div className="sync-progress" aria-hidden="true">
          <span
            className={progress === null ? 'sync-progress-bar indeterminate' : 'sync-progress-bar'}
            style={progress === null ? undefined : { width: `${Math.round(progress * 100)}%` }}
          />
        </div>
      )}
      {!running && status?.offline && (
        <p className="sync-note" data-testid="sync-offline">
          {s.offline}
        </p>
      )}
      {!running && problems > 0 && (
        <Link to="/settings" className="sync-problems" data-testid="sync-problems">
          {s.problems(problems)}
        </Link>
      )}
    </div>
  );
}
