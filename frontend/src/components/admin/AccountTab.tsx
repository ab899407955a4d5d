import { useState } from 'react';
import { setRequirePreapproval } from '../../api/account';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { asSentence, formatDate } from '../../state/format';
import { useSession } from '../../state/session';
import { Dialog } from '../Dialog';

const s = strings.admin.settings;

/** Admin › Account: the account's name and the "Require pre-approval" switch (turning it off asks first). */
export function AccountTab() {
  const { account, refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  if (!account) return null;

  const apply = async (required: boolean) => {
    setBusy(true);
    setError('');
    try {
      await setRequirePreapproval(required);
    } catch (reason) {
      setError(asSentence(toAppError(reason).message));
    } finally {
      setConfirming(false);
      await refresh();
      setBusy(false);
    }
  };
  // Turning it off opens installs to everyone at once: ask first. Turning it on only restricts.
  const onToggle = () => (account.requirePreapproval ? setConfirming(true) : void apply(true));

  return (
    <section className="admin-section" aria-label={s.title}>
      <dl className="facts">
        <div className="facts-row">
          <dt>{s.accountName}</dt>
          <dd>{account.name}</dd>
        </div>
        <div className="facts-row">
          <dt>{s.created}</dt>
          <dd>{formatDate(account.createdAt)}</dd>
        </div>
      </dl>
      <div className="settings-card setting-row">
        <div>
          <h2 id="require-title" className="card-title">
            {s.requireTitle}
          </h2>
          <p id="require-body" className="section-intro">
            {s.requireBody}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={account.requirePreapproval}
          aria-labelledby="require-title"
          aria-describedby="require-body"
          disabled={busy}
          onClick={onToggle}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-text">{account.requirePreapproval ? s.on : s.off}</span>
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {s.failed} {error}
        </p>
      )}
      {confirming && (
        <Dialog labelledBy="require-off-title" describedBy="require-off-body" onEscape={() => !busy && setConfirming(false)} testId="require-off-dialog">
          <header className="dialog-header">
            <div className="dialog-heading">
              <h2 id="require-off-title">{s.offTitle}</h2>
            </div>
          </header>
          <div className="dialog-body">
            <div id="require-off-body">
              <p className="dialog-lead">{s.offBody(account.name)}</p>
              <p>{s.offKept}</p>
            </div>
            <div className="dialog-actions">
              <span className="dialog-actions-spacer" />
              <button type="button" className="button" onClick={() => setConfirming(false)} disabled={busy} data-autofocus>
                {s.cancel}
              </button>
              <button type="button" className="button button-danger" onClick={() => void apply(false)} disabled={busy} aria-busy={busy}>
                {s.offConfirm}
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}
