import { useCallback, useEffect, useState } from 'react';
import { toAppError, type AppError } from '../../api/errors';
import { disconnectOrg, getOrgStatus, onOrgStatus, type OrgStatus } from '../../api/org';
import { strings } from '../../i18n';
import { useOrg } from '../../state/org';
import { useSession } from '../../state/session';
import { useShowSuccess } from '../../state/toasts';
import { LoadError } from '../LoadError';
import { OrgConnectForm } from './OrgConnectForm';
import { formatClock } from './OrgMarker';

const s = strings.org;

/** Settings → Organization: connect, who you are there, disconnect. */
export function OrgSection() {
  const [status, setLocal] = useState<OrgStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const { setStatus } = useOrg();
  const { refresh } = useSession();

  // The section and the window's marker show the same state.
  const show = useCallback(
    (next: OrgStatus) => {
      setLocal(next);
      setStatus(next);
    },
    [setStatus],
  );

  const load = useCallback(async () => {
    try {
      setError(null);
      show(await getOrgStatus());
    } catch (reason) {
      setError(toAppError(reason));
    }
  }, [show]);

  useEffect(() => {
    void load();
    return onOrgStatus(setLocal);
  }, [load]);

  const onConnected = async (next: OrgStatus) => {
    show(next);
    await refresh(); // the account and who you are now come from the organization
  };

  return (
    <section className="settings-section" aria-labelledby="org-title" data-testid="org-section">
      <div className="section-head">
        <div>
          <h2 id="org-title" className="section-title">
            {s.title}
          </h2>
          <p className="section-intro">{s.intro}</p>
        </div>
      </div>
      {error && <LoadError title={s.loadFailed} error={error} retry={() => void load()} retryLabel={s.retry} />}
      {!error && !status && <p className="muted">{s.loading}</p>}
      {status && (status.state === 'local' || status.state === 'managed') && (
        <OrgConnectForm
          presetServer={status.state === 'managed' ? status.server : undefined}
          policyFile={status.policyFile}
          submitLabel={s.connect}
          onConnected={onConnected}
        />
      )}
      {status && (status.state === 'connected' || status.state === 'offline' || status.state === 'signed_out') && (
        <Connected status={status} onChange={show} onConnected={onConnected} />
      )}
    </section>
  );
}

function Connected({
  status,
  onChange,
  onConnected,
}: {
  status: OrgStatus;
  onChange: (status: OrgStatus) => void;
  onConnected: (status: OrgStatus) => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const showSuccess = useShowSuccess();
  const { refresh } = useSession();

  const onDisconnect = async () => {
    setBusy(true);
    setError('');
    try {
      const revoked = await disconnectOrg();
      showSuccess(revoked ? s.disconnected : s.disconnectedOffline);
      setConfirming(false);
      onChange(await getOrgStatus());
      await refresh();
    } catch (reason) {
      setError(toAppError(reason).message);
    }
    setBusy(false);
  };

  return (
    <div className="org-connected">
      <p className="org-server">{s.connectedTo(status.server)}</p>
      {status.state === 'offline' && (
        <p className="org-offline" data-testid="org-offline-detail">
          <strong>{s.offlineSince(formatClock(status.offlineSince))}</strong> {s.offlineHelp}
        </p>
      )}
      {status.email && (
        <dl className="org-facts">
          <dt>{s.signedInAs}</dt>
          <dd data-testid="org-me">
            {status.name ? `${status.name} <${status.email}>` : status.email}
          </dd>
          <dt>{s.role}</dt>
          <dd data-testid="org-role">{s.roleName(status.role, status.manager)}</dd>
          {status.account && (
            <>
              <dt>{s.organization}</dt>
              <dd>{status.account}</dd>
            </>
          )}
        </dl>
      )}
      {status.state === 'signed_out' && (
        <div className="org-signed-out">
          <p>
            <strong>{s.signedOut}</strong> {s.signedOutHelp}
          </p>
          <OrgConnectForm presetServer={status.server} submitLabel={s.signInAgain} onConnected={onConnected} />
        </div>
      )}
      {error && (
        <div className="inline-error compact" role="alert">
          <p className="detail">{error}</p>
        </div>
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-label={s.disconnect}>
          <p>{s.disconnectConfirm(status.server)}</p>
          <div className="confirm-actions">
            <button type="button" className="button button-danger" onClick={() => void onDisconnect()} disabled={busy}>
              {s.disconnectConfirmButton}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy}>
              {strings.settings.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {s.disconnect}
        </button>
      )}
    </div>
  );
}
