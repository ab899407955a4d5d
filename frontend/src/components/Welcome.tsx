import { useCallback, useEffect, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { initAccount } from '../api/account';
import { toAppError, type FieldError } from '../api/errors';
import { getOrgStatus, onOrgStatus, type OrgStatus } from '../api/org';
import { strings } from '../i18n';
import { asSentence } from '../state/format';
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
  // The sign-in may finish where this window's call did not see it end (a
  // deployed desktop whose sign-in was opened before the page settled):
  // Go's status event says connected, and that is enough to go on.
  const done = useRef(false);
  const connected = useCallback(async () => {
    if (done.current) return;
    done.current = true;
    await onCreated();
  }, [onCreated]);
  useEffect(() => onOrgStatus((next) => void (next.state === 'connected' && connected())), [connected]);
  const localAllowed = !org || org.localMode;
  const preset = org?.state === 'managed' ? org.server : undefined;
  const connectForm = (
    <OrgConnectForm
      presetServer={preset}
      policyFile={org?.policyFile}
      submitLabel={strings.org.connectLabel}
      onConnected={connected}
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

type WelcomeField = 'accountName' | 'name' | 'email';
const welcomeFields: readonly WelcomeField[] = ['accountName', 'name', 'email'];

/** Go's refused fields in the form's own words, by field. */
function fieldMessages(fields: FieldError[]): Partial<Record<WelcomeField, string>> {
  const out: Partial<Record<WelcomeField, string>> = {};
  for (const { field, reason } of fields) {
    if ((welcomeFields as readonly string[]).includes(field)) {
      out[field as WelcomeField] = s.fieldErrors[field]?.[reason] ?? s.fieldInvalid;
    }
  }
  return out;
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
  const [values, setValues] = useState<Record<WelcomeField, string>>({ accountName: '', name: suggestedName, email: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<WelcomeField, string>>>({});
  const inputs = useRef<Partial<Record<WelcomeField, HTMLInputElement | null>>>({});

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    setFieldErrors({});
    try {
      await initAccount({ accountName: values.accountName.trim(), name: values.name.trim(), email: values.email.trim() });
      await onCreated();
    } catch (reason) {
      const refused = toAppError(reason);
      const byField = fieldMessages(refused.fields);
      const first = welcomeFields.find((f) => byField[f]);
      if (first) {
        setFieldErrors(byField);
        // After the render that marks the fields: the first one to correct takes focus.
        window.setTimeout(() => inputs.current[first]?.focus(), 0);
      } else {
        setError(asSentence(refused.message));
      }
      setBusy(false);
    }
  };

  const field = (key: WelcomeField, label: string, props: InputHTMLAttributes<HTMLInputElement>) => {
    const message = fieldErrors[key];
    const errorId = `welcome-${key}-error`;
    return (
      <div className="field">
        <label className="field-label" htmlFor={`welcome-${key}`}>
          {label}
        </label>
        <input
          {...props}
          ref={(el) => {
            inputs.current[key] = el;
          }}
          id={`welcome-${key}`}
          className="text-input"
          value={values[key]}
          onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? errorId : undefined}
        />
        {message && (
          <p id={errorId} className="field-error" data-testid={`welcome-error-${key}`}>
            {message}
          </p>
        )}
      </div>
    );
  };
  const invalid = Object.keys(fieldErrors).length > 0;

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
          {invalid && (
            <p className="field-error" role="alert" data-testid="welcome-invalid">
              {s.fixFields}
            </p>
          )}
          {field('accountName', s.accountName, { type: 'text', placeholder: s.accountNamePlaceholder, autoComplete: 'organization', autoFocus: true })}
          {field('name', s.name, { type: 'text', autoComplete: 'name' })}
          {field('email', s.email, { type: 'email', placeholder: s.emailPlaceholder, autoComplete: 'email', spellCheck: false })}
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
