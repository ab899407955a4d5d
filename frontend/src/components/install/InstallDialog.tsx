import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppListing } from '../../api/catalog';
import { toAppError } from '../../api/errors';
import { beginInstall, cancelInstall, openConsentAgain, type InstallProgress } from '../../api/install';
import { onInstallProgress } from '../../api/runtime';
import { strings } from '../../i18n';
import { useSession } from '../../state/session';
import { Dialog } from '../Dialog';
import { Icon } from '../Icon';
import { AppIcon } from '../catalog/AppIcon';
import { ExternalLink } from '../catalog/ExternalLink';
import { ScopeList } from '../catalog/ScopeList';
import { authorizationServerHost } from './authorizationServer';

const s = strings.install;

/** Where the dialog is: the review, Begin in flight, waiting for the browser, or how it ended. */
type Step =
  | { kind: 'review'; error: string }
  | { kind: 'starting' }
  | { kind: 'waiting'; id: number; authUrl: string }
  | { kind: 'outcome'; phase: 'declined' | 'cancelled' | 'failed'; message: string };

/**
 * Install, in the window: review what the app will be able to do, then
 * Continue opens the consent in the system browser and the dialog waits for
 * its outcome (install:progress events). onInstalled gets the final progress
 * of a successful install; onClose is called otherwise.
 */
export function InstallDialog({
  app,
  onClose,
  onInstalled,
}: {
  app: AppListing;
  onClose: () => void;
  onInstalled: (progress: InstallProgress) => void;
}) {
  const [step, setStep] = useState<Step>({ kind: 'review', error: '' });
  // The installation this dialog started; events of others are not ours.
  const idRef = useRef<number | null>(null);
  // Events that arrived before Begin resolved (Go emits "waiting" as it opens the browser).
  const early = useRef<InstallProgress[]>([]);
  const stepRef = useRef(step);
  stepRef.current = step;
  const onInstalledRef = useRef(onInstalled);
  onInstalledRef.current = onInstalled;

  const apply = useCallback((p: InstallProgress) => {
    switch (p.phase) {
      case 'waiting':
        setStep((cur) => (cur.kind === 'waiting' ? { ...cur, authUrl: p.authUrl || cur.authUrl } : cur));
        return;
      case 'done':
        idRef.current = null;
        onInstalledRef.current(p);
        return;
      case 'declined':
        idRef.current = null;
        setStep({ kind: 'outcome', phase: 'declined', message: s.declined });
        return;
      case 'cancelled':
        idRef.current = null;
        setStep({ kind: 'outcome', phase: 'cancelled', message: s.cancelled });
        return;
      default:
        idRef.current = null;
        setStep({ kind: 'outcome', phase: 'failed', message: p.message || strings.errors.generic });
    }
  }, []);

  useEffect(() => {
    const off = onInstallProgress((p) => {
      if (p.listingId !== app.id) return;
      if (stepRef.current.kind === 'starting' && idRef.current === null) {
        early.current.push(p);
        return;
      }
      if (p.installationId === idRef.current) apply(p);
    });
    return () => {
      off();
      // Leaving while the browser waits (the page went away): stop it, so nothing is left half-done.
      if (idRef.current !== null) void cancelInstall(idRef.current).catch(() => {});
    };
  }, [app.id, apply]);

  const onContinue = async () => {
    if (step.kind !== 'review') return;
    early.current = [];
    setStep({ kind: 'starting' });
    let progress: InstallProgress;
    try {
      progress = await beginInstall(app.id);
    } catch (reason) {
      setStep({ kind: 'review', error: toAppError(reason).message });
      return;
    }
    idRef.current = progress.installationId;
    setStep({ kind: 'waiting', id: progress.installationId, authUrl: progress.authUrl ?? '' });
    const buffered = early.current.filter((p) => p.installationId === progress.installationId);
    early.current = [];
    for (const p of buffered) {
      if (idRef.current === null) break;
      apply(p);
    }
  };

  const tryAgain = () => setStep({ kind: 'review', error: '' });

  // While waiting, Escape is the panel's Cancel button; while Begin runs, it waits.
  const cancelRef = useRef<(() => void) | null>(null);
  const onEscape = () => {
    if (step.kind === 'review' || step.kind === 'outcome') onClose();
    else if (step.kind === 'waiting') cancelRef.current?.();
  };

  const titleId = 'install-dialog-title';
  return (
    <Dialog
      labelledBy={titleId}
      describedBy="install-dialog-body"
      onEscape={onEscape}
      focusKey={step.kind}
      className="install-dialog"
      testId="install-dialog"
    >
      {/* Not a <header>: outside main it would be a second banner landmark. */}
      <div className="dialog-header">
        <AppIcon src={app.iconUrl} name={app.name} size={48} />
        <div className="dialog-heading">
          <h2 id={titleId}>{s.title(app.name)}</h2>
          <p className="dialog-developer">
            <span>{s.by(app.developer?.name ?? '')}</span>
            {app.developer?.verified && (
              <span className="badge badge-ok" data-testid="dialog-verified">
                <Icon name="verified" size={13} />
                {strings.listing.verified}
              </span>
            )}
          </p>
        </div>
      </div>
      <div id="install-dialog-body" className="dialog-body" data-step={step.kind}>
        {(step.kind === 'review' || step.kind === 'starting') && (
          <Review app={app} error={step.kind === 'review' ? step.error : ''} busy={step.kind === 'starting'} onCancel={onClose} onContinue={onContinue} />
        )}
        {step.kind === 'waiting' && <WaitingPanel app={app} id={step.id} authUrl={step.authUrl} cancelRef={cancelRef} />}
        {step.kind === 'outcome' && <Outcome step={step} onClose={onClose} onTryAgain={tryAgain} />}
      </div>
    </Dialog>
  );
}

function Review({
  app,
  error,
  busy,
  onCancel,
  onContinue,
}: {
  app: AppListing;
  error: string;
  busy: boolean;
  onCancel: () => void;
  onContinue: () => void;
}) {
  const { account } = useSession();
  // Every scope the consent page will show (offline_access too), in words.
  const scopes = app.consentScopes ?? app.scopes ?? [];
  const server = authorizationServerHost(app.oauth);
  const links = [
    { href: app.links?.privacyPolicy, label: s.privacyPolicy },
    { href: app.links?.terms, label: s.terms },
  ].filter((link): link is { href: string; label: string } => Boolean(link.href));
  return (
    <>
      <p className="dialog-lead">{scopes.length > 0 ? s.willBeAbleTo(app.name) : s.noScopes}</p>
      {scopes.length > 0 && <ScopeList scopes={scopes} compact />}
      <p className="dialog-audience" data-testid="install-audience">
        <Icon name={app.type === 'account' ? 'account' : 'user'} size={16} />
        <span>{app.type === 'account' ? s.forEveryone(account?.name ?? '') : s.forYou}</span>
      </p>
      <p className="dialog-note dialog-server" data-testid="install-server">
        <Icon name="lock" size={14} />
        {server !== null ? (
          <span>
            {s.serverAt} <strong data-testid="install-server-host">{server || s.unknownServer}</strong>
          </span>
        ) : (
          <span>{s.sandboxServer}</span>
        )}
      </p>
      {links.length > 0 && (
        <ul className="dialog-links">
          {links.map((link) => (
            <li key={link.label}>
              <ExternalLink href={link.href}>{link.label}</ExternalLink>
            </li>
          ))}
        </ul>
      )}
      <p className="dialog-note">{s.browserNote}</p>
      {error && (
        <div className="dialog-error" role="alert" data-testid="install-error">
          <Icon name="warning" size={16} />
          <div>
            <p className="dialog-error-title">{s.notStarted}</p>
            <p>{error}</p>
          </div>
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {s.cancel}
        </button>
        <button type="button" className="button button-primary" onClick={onContinue} disabled={busy} aria-busy={busy} data-autofocus>
          {busy ? s.starting : s.continue}
        </button>
      </div>
    </>
  );
}

function WaitingPanel({
  app,
  id,
  authUrl,
  cancelRef,
}: {
  app: AppListing;
  id: number;
  authUrl: string;
  cancelRef: { current: (() => void) | null };
}) {
  const [error, setError] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const openAgain = async () => {
    setError('');
    try {
      await openConsentAgain(id);
    } catch (reason) {
      setError(toAppError(reason).message);
    }
  };

  const copy = async () => {
    setError('');
    try {
      await navigator.clipboard.writeText(authUrl);
      setCopied(true);
      setCopyFailed(false);
    } catch {
      setCopyFailed(true);
    }
  };

  const cancel = async () => {
    if (cancelling) return;
    setError('');
    setCancelling(true);
    try {
      await cancelInstall(id); // the "cancelled" event ends the wait
    } catch (reason) {
      setError(toAppError(reason).message);
      setCancelling(false);
    }
  };
  cancelRef.current = () => void cancel();

  return (
    <div className="waiting" data-testid="install-waiting">
      <div className="waiting-status" role="status">
        <span className="spinner" aria-hidden="true" />
        <p className="waiting-title">{s.waitingTitle}</p>
      </div>
      <p className="dialog-note">{s.waitingHelp(app.name)}</p>
      {copyFailed && (
        <div className="waiting-link">
          <p>{s.copyFailed}</p>
          <input className="text-input" readOnly value={authUrl} aria-label={s.linkLabel} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={cancel} disabled={cancelling} aria-busy={cancelling}>
          {cancelling ? s.cancelling : s.cancel}
        </button>
        <span className="dialog-actions-spacer" />
        <button type="button" className="button" onClick={copy} disabled={!authUrl || cancelling} aria-live="polite">
          {copied ? s.copied : s.copyLink}
        </button>
        <button type="button" className="button button-primary" onClick={openAgain} disabled={cancelling} data-autofocus>
          {s.openAgain}
        </button>
      </div>
    </div>
  );
}

function Outcome({
  step,
  onClose,
  onTryAgain,
}: {
  step: { phase: 'declined' | 'cancelled' | 'failed'; message: string };
  onClose: () => void;
  onTryAgain: () => void;
}) {
  return (
    <div className="outcome" data-testid="install-outcome" data-phase={step.phase}>
      <div className={step.phase === 'failed' ? 'dialog-error' : 'dialog-info'} role="alert">
        <Icon name={step.phase === 'failed' ? 'warning' : 'about'} size={16} />
        <div>
          {step.phase === 'failed' ? (
            <>
              <p className="dialog-error-title">{s.failed}</p>
              <p>{step.message}</p>
            </>
          ) : (
            <p className="dialog-error-title">{step.message}</p>
          )}
        </div>
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onTryAgain}>
          {s.tryAgain}
        </button>
        <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
          {s.close}
        </button>
      </div>
    </div>
  );
}
