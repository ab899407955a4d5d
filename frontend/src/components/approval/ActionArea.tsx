import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { askForApproval, cancelRequest, type AppAction } from '../../api/approval';
import type { AppListing } from '../../api/catalog';
import { toAppError } from '../../api/errors';
import type { Installation, InstallProgress } from '../../api/install';
import { strings } from '../../i18n';
import { formatDate } from '../../state/format';
import { useSession } from '../../state/session';
import { useShowError, useShowSuccess } from '../../state/toasts';
import type { Resource } from '../../state/useResource';
import { Icon, type IconName } from '../Icon';
import { InstallDialog } from '../install/InstallDialog';
import { StatusBadge } from '../install/StatusBadge';

const s = strings.action;

/**
 * The detail page's call to action: the installation when the app is
 * installed (for the user or the account); otherwise, by what the policy says
 * for the signed-in user, Install, Request pre-approval, a pending or denied
 * request, or why not.
 */
export function ActionArea(props: ActionAreaProps) {
  // The review dialog lives above the states: an install in progress makes the
  // installation exist ("authorizing"), and in organization mode the server's
  // event about it reloads this area; the dialog (and the browser's wait) must
  // stay open through that.
  const [installing, setInstalling] = useState(false);
  const showSuccess = useShowSuccess();
  const { app, onChanged } = props;
  const onInstalled = (progress: InstallProgress) => {
    setInstalling(false);
    showSuccess(
      progress.status === 'needs_configuration' ? strings.install.needsConfiguration(app.name) : strings.install.installed(app.name),
    );
    onChanged();
  };
  return (
    <>
      <ActionAreaState {...props} onInstall={() => setInstalling(true)} />
      {installing && <InstallDialog app={app} onInstalled={onInstalled} onClose={() => setInstalling(false)} />}
    </>
  );
}

interface ActionAreaProps {
  app: AppListing;
  resource: Resource<AppAction>;
  installation: Resource<Installation | null>;
  retry: () => void;
  onChanged: () => void;
}

function ActionAreaState({ app, resource, installation, retry, onChanged, onInstall }: ActionAreaProps & { onInstall: () => void }) {
  if (resource.status === 'loading' || installation.status === 'loading') {
    return (
      <div className="install-action" data-testid="action-area" data-state="loading">
        <p className="install-help" aria-live="polite">
          {s.loading}
        </p>
      </div>
    );
  }
  if (resource.status === 'error' || installation.status === 'error') {
    const error = resource.status === 'error' ? resource.error : installation.status === 'error' ? installation.error : null;
    return (
      <div className="install-action" data-testid="action-area" data-state="error" role="alert">
        <p className="action-status action-status-danger">{resource.status === 'error' ? s.failed : strings.installation.failed}</p>
        <p className="install-help">{error?.message}</p>
        <button type="button" className="button" onClick={retry}>
          {s.retry}
        </button>
      </div>
    );
  }
  if (installation.data) return <Installed app={app} installation={installation.data} />;
  return <ActionFor app={app} action={resource.data} onChanged={onChanged} onInstall={onInstall} />;
}

function Box({ state, children }: { state: string; children: ReactNode }) {
  return (
    <div className="install-action" data-testid="action-area" data-state={state}>
      {children}
    </div>
  );
}

function Status({ icon, tone, children }: { icon: IconName; tone: 'ok' | 'warn' | 'danger' | 'muted'; children: ReactNode }) {
  return (
    <p className={`action-status action-status-${tone}`}>
      <Icon name={icon} size={16} />
      <span>{children}</span>
    </p>
  );
}

/**
 * Install that cannot be used yet. aria-disabled, not disabled: the button stays
 * in the Tab order, so a screen reader reads it with its reason (the help below).
 */
function DisabledInstall({ help }: { help: string }) {
  return (
    <>
      <button type="button" className="button button-primary" aria-disabled="true" aria-describedby="install-help">
        {s.install}
      </button>
      <p id="install-help" className="install-help">
        {help}
      </p>
    </>
  );
}

/** An installed app: by whom, its status, and what is left to do. */
function Installed({ app, installation }: { app: AppListing; installation: Installation }) {
  const { me } = useSession();
  const t = strings.installation;
  const forAccount = installation.level === 'account';
  const canConfigure = !forAccount || Boolean(me?.manager);
  return (
    <div className="install-action" data-testid="action-area" data-state="installed" data-status={installation.status}>
      <Status icon="verified" tone="ok">
        {forAccount ? t.installedForEveryone(installation.installedByName) : t.installed}
      </Status>
      <p className="action-badge">
        <StatusBadge status={installation.status} />
      </p>
      {installation.status === 'needs_configuration' &&
        (canConfigure ? (
          <>
            <p className="install-help" data-testid="finish-configuring">
              {t.finishConfiguring(app.name)}
            </p>
            <Link to={`/installed/${installation.id}`} className="button button-primary">
              {t.configure}
            </Link>
          </>
        ) : (
          <p className="install-help">{t.adminsConfigure}</p>
        ))}
      {installation.status === 'authorizing' && <p className="install-help">{t.authorizingHelp}</p>}
      {installation.status === 'reconnect_needed' && <p className="install-help">{t.reconnectHelp}</p>}
      {installation.authorizationChanged && (
        <p className="install-help" data-testid="authorization-changed">
          {t.authorizationChanged}
        </p>
      )}
    </div>
  );
}

/** Install: opens the review dialog (held by ActionArea). */
function InstallButton({ onInstall }: { onInstall: () => void }) {
  return (
    <button type="button" className="button button-primary" onClick={onInstall} aria-haspopup="dialog">
      {s.install}
    </button>
  );
}

function ActionFor({ app, action, onChanged, onInstall }: { app: AppListing; action: AppAction; onChanged: () => void; onInstall: () => void }) {
  const listingId = app.id;
  const { me } = useSession();
  const [asking, setAsking] = useState(false);
  const state = action.state;

  if (asking && (state === 'request' || state === 'needs_review' || state === 'denied')) {
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
      return (
        <Box state={state}>
          <InstallButton onInstall={onInstall} />
          <p className="install-help">{app.type === 'account' ? s.installForEveryone : s.installForYou}</p>
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
      // An account-level app (the policy's reason admins_only): a member asks
      // a manager to install it for the account.
      return (
        <Box state={state}>
          <button type="button" className="button button-primary" onClick={() => setAsking(true)}>
            {app.type === 'account' ? s.requestAccountApp : s.requestApproval}
          </button>
          <p className="install-help">{app.type === 'account' ? s.requestAccountIntro : s.requestIntro}</p>
        </Box>
      );
    case 'needs_review':
      return (
        <Box state={state}>
          <Status icon="warning" tone="warn">
            {s.needsReview}
          </Status>
          <p className="install-help">{me?.manager ? s.managerReviewBelow : s.needsReviewHelp}</p>
          {!me?.manager && (
            <button type="button" className="button" onClick={() => setAsking(true)}>
              {s.askReview}
            </button>
          )}
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
      // Members cannot install it at all, so there is no Install button to tease them.
      return (
        <Box state={state}>
          <Status icon="lock" tone="muted">
            {s.adminsOnly}
          </Status>
          <p className="install-help">{s.adminsOnlyHelp}</p>
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
