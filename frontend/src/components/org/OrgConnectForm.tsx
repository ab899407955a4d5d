import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { toAppError } from '../../api/errors';
import { cancelOrgConnect, connectOrg, onOrgConnectProgress, type OrgConnectProgress, type OrgStatus } from '../../api/org';
import { strings } from '../../i18n';

const s = strings.org;

/**
 * Server address → Connect → "Waiting for sign-in in your browser…" with
 * Cancel. A managed policy presets the server (read-only). onConnected
 * gets the new status once the sign-in is done. startAtOnce opens the
 * sign-in when the form appears (a desktop deployed by a policy: nothing to
 * choose); a sign-in that fails or is cancelled leaves the form to try again.
 */
export function OrgConnectForm({
  presetServer,
  policyFile,
  submitLabel = s.connect,
  onConnected,
  autoFocus,
  startAtOnce = false,
}: {
  presetServer?: string;
  policyFile?: string;
  submitLabel?: string;
  onConnected: (status: OrgStatus) => void | Promise<void>;
  autoFocus?: boolean;
  startAtOnce?: boolean;
}) {
  const [server, setServer] = useState(presetServer ?? '');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<OrgConnectProgress | null>(null);
  const [error, setError] = useState('');
  const id = useId();

  useEffect(() => (busy ? onOrgConnectProgress(setProgress) : undefined), [busy]);

  const connect = async () => {
    setBusy(true);
    setError('');
    setProgress(null);
    try {
      const status = await connectOrg(server.trim());
      await onConnected(status);
    } catch (reason) {
      setError(toAppError(reason).message);
    }
    setBusy(false);
    setProgress(null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) void connect();
  };

  const started = useRef(false);
  useEffect(() => {
    if (!startAtOnce || started.current || !server) return;
    started.current = true; // once: a failed or cancelled sign-in waits for Connect
    void connect();
  }, [startAtOnce]);

  const onCancel = () => {
    void cancelOrgConnect().catch(() => {}); // the sign-in ended meanwhile: nothing to cancel
  };

  if (busy) {
    const waiting = progress?.phase === 'waiting';
    return (
      <div className="org-waiting" role="status" data-testid="org-waiting">
        <p className="org-waiting-title">{waiting ? s.waiting : s.checking}</p>
        {waiting && <p className="detail">{s.waitingHelp}</p>}
        <div className="confirm-actions">
          {waiting && progress?.authUrl && navigator.clipboard && (
            <button type="button" className="button" onClick={() => void navigator.clipboard.writeText(progress.authUrl)}>
              {s.copyLink}
            </button>
          )}
          <button type="button" className="button" onClick={onCancel}>
            {s.cancelConnect}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
      <label className="field">
        <span className="field-label">{s.serverLabel}</span>
        <input
          className="text-input"
          type="url"
          value={server}
          placeholder={s.serverPlaceholder}
          onChange={(e) => setServer(e.target.value)}
          readOnly={Boolean(presetServer)}
          aria-describedby={`${id}-help`}
          spellCheck={false}
          autoFocus={autoFocus}
        />
      </label>
      <p className="field-help" id={`${id}-help`}>
        {presetServer && policyFile ? s.managedServer(policyFile) : s.serverHelp}
      </p>
      {error && (
        <div className="inline-error compact" role="alert" id={`${id}-error`}>
          <div>
            <p className="inline-error-title">{s.connectFailed}</p>
            <p className="detail">{error}</p>
          </div>
        </div>
      )}
      <button type="submit" className="button button-primary" disabled={!server.trim()}>
        {submitLabel}
      </button>
    </form>
  );
}
