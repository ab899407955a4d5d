import { useState } from 'react';
import { setRequirePreapproval } from '../../api/account';
import { toAppError } from '../../api/errors';
import { strings } from '../../i18n';
import { formatDate } from '../../state/format';
import { useSession } from '../../state/session';

const s = strings.admin.settings;

/** Admin › Account: the account's name and the "Require pre-approval" switch. */
export function AccountTab() {
  const { account, refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!account) return null;

  const onToggle = async () => {
    setBusy(true);
    setError('');
    try {
      await setRequirePreapproval(!account.requirePreapproval);
    } catch (reason) {
      setError(toAppError(reason).message);
    } finally {
      await refresh();
      setBusy(false);
    }
  };

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
          {error}
        </p>
      )}
    </section>
  );
}
