import { useEffect, useState } from 'react';
import {
  listDeveloperNotices,
  listOutbox,
  onInstallationsChanged,
  retryMessage,
  type OutboxMessage,
  type ReceivedNotice,
} from '../../api/manage';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { formatRelative, useNow } from '../../state/format';
import { useShowError } from '../../state/toasts';
import { useResource } from '../../state/useResource';
import { LoadError } from '../LoadError';
import { NoticeSecrets } from './NoticeSecrets';
import '../../styles/manage.css';

const s = strings.manage;

/** Message.waitingFor of a notice whose app has no signing secret yet (Go: waitingForSecret). */
const waitingForSecret = 'signing_secret';

const statusTone: Record<string, string> = { pending: 'badge-warn', delivered: 'badge-ok', failed: 'badge-danger' };

/**
 * Settings › Developer notices: the deauthorization notices Marketdesk sent
 * (or is retrying), and what the built-in sandbox received as their developer.
 */
export function DeveloperNotices() {
  const [changes, setChanges] = useState(0);
  useEffect(() => onInstallationsChanged(() => setChanges((n) => n + 1)), []);
  const outbox = useResource(listOutbox, changes);
  const received = useResource(listDeveloperNotices, changes);
  const manager = Boolean(useSession().me?.manager);
  const [secretTarget, setSecretTarget] = useState('');

  return (
    <section className="settings-section notices-section" aria-labelledby="notices-title" data-testid="developer-notices">
      <div className="section-head">
        <div>
          <h2 id="notices-title" className="section-title">
            {s.noticesTitle}
          </h2>
          <p className="section-intro">{s.noticesIntro}</p>
        </div>
      </div>
      <div className="notices-group">
        <h3 className="notices-subtitle">{s.outboxTitle}</h3>
        {outbox.resource.status === 'loading' && <p className="loading">{s.outboxLoading}</p>}
        {outbox.resource.status === 'error' && (
          <LoadError title={s.outboxFailed} error={outbox.resource.error} retry={outbox.retry} retryLabel={s.retry} />
        )}
        {outbox.resource.status === 'ready' && outbox.resource.data.length === 0 && <p className="muted">{s.outboxEmpty}</p>}
        {outbox.resource.status === 'ready' && outbox.resource.data.length > 0 && (
          <ul className="source-list notice-list" data-testid="outbox-list">
            {outbox.resource.data.map((message) => (
              <OutboxRow
                key={message.id}
                message={message}
                onRetried={() => setChanges((n) => n + 1)}
                onSetSecret={manager ? () => setSecretTarget(message.listingId) : undefined}
              />
            ))}
          </ul>
        )}
      </div>

      {manager && <NoticeSecrets reloadKey={changes} target={secretTarget} onSaved={() => setChanges((n) => n + 1)} />}

      <div className="notices-group">
        <h3 className="notices-subtitle">{s.receivedTitle}</h3>
        <p className="section-intro">{s.receivedIntro}</p>
        {received.resource.status === 'loading' && <p className="loading">{s.outboxLoading}</p>}
        {received.resource.status === 'error' && (
          <LoadError title={s.receivedFailed} error={received.resource.error} retry={received.retry} retryLabel={s.retry} />
        )}
        {received.resource.status === 'ready' && received.resource.data.length === 0 && <p className="muted">{s.receivedEmpty}</p>}
        {received.resource.status === 'ready' && received.resource.data.length > 0 && <ReceivedTable notices={received.resource.data} />}
      </div>
    </section>
  );
}

function OutboxRow({ message, onRetried, onSetSecret }: { message: OutboxMessage; onRetried: () => void; onSetSecret?: () => void }) {
  const now = useNow();
  const showError = useShowError();
  const [retrying, setRetrying] = useState(false);
  const when = (value: string) => formatRelative(value, s.justNow, now);
  // Waiting for a manager's secret is not a failure: it says so, and why.
  const needsSecret = message.status === 'pending' && message.waitingFor === waitingForSecret;

  const onRetry = async () => {
    setRetrying(true);
    try {
      await retryMessage(message.id);
      onRetried();
    } catch (reason) {
      showError(reason);
    } finally {
      setRetrying(false);
    }
  };

  return (
    <li
      className="source-row notice-row"
      data-testid="outbox-row"
      data-status={message.status}
      data-listing={message.listingId}
      data-waiting-for={message.waitingFor || undefined}
    >
      <div className="source-main">
        <p className="source-name">
          <span>{s.kind[message.kind] ?? message.kind}</span> <code className="notice-app">{message.listingId}</code>{' '}
          {needsSecret ? (
            <span className="badge badge-warn">{s.waitingForSecret}</span>
          ) : (
            <span className={`badge ${statusTone[message.status] ?? 'badge-neutral'}`}>{s.messageStatus[message.status] ?? message.status}</span>
          )}
        </p>
        <p className="source-meta">
          {[
            s.createdAt(when(message.createdAt)),
            s.attempts(message.attempts),
            message.status === 'delivered' && message.deliveredAt ? s.deliveredAt(when(message.deliveredAt)) : '',
            message.status !== 'delivered' && message.nextAttemptAt ? s.nextAttempt(when(message.nextAttemptAt)) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        {needsSecret && <p className="source-error">{s.waitingForSecretHint}</p>}
        {message.lastError && message.status !== 'delivered' && !needsSecret && (
          <p className="source-error">
            {s.lastError}: {message.lastError}
          </p>
        )}
      </div>
      {needsSecret && onSetSecret && (
        <div className="row-actions">
          <button type="button" className="button" onClick={onSetSecret} aria-label={s.setSecretFor(message.listingId)}>
            {s.setSecret}
          </button>
        </div>
      )}
      {message.status === 'failed' && (
        <div className="row-actions">
          <button type="button" className="button" onClick={onRetry} disabled={retrying} aria-busy={retrying} aria-label={s.retryLabel(message.listingId)}>
            {retrying ? s.retrying : s.retryMessage}
          </button>
        </div>
      )}
    </li>
  );
}

function ReceivedTable({ notices }: { notices: ReceivedNotice[] }) {
  const now = useNow();
  return (
    <div className="table-card">
      <table className="data-table" data-testid="received-list">
        <thead>
          <tr>
            <th scope="col">{s.colApp}</th>
            <th scope="col">{s.colReceived}</th>
            <th scope="col">{s.colRetention}</th>
            <th scope="col">{s.colVerified}</th>
          </tr>
        </thead>
        <tbody>
          {notices.map((notice) => (
            <tr
              key={notice.webhookId}
              data-testid="received-row"
              data-listing={notice.listingId}
              data-retention={String(notice.body.user_data_retention === true)}
            >
              <td>
                <code>{notice.body.app_id || notice.listingId}</code>
              </td>
              <td className="cell-date" title={notice.receivedAt}>
                {formatRelative(notice.receivedAt, s.justNow, now)}
              </td>
              <td data-testid="received-retention">{notice.body.user_data_retention ? s.yes : s.no}</td>
              <td>
                <span className={`badge ${notice.verified ? 'badge-ok' : 'badge-danger'}`}>{notice.verified ? s.verified : s.notVerified}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
