import { strings } from '../i18n';

/** Where the catalog comes from and whether it is usable offline. */
export function SyncStatus() {
  return (
    <div className="sync-status" role="status" aria-label={strings.sync.label}>
      <span className="sync-dot" aria-hidden="true" />
      <span>{strings.sync.embedded}</span>
    </div>
  );
}
