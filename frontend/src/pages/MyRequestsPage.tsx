import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { cancelRequest, listMyRequests, type ApprovalRequest } from '../api/approval';
import { EmptyState } from '../components/EmptyState';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { RequestInstall } from '../components/approval/RequestInstall';
import { RequestStatusBadge } from '../components/approval/RequestStatus';
import { strings } from '../i18n';
import { formatDate } from '../state/format';
import { useSession } from '../state/session';
import { useShowError } from '../state/toasts';
import { useResource } from '../state/useResource';

const s = strings.myRequests;

/** The signed-in user's requests for pre-approval, with the managers' answers. */
export function MyRequestsPage() {
  const { version, changed } = useSession();
  const [local, setLocal] = useState(0);
  const load = useCallback(() => listMyRequests(), []);
  const { resource, retry } = useResource(load, `${version}:${local}`);
  const onChanged = () => {
    setLocal((n) => n + 1);
    changed();
  };

  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={s.retry} />}
      {resource.status === 'ready' && resource.data.length === 0 && <EmptyState icon="inbox" title={s.emptyTitle} body={s.emptyBody} />}
      {resource.status === 'ready' && resource.data.length > 0 && (
        <div className="table-card">
          <table className="data-table" data-testid="my-requests">
            <thead>
              <tr>
                <th scope="col">{s.app}</th>
                <th scope="col">{s.reason}</th>
                <th scope="col">{s.asked}</th>
                <th scope="col">{s.status}</th>
                <th scope="col">
                  <span className="visually-hidden">{s.cancel}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {resource.data.map((request) => (
                <MyRequestRow key={request.id} request={request} onChanged={onChanged} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function MyRequestRow({ request, onChanged }: { request: ApprovalRequest; onChanged: () => void }) {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const onCancel = async () => {
    setBusy(true);
    try {
      await cancelRequest(request.id);
    } catch (reason) {
      showError(reason);
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  return (
    <tr data-testid="my-request-row">
      <td>
        <Link to={`/apps/${encodeURIComponent(request.listingId)}`} className="table-link">
          {request.listingName || request.listingId}
        </Link>
      </td>
      <td className="cell-text">{request.reason || <span className="muted">—</span>}</td>
      <td className="cell-date">{formatDate(request.createdAt)}</td>
      <td>
        <RequestStatusBadge status={request.status} />
        {request.decisionNote && <p className="cell-note">“{request.decisionNote}”</p>}
      </td>
      <td className="cell-actions">
        {request.status === 'approved' && <RequestInstall request={request} onChanged={onChanged} />}
        {request.status === 'pending' && (
          <button type="button" className="button button-small" onClick={onCancel} disabled={busy} aria-label={s.cancelLabel(request.listingName || request.listingId)}>
            {s.cancel}
          </button>
        )}
      </td>
    </tr>
  );
}
