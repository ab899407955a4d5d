import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { initAccount } from '../api/account';
import { toAppError } from '../api/errors';
import { getOrgStatus, type OrgStatus } from '../api/org';
import { strings } from '../i18n';
import { OrgConnectForm } from './org/OrgConnectForm';

const s = strings.welcome;

/**
 * First launch: create the local account (the person becomes its owner), or
 * connect to the organization's server. A managed policy presets the server
 * and may forbid the local account (local_mode false): then only Connect shows,
 * and the sign-in opens by itself (a deployed desktop: nothing to choose).
 */
export function Welcome({ suggestedName, onCreated }: { suggestedName: string; onCreated: () => Promise<void> }) {
  const [org, setOrg] = useState<OrgStatus | null>(null);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    // Unknown (the local database failed): offer both, the local account first.
    getOrgStatus()
      .then(setOrg, () => {})
      .finally(() => setAsked(true));
  }, []);
  const localAllowed = !org || org.localMode;
  const preset = org?.state === 'managed' ? org.server : undefined;
  const connectForm = (
    <OrgConnectForm
      presetServer={preset}
      policyFile={org?.policyFile}
      submitLabel={strings.org.connectLabel}
      onConnected={() => onCreated()}
      autoFocus={!localAllowed}
      startAtOnce={!localAllowed && Boolean(preset)}
    />
  );
  const connect = (
    <section className="welcome-org" aria-labelledby="welcome-org-title">
      <h2 id="welcome-org-title" className="section-title">
        {strings.org.welcomeTitle}
      </h2>
      <p className="welcome-intro">{strings.org.welcomeIntro}</p>
      {connectForm}
    </section>
  );
  if (!asked) return null; // a policy may hide the local account: no flash of it
  if (!localAllowed) {
    return (
      <main className="welcome" aria-labelledby="welcome-title">
        <div className="welcome-card">
          <div className="brand welcome-brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">{strings.app.name}</span>
          </div>
          <h1 id="welcome-title">{strings.org.welcomeTitle}</h1>
          <p className="welcome-intro">{strings.org.welcomeManaged}</p>
          {connectForm}
        </div>
      </main>
    );
  }
  return <LocalSetup suggestedName={suggestedName} onCreated={onCreated} connect={connect} />;
}

function LocalSetup({
  suggestedName,
  onCreated,
  connect,
}: {
  suggestedName: string;
  onCreated: () => Promise<void>;
  connect: ReactNode;
}) {
  const [accountName, setAccountName] = useState('');
  const [name, setName] = useState(suggestedName);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await initAccount({ accountName: accountName.trim(), name: name.trim(), email: email.trim() });
      await onCreated();
    } catch (reason) {
      setError(toAppError(reason).message);
      setBusy(false);
    }
  };

  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <div className="welcome-card">
        <div className="brand welcome-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{strings.app.name}</span>
        </div>
        <h1 id="welcome-title">{s.title}</h1>
        <p className="welcome-intro">{s.intro}</p>
        <form className="form" onSubmit={onSubmit} noValidate aria-describedby={error ? 'welcome-error' : undefined}>
          <label className="field">
            <span className="field-label">{s.accountName}</span>
            <input
              className="text-input"
              type="text"
              value={accountName}
              placeholder={s.accountNamePlaceholder}
              onChange={(e) => setAccountName(e.target.value)}
              autoComplete="organization"
              autoFocus
            />
          </label>
          <label className="field">
            <span className="field-label">{s.name}</span>
            <input className="text-input" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
          <label className="field">
            <span className="field-label">{s.email}</span>
            <input
              className="text-input"
              type="email"
              value={email}
              placeholder={s.emailPlaceholder}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
              spellCheck={false}
            />
          </label>
          {error && (
            <div className="inline-error compact" role="alert" id="welcome-error">
              <div>
                <p className="inline-error-title">{s.failed}</p>
                <p className="detail">{error}</p>
              </div>
            </div>
          )}
          <button type="submit" className="button button-primary button-large" disabled={busy} aria-busy={busy}>
            {busy ? s.creating : s.create}
          </button>
        </form>
        <p className="welcome-note">{s.localNote}</p>
        {connect}
      </div>
    </main>
  );
}
