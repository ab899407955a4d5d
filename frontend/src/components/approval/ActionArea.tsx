import { useState, type FormEvent, type ReactNode } from 'react';
import { askForApproval, cancelRequest, type AppAction } from '../../api/approval';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { formatDate } from '../../state/format';
import { useSession } from '../../state/session';
import { useShowError } from '../../state/toasts';
import type { Resource } from '../../state/useResource';
import { Icon, type IconName } from '../Icon';

const s = strings.action;

/**
 * The detail page's call to action, by what the policy says for the signed-in
 * user: Install, Request pre-approval, a pending or denied request, or why not.
 */
export function ActionArea({
  listingId,
  resource,
  retry,
  onChanged,
}: {
  listingId: string;
  resource: Resource<AppAction>;
  retry: () => void;
  onChanged: () => void;
}) {
  if (resource.status === 'loading') {
    return (
      <div className="install-action" data-testid="action-area" data-state="loading">
        <p className="install-help" aria-live="polite">
          {s.loading}
        </p>
      </div>
    );
  }
  if (resource.status === 'error') {
    return (
      <div className="install-action" data-testid="action-area" data-state="error" role="alert">
        <p className="action-status action-status-danger">{s.failed}</p>
        <p className="install-help">{resource.error.message}</p>
        <button type="button" className="button" onClick={retry}>
          {s.retry}
        </button>
      </div>
    );
  }
  return <ActionFor listingId={listingId} action={resource.data} onChanged={onChanged} />;
}

function Box({ state, children }: { state: string; children: ReactNode }) {
  return (
    <div className="install-action" data-testid="action-area" data-state={state}>
      {children}
    </div>
  );
}

function Status({ icon, tone, children }: { icon: IconName; tone: 'warn' | 'danger' | 'muted'; children: ReactNode }) {
  return (
    <p className={`action-status action-status-${tone}`}>
      <Icon name={icon} size={16} />
      <span>{children}</span>
    </p>
  );
}

function DisabledInstall({ help }: { help: string }) {
  return (
    <>
      <button type="button" className="button button-primary" disabled aria-describedby="install-help">
        {s.install}
      </button>
      <p id="install-help" className="install-help">
        {help}
      </p>
    </>
  );
}

function ActionFor({ listingId, action, onChanged }: { listingId: string; action: AppAction; onChanged: () => void }) {
  const { me } = useSession();
  const [asking, setAsking] = useState(false);
  const state = action.state;

  if (asking && (state === 'request' || state === 'denied')) {
    return (
      <Box state={`${state}-form`}>
        <RequestForm
          listingId={listingId}
          onCancel={() => setAsking(false)}
          onSent={() => {
            setAsking(false);
            onChanged();
          }}
        />
      </Box>
    );
  }

  switch (state) {
    case 'install':
      // Installing is the next issue: the action is shown, disabled, and says what to expect.
      return (
        <Box state={state}>
          <DisabledInstall help={strings.detail.installSoon} />
        </Box>
      );
    case 'request':
      if (me?.manager) {
        return (
          <Box state={state}>
            <DisabledInstall help={s.managerApproveBelow} />
          </Box>
        );
      }
      return (
        <Box state={state}>
          <button type="button" className="button button-primary" onClick={() => setAsking(true)}>
            {s.requestApproval}
          </button>
          <p className="install-help">{s.requestIntro}</p>
        </Box>
      );
    case 'pending':
      return (
        <Box state={state}>
          <PendingRequest requestId={action.request?.id ?? 0} since={action.request?.createdAt ?? ''} onChanged={onChanged} />
        </Box>
      );
    case 'denied':
      return (
        <Box state={state}>
          <Status icon="warning" tone="danger">
            {s.denied}
          </Status>
          {action.request?.decisionNote ? (
            <blockquote className="action-note" data-testid="decision-note">
              {s.deniedNote(action.request.decisionNote)}
            </blockquote>
          ) : (
            <p className="install-help">{s.deniedHelp}</p>
          )}
          <button type="button" className="button" onClick={() => setAsking(true)}>
            {s.askAgain}
          </button>
        </Box>
      );
    case 'admins_only':
      return (
        <Box state={state}>
          <DisabledInstall help={s.adminsOnly} />
        </Box>
      );
    case 'blocked':
      return (
        <Box state={state}>
          <Status icon="lock" tone="danger">
            {s.blocked}
          </Status>
          <p className="install-help">{s.blockedHelp}</p>
        </Box>
      );
    default:
      return (
        <Box state={state}>
          <Status icon="warning" tone="warn">
            {s.notListed}
          </Status>
          <p className="install-help">{s.notListedHelp}</p>
        </Box>
      );
  }
}

function PendingRequest({ requestId, since, onChanged }: { requestId: number; since: string; onChanged: () => void }) {
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const onCancel = async () => {
    setBusy(true);
    try {
      await cancelRequest(requestId);
      onChanged();
    } catch (reason) {
      showError(reason);
      onChanged();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Status icon="clock" tone="warn">
        {s.pendingSince(formatDate(since))}
      </Status>
      <p className="install-help">{s.pendingHelp}</p>
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        {s.cancelRequest}
      </button>
    </>
  );
}

function RequestForm({ listingId, onSent, onCancel }: { listingId: string; onSent: () => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await askForApproval(listingId, reason.trim());
      onSent();
    } catch (reason) {
      const err = toAppError(reason);
      setError(err.message);
      setBusy(false);
      if (err.code === 'conflict') onSent(); // already asked meanwhile: show the pending request
    }
  };

  return (
    <form className="request-form" onSubmit={onSubmit} aria-label={s.requestApproval}>
      <p className="request-form-title">{s.requestApproval}</p>
      <label className="field">
        <span className="field-label">{s.reason}</span>
        <textarea
          className="text-input textarea"
          value={reason}
          rows={3}
          maxLength={1000}
          placeholder={s.reasonPlaceholder}
          onChange={(e) => setReason(e.target.value)}
          autoFocus
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
          {busy ? s.sending : s.send}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {s.cancel}
        </button>
      </div>
    </form>
  );
}
