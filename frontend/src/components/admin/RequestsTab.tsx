import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { decideRequest, listRequests, type ApprovalRequest, type RequestStatus } from '../../api/approval';
import { getListing, type AppListing } from '../../api/catalog';
import { toAppError } from '../../api/errors';
import type { InstallProgress } from '../../api/install';
import { strings } from '../../i18n';
import { formatDate } from '../../state/format';
import { useSession } from '../../state/session';
import { useShowSuccess } from '../../state/toasts';
import { useResource } from '../../state/useResource';
import { EmptyState } from '../EmptyState';
import { LoadError } from '../LoadError';
import { Avatar } from '../UserMenu';
import { RequestStatusBadge } from '../approval/RequestStatus';
import { InstallDialog } from '../install/InstallDialog';

const s = strings.admin.requests;

const statusOptions: { value: RequestStatus; label: string }[] = [
  { value: 'pending', label: strings.requestStatus.pending },
  { value: 'approved', label: strings.requestStatus.approved },
  { value: 'denied', label: strings.requestStatus.denied },
  { value: 'cancelled', label: strings.requestStatus.cancelled },
  { value: '', label: s.all },
];

/** Admin › Requests: the queue; approve for the requester or everyone, or deny with a note. */
export function RequestsTab() {
  const { version, changed } = useSession();
  const [status, setStatus] = useState<RequestStatus>('pending');
  const [local, setLocal] = useState(0);
  const [notice, setNotice] = useState('');
  const load = useCallback(() => listRequests(status), [status]);
  const { resource, retry } = useResource(load, `${status}:${version}:${local}`);

  const onDecided = (conflict: string) => {
    setNotice(conflict);
    setLocal((n) => n + 1);
    changed();
  };

  return (
    <section className="admin-section" aria-label={strings.admin.tabs.requests}>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={s.statusFilter}>
          {statusOptions.map((option) => (
            <button
              key={option.value || 'all'}
              type="button"
              className="segment"
              aria-pressed={status === option.value}
              onClick={() => {
                setNotice('');
                setStatus(option.value);
              }}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      {notice && (
        <div className="inline-note" role="status" data-testid="already-decided">
          <p className="inline-error-title">{s.alreadyDecided}</p>
          <p className="detail">{notice}</p>
        </div>
      )}
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={strings.admin.retry} />}
      {resource.status === 'ready' && resource.data.length === 0 && <EmptyState icon="inbox" title={s.emptyTitle} body={s.emptyBody} />}
      {resource.status === 'ready' && resource.data.length > 0 && (
        <ul className="request-list" data-testid="request-list">
          {resource.data.map((request) => (
            <RequestRow key={request.id} request={request} onDecided={onDecided} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A member's request for an account-level app is approved by installing it
 * for the account (Go approves its pending requests in the install's
 * transaction): the same review dialog as the detail page's Install.
 */
function InstallForAccount({ request, onInstalled }: { request: ApprovalRequest; onInstalled: () => void }) {
  const [app, setApp] = useState<AppListing | null>(null);
  const [error, setError] = useState('');
  const showSuccess = useShowSuccess();
  const name = request.listingName || request.listingId;
  const open = async () => {
    setError('');
    try {
      setApp(await getListing(request.listingId));
    } catch (reason) {
      setError(toAppError(reason).message);
    }
  };
  const done = (progress: InstallProgress) => {
    setApp(null);
    showSuccess(progress.status === 'needs_configuration' ? strings.install.needsConfiguration(name) : strings.install.installed(name));
    onInstalled();
  };
  return (
    <>
      <button type="button" className="button button-small button-primary" onClick={open} aria-haspopup="dialog" aria-label={s.installForAccountLabel(request.userName, name)}>
        {s.installForAccount}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {app && <InstallDialog app={app} onInstalled={done} onClose={() => setApp(null)} />}
    </>
  );
}

function RequestRow({ request, onDecided }: { request: ApprovalRequest; onDecided: (conflict: string) => void }) {
  // The note form is open for a denial or for an approval with a note.
  const [noting, setNoting] = useState<'approve' | 'deny' | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const app = request.listingName || request.listingId;

  const decide = async (verdict: { approve: boolean; forAccount: boolean; note: string }) => {
    setBusy(true);
    setError('');
    try {
      await decideRequest(request.id, verdict);
      onDecided('');
    } catch (reason) {
      const err = toAppError(reason);
      if (err.code === 'conflict') onDecided(err.message);
      else setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const onNote = (event: FormEvent) => {
    event.preventDefault();
    void decide({ approve: noting === 'approve', forAccount: false, note: note.trim() });
  };

  return (
    <li className="request-row" data-testid="request-row" aria-label={`${request.userName} — ${app}`}>
      <Avatar name={request.userName} />
      <div className="request-main">
        <p className="request-title">
          <span className="request-user">{request.userName}</span>
          <span className="cell-muted">{request.userEmail}</span>
        </p>
        <p>
          <Link to={`/apps/${encodeURIComponent(request.listingId)}`} className="table-link">
            {app}
          </Link>
          <span className="cell-muted"> · {formatDate(request.createdAt)}</span>
        </p>
        <p className={request.reason ? 'request-reason' : 'request-reason muted'}>{request.reason ? `“${request.reason}”` : s.noReason}</p>
        {request.status !== 'pending' && (
          <p className="request-decision">
            <RequestStatusBadge status={request.status} />
            {request.decisionNote && <span className="cell-note"> “{request.decisionNote}”</span>}
          </p>
        )}
        {noting && (
          <form className="deny-form" onSubmit={onNote}>
            <label className="field">
              <span className="field-label">{s.denyNote}</span>
              <textarea
                className="text-input textarea"
                rows={2}
                maxLength={1000}
                value={note}
                placeholder={noting === 'approve' ? s.approveNotePlaceholder : s.denyNotePlaceholder}
                onChange={(e) => setNote(e.target.value)}
                autoFocus
              />
            </label>
            <div className="form-actions">
              <button type="submit" className={noting === 'approve' ? 'button button-primary' : 'button button-danger'} disabled={busy}>
                {noting === 'approve' ? s.confirmApprove : s.confirmDeny}
              </button>
              <button type="button" className="button" onClick={() => setNoting(null)} disabled={busy}>
                {s.cancel}
              </button>
            </div>
          </form>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {request.status === 'pending' && !noting && request.listingType === 'account' && (
        <div className="request-actions">
          <InstallForAccount request={request} onInstalled={() => onDecided('')} />
          <button type="button" className="button button-small button-danger-quiet" disabled={busy} onClick={() => setNoting('deny')}>
            {s.deny}
          </button>
        </div>
      )}
      {request.status === 'pending' && !noting && request.listingType !== 'account' && (
        <div className="request-actions">
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy}
            aria-label={s.approveLabel(request.userName, app)}
            onClick={() => decide({ approve: true, forAccount: false, note: '' })}
          >
            {s.approve}
          </button>
          <button type="button" className="button button-small" disabled={busy} onClick={() => decide({ approve: true, forAccount: true, note: '' })}>
            {s.approveAll}
          </button>
          <button type="button" className="button button-small" disabled={busy} onClick={() => setNoting('approve')}>
            {s.approveWithNote}
          </button>
          <button type="button" className="button button-small button-danger-quiet" disabled={busy} onClick={() => setNoting('deny')}>
            {s.deny}
          </button>
        </div>
      )}
    </li>
  );
}
