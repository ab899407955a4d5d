import { useCallback, useMemo, useState } from 'react';
import { exportAudit, listAudit, type AuditQuery } from '../../api/audit';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { useDebounced } from '../../state/useDebounced';
import { useResource } from '../../state/useResource';
import { LoadError } from '../LoadError';

const s = strings.admin.audit;

/** The action filter: each kind of entry by its word, sent to Go as the actions' prefix. */
const actionOptions = ['', 'account.', 'user.', 'approval.', 'request.', 'installation.', 'catalog.', 'session.'];

/** "scope: users, userIds: 2, 3" from an entry's details (a JSON object); the text itself otherwise. */
export function summarizeDetails(details: string): string {
  if (!details) return '';
  try {
    const value: unknown = JSON.parse(details);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== '' && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join(' · ');
    }
    return String(value);
  } catch {
    return details;
  }
}

function formatWhen(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Admin › Audit log: who did what and when, filtered, exported as CSV or JSON. */
export function AuditTab() {
  const { version } = useSession();
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [target, setTarget] = useState('');
  const typed = useDebounced(`${actor.trim()}\n${target.trim()}`);
  const query = useMemo<AuditQuery>(() => {
    const [a, t] = typed.split('\n');
    return { action, actor: a, target: t };
  }, [action, typed]);
  const load = useCallback(() => listAudit(query), [query]);
  const { resource, retry } = useResource(load, `${JSON.stringify(query)}:${version}`);
  const [exporting, setExporting] = useState(false);
  const [saved, setSaved] = useState('');
  const [exportError, setExportError] = useState('');

  const onExport = async (format: 'csv' | 'json') => {
    setExporting(true);
    setSaved('');
    setExportError('');
    try {
      setSaved(await exportAudit(format, query));
    } catch (reason) {
      setExportError(toAppError(reason).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="admin-section" aria-label={strings.admin.tabs.audit}>
      <div className="toolbar" role="group" aria-label={s.filters}>
        <label className="toolbar-field">
          <span>{s.action}</span>
          <select className="text-input select" value={action} onChange={(e) => setAction(e.target.value)}>
            {actionOptions.map((prefix) => (
              <option key={prefix || 'all'} value={prefix}>
                {prefix ? (s.actionKinds[prefix] ?? prefix) : s.actionAll}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>{s.actor}</span>
          <input className="text-input" type="search" value={actor} placeholder={s.actorPlaceholder} onChange={(e) => setActor(e.target.value)} />
        </label>
        <label className="toolbar-field">
          <span>{s.target}</span>
          <input className="text-input" type="search" value={target} placeholder={s.targetPlaceholder} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <div className="toolbar-end">
          <button type="button" className="button button-small" disabled={exporting} onClick={() => onExport('csv')}>
            {s.exportCsv}
          </button>
          <button type="button" className="button button-small" disabled={exporting} onClick={() => onExport('json')}>
            {s.exportJson}
          </button>
        </div>
      </div>
      {saved && (
        <p className="field-ok" role="status" data-testid="export-saved">
          {s.savedTo(saved)}
        </p>
      )}
      {exportError && (
        <div className="inline-error compact" role="alert">
          <div>
            <p className="inline-error-title">{s.exportFailed}</p>
            <p className="detail">{exportError}</p>
          </div>
        </div>
      )}
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={strings.admin.retry} />}
      {resource.status === 'ready' && (
        <div className="table-card">
          <table className="data-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{s.when}</th>
                <th scope="col">{s.actor}</th>
                <th scope="col">{s.action}</th>
                <th scope="col">{s.target}</th>
                <th scope="col">{s.details}</th>
              </tr>
            </thead>
            <tbody>
              {resource.data.map((entry) => {
                const details = summarizeDetails(entry.details);
                return (
                  <tr key={entry.id} data-testid="audit-row">
                    <td className="cell-date">{formatWhen(entry.at)}</td>
                    <td>
                      {entry.actorName}
                      {entry.actorEmail && <p className="cell-sub">{entry.actorEmail}</p>}
                    </td>
                    <td>
                      <code className="audit-action">{entry.action}</code>
                    </td>
                    <td className="cell-text">{entry.target}</td>
                    <td className="cell-text cell-details" title={details}>
                      {details}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {resource.data.length === 0 && <p className="table-empty">{s.empty}</p>}
        </div>
      )}
    </section>
  );
}
