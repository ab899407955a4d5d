import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { bulkPreApprove, bulkRevoke, listAppStates, type ApprovalScope, type AppState, type BulkResult } from '../../api/approval';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { useDebounced } from '../../state/useDebounced';
import { useResource } from '../../state/useResource';
import { LoadError } from '../LoadError';

const s = strings.admin.apps;

const stateOptions: { value: '' | ApprovalScope | 'changed'; label: string }[] = [
  { value: '', label: s.all },
  { value: 'account', label: s.account },
  { value: 'users', label: s.users },
  { value: 'none', label: s.none },
  { value: 'blocked', label: s.blocked },
  { value: 'changed', label: s.changed },
];

export function stateLabel(app: AppState): string {
  switch (app.state) {
    case 'account':
      return strings.approvalPanel.stateAccount;
    case 'users':
      return strings.approvalPanel.stateUsers(app.userCount);
    case 'blocked':
      return strings.approvalPanel.stateBlocked;
    default:
      return strings.approvalPanel.stateNone;
  }
}

const tones: Record<string, string> = { account: 'ok', users: 'ok', blocked: 'danger', none: 'neutral' };

/** Admin › Apps: every app with its approval, filters, and bulk approve / revoke. */
export function AppsTab() {
  const { version, changed } = useSession();
  const [state, setState] = useState<'' | ApprovalScope | 'changed'>('');
  const [text, setText] = useState('');
  const query = useDebounced(text.trim());
  const [local, setLocal] = useState(0);
  const load = useCallback(() => listAppStates({ state, text: query }), [state, query]);
  const { resource, retry } = useResource(load, `${state}\n${query}\n${version}:${local}`);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState('');

  const apps = resource.status === 'ready' ? resource.data : [];
  const shownSelected = apps.filter((a) => selected.has(a.listingId)).map((a) => a.listingId);
  const allSelected = apps.length > 0 && shownSelected.length === apps.length;

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const bulk = async (action: (ids: string[]) => Promise<BulkResult>) => {
    setBusy(true);
    setError('');
    setResult(null);
    try {
      const res = await action(shownSelected);
      setResult(res);
      setSelected(new Set());
    } catch (reason) {
      setError(toAppError(reason).message);
    } finally {
      setBusy(false);
      setLocal((n) => n + 1);
      changed();
    }
  };

  const failed = Object.entries(result?.failed ?? {});
  return (
    <section className="admin-section" aria-label={strings.admin.tabs.apps}>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={s.stateFilter}>
          {stateOptions.map((option) => (
            <button
              key={option.value || 'all'}
              type="button"
              className="segment"
              aria-pressed={state === option.value}
              onClick={() => setState(option.value)}
            >
              {option.label}
            </button>
          ))}
        </div>
        <input
          type="search"
          className="text-input toolbar-search"
          aria-label={s.textFilter}
          placeholder={s.textPlaceholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="bulk-bar" role="group" aria-label={s.selected(shownSelected.length)}>
        <span className="bulk-count">{s.selected(shownSelected.length)}</span>
        <button
          type="button"
          className="button button-small button-primary"
          disabled={busy || shownSelected.length === 0}
          onClick={() => bulk((ids) => bulkPreApprove(ids, ''))}
        >
          {s.approveSelected}
        </button>
        <button type="button" className="button button-small" disabled={busy || shownSelected.length === 0} onClick={() => bulk(bulkRevoke)}>
          {s.revokeSelected}
        </button>
        {result && (
          <span className="bulk-result" role="status" data-testid="bulk-result">
            {s.result(result.done?.length ?? 0, failed.length)}
          </span>
        )}
      </div>
      {failed.length > 0 && (
        <ul className="bulk-failed">
          {failed.map(([id, reason]) => (
            <li key={id}>{s.failedItem(id, reason)}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={strings.admin.retry} />}
      {resource.status === 'ready' && state === '' && !text && !resource.data.some((app) => app.state === 'account' || app.state === 'users') && (
        <div className="guide-note" role="note" data-testid="preapprove-guide">
          <p className="guide-note-title">{s.guideTitle}</p>
          <p>{s.guideBody}</p>
          <Link to="/discover">{s.guideLink}</Link>
        </div>
      )}
      {resource.status === 'ready' && (
        <div className="table-card">
          <table className="data-table" data-testid="admin-apps">
            <thead>
              <tr>
                <th scope="col" className="cell-check">
                  <input
                    type="checkbox"
                    aria-label={s.selectAll}
                    checked={allSelected}
                    disabled={apps.length === 0}
                    onChange={(e) => setSelected(e.target.checked ? new Set(apps.map((a) => a.listingId)) : new Set())}
                  />
                </th>
                <th scope="col">{s.app}</th>
                <th scope="col">{s.type}</th>
                <th scope="col">{s.state}</th>
                <th scope="col">{s.requests}</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((app) => (
                <tr key={app.listingId} data-testid="admin-app-row" aria-selected={selected.has(app.listingId)}>
                  <td className="cell-check">
                    <input
                      type="checkbox"
                      aria-label={s.select(app.name)}
                      checked={selected.has(app.listingId)}
                      onChange={(e) => toggle(app.listingId, e.target.checked)}
                    />
                  </td>
                  <td>
                    <Link to={`/apps/${encodeURIComponent(app.listingId)}`} className="table-link">
                      {app.name}
                    </Link>
                    <p className="cell-sub">
                      {app.developer}
                      {app.noLongerListed && <span className="badge badge-warn">{s.noLongerListed}</span>}
                    </p>
                  </td>
                  <td className="cell-muted">{app.type === 'account' ? s.typeAccount : s.typeUser}</td>
                  <td>
                    <span className={`badge badge-${tones[app.state] ?? 'neutral'}`}>{stateLabel(app)}</span>
                    {app.changedSinceApproved && (
                      <span className="badge badge-warn" data-testid="changed-since-approved">
                        {strings.approvalPanel.changedSinceApproved}
                      </span>
                    )}
                    {app.note && <p className="cell-note">{app.note}</p>}
                  </td>
                  <td className="cell-muted">{app.pendingRequests > 0 ? <span className="badge badge-warn">{s.pending(app.pendingRequests)}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {apps.length === 0 && <p className="table-empty">{s.empty}</p>}
        </div>
      )}
    </section>
  );
}
