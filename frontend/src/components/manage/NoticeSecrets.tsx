import { useEffect, useRef, useState, type FormEvent } from 'react';
import { listNoticeSecrets, setNoticeSecret, type NoticeSecretStatus } from '../../api/manage';
import { strings } from '../../i18n';
import { formatRelative, useNow } from '../../state/format';
import { useShowError, useShowSuccess } from '../../state/toasts';
import { useResource } from '../../state/useResource';
import { LoadError } from '../LoadError';

const s = strings.manage;

/**
 * Settings › Developer notices › Signing secrets (managers only; Go refuses
 * everyone else anyway). The secret is typed into a password field, sent to
 * Go once and never shown or sent back.
 */
export function NoticeSecrets({ reloadKey, target, onSaved }: { reloadKey: number; target: string; onSaved: () => void }) {
  const secrets = useResource(listNoticeSecrets, reloadKey);
  return (
    <div className="notices-group" data-testid="notice-secrets">
      <h3 className="notices-subtitle">{s.secretsTitle}</h3>
      <p className="section-intro">{s.secretsIntro}</p>
      {secrets.resource.status === 'loading' && <p className="loading">{s.secretsLoading}</p>}
      {secrets.resource.status === 'error' && (
        <LoadError title={s.secretsFailed} error={secrets.resource.error} retry={secrets.retry} retryLabel={s.retry} />
      )}
      {secrets.resource.status === 'ready' && secrets.resource.data.length === 0 && <p className="muted">{s.secretsEmpty}</p>}
      {secrets.resource.status === 'ready' && secrets.resource.data.length > 0 && (
        <ul className="source-list notice-list" data-testid="secret-list">
          {secrets.resource.data.map((st) => (
            <SecretRow key={st.listingId} status={st} />
          ))}
        </ul>
      )}
      <SecretForm target={target} onSaved={onSaved} />
    </div>
  );
}

function SecretRow({ status }: { status: NoticeSecretStatus }) {
  const now = useNow();
  const when = (value: string) => formatRelative(value, s.justNow, now);
  return (
    <li className="source-row notice-row" data-testid="secret-row" data-listing={status.listingId}>
      <div className="source-main">
        <p className="source-name">
          <code className="notice-app">{status.listingId}</code>
        </p>
        <p className="source-meta">
          {[s.secretSetAt(when(status.setAt), status.setBy), status.previousUntil ? s.secretPrevious(when(status.previousUntil)) : '']
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
    </li>
  );
}

function SecretForm({ target, onSaved }: { target: string; onSaved: () => void }) {
  const showError = useShowError();
  const showSuccess = useShowSuccess();
  const [listingId, setListingId] = useState(target);
  const [secret, setSecret] = useState('');
  const [saving, setSaving] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!target) return;
    setListingId(target);
    secretRef.current?.focus();
  }, [target]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const app = listingId.trim();
    if (!app || !secret.trim()) return;
    setSaving(true);
    try {
      await setNoticeSecret(app, secret);
      setSecret(''); // never kept in the page once Go has it
      showSuccess(s.secretSaved(app));
      onSaved();
    } catch (reason) {
      showError(reason);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="secret-form" onSubmit={onSubmit} data-testid="secret-form" autoComplete="off">
      <label className="secret-form-field">
        <span>{s.secretApp}</span>
        <input className="text-input" value={listingId} onChange={(e) => setListingId(e.target.value)} spellCheck={false} required />
      </label>
      <label className="secret-form-field secret-form-value">
        <span>{s.secretValue}</span>
        <input
          ref={secretRef}
          className="text-input"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-describedby="secret-value-help"
          required
        />
      </label>
      <button type="submit" className="button button-primary" disabled={saving || !listingId.trim() || !secret.trim()} aria-busy={saving}>
        {saving ? s.secretSaving : s.secretSave}
      </button>
      <p id="secret-value-help" className="field-help secret-form-help">
        {s.secretValueHelp}
      </p>
    </form>
  );
}
