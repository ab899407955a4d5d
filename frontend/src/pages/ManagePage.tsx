import { useCallback, useEffect, useState } from 'react';
import { ScopeList, asWords } from '../components/catalog/ScopeList';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { getListing, type AppListing } from '../api/catalog';
import { AppError } from '../api/errors';
import {
  findInstallation,
  finishExternal,
  getConfiguration,
  getHistory,
  onInstallationsChanged,
  openConfigurationPage,
  reconnect,
  type ConfigState,
  type HistoryEntry,
  type ManagedInstallation,
} from '../api/manage';
import { onInstallProgress } from '../api/runtime';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { LoadError } from '../components/LoadError';
import { summarizeDetails } from '../components/admin/AuditTab';
import { AppIcon } from '../components/catalog/AppIcon';
import { StatusBadge } from '../components/install/StatusBadge';
import { ConfigForm, ReadOnlyConfig } from '../components/manage/ConfigForm';
import { RemoveDialog } from '../components/manage/RemoveDialog';
import { strings } from '../i18n';
import { formatDate } from '../state/format';
import { useSession } from '../state/session';
import { useShowError, useShowSuccess } from '../state/toasts';
import { useResource } from '../state/useResource';
import '../styles/manage.css';

const s = strings.manage;

interface Managed {
  installation: ManagedInstallation;
  listing: AppListing | null;
  config: ConfigState;
}

async function load(id: number): Promise<Managed> {
  const installation = await findInstallation(id);
  if (!installation) throw new AppError('not_found', s.notFoundTitle);
  const [listing, config] = await Promise.all([getListing(installation.listingId).catch(() => null), getConfiguration(id)]);
  return { installation, listing, config };
}

/** The catalog's icon of an app, served by the Go app (also for apps no longer listed). */
function iconOf(listingId: string): string {
  return `/catalog-assets/icon/${encodeURIComponent(listingId)}`;
}

/** "12 March 2026, 10:04" for audit times and refreshes; "" for "". */
export function formatDateTime(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** #/installed/:id — an installed app's Manage tab: overview, Configure, Remove, History. */
export function ManagePage() {
  const { id = '' } = useParams();
  const { me, version } = useSession();
  const [changes, setChanges] = useState(0);
  const installationId = Number(id);
  const loader = useCallback(() => load(installationId), [installationId]);
  const { resource, retry } = useResource(loader, `${id}:${me?.id}:${version}:${changes}`);
  const reload = useCallback(() => setChanges((n) => n + 1), []);

  useEffect(() => onInstallationsChanged(reload), [reload]);

  return (
    <div className="detail-page manage-page">
      <Link to="/installed" className="back-link">
        <Icon name="back" size={16} />
        {s.back}
      </Link>
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && resource.error.code === 'not_found' && (
        <div data-testid="manage-not-found">
          <EmptyState icon="installed" title={s.notFoundTitle} body={s.notFoundBody} />
        </div>
      )}
      {resource.status === 'error' && resource.error.code !== 'not_found' && (
        <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={s.retry} />
      )}
      {resource.status === 'ready' && resource.data.installation.id === installationId && (
        <Manage data={resource.data} reload={reload} />
      )}
    </div>
  );
}

function Manage({ data, reload }: { data: Managed; reload: () => void }) {
  const { installation, listing, config } = data;
  const name = installation.listingName || listing?.name || installation.listingId;
  const status = config.status || installation.status;
  return (
    <article className="manage" aria-labelledby="manage-title" data-testid="manage" data-status={status}>
      <header className="manage-header">
        <AppIcon src={iconOf(installation.listingId)} name={name} size={56} />
        <div className="manage-heading">
          <h1 id="manage-title" tabIndex={-1}>
            <Link to={`/apps/${encodeURIComponent(installation.listingId)}`} className="manage-name">
              {name}
            </Link>
          </h1>
          {listing?.developer?.name && <p className="muted">{listing.developer.name}</p>}
        </div>
        <StatusBadge status={status} />
      </header>
      <nav className="tabs manage-tabs" aria-label={s.tabsLabel}>
        <Link to={`/installed/${installation.id}`} className="tab active" aria-current="page">
          {s.tabManage}
        </Link>
        <Link to={`/apps/${encodeURIComponent(installation.listingId)}`} className="tab">
          {s.tabDetails}
        </Link>
      </nav>
      <Overview installation={installation} config={config} status={status} name={name} reload={reload} />
      <ConfigureSection config={config} name={name} reload={reload} />
      <RemoveSection installation={installation} listing={listing} config={config} name={name} />
      <History listingId={installation.listingId} />
    </article>
  );
}

type ReconnectStep = { kind: 'idle' } | { kind: 'starting' } | { kind: 'waiting' } | { kind: 'ended'; message: string };

/** Reconnect / Review and grant: a new consent in the browser, followed through install:progress. */
function useReconnect(installation: ManagedInstallation, name: string, reload: () => void) {
  const [step, setStep] = useState<ReconnectStep>({ kind: 'idle' });
  const showError = useShowError();
  const showSuccess = useShowSuccess();
  useEffect(
    () =>
      onInstallProgress((progress) => {
        if (progress.installationId !== installation.id && progress.listingId !== installation.listingId) return;
        if (progress.phase === 'waiting') return;
        if (progress.phase === 'done') {
          setStep({ kind: 'idle' });
          showSuccess(s.reconnectDone(name));
        } else {
          const message =
            progress.phase === 'declined' ? s.reconnectDeclined : progress.phase === 'cancelled' ? s.reconnectCancelled : progress.message || s.reconnectFailed;
          setStep({ kind: 'ended', message });
        }
        reload();
      }),
    [installation.id, installation.listingId, name, reload, showSuccess],
  );
  const start = async () => {
    setStep({ kind: 'starting' });
    try {
      await reconnect(installation.id);
      setStep({ kind: 'waiting' });
    } catch (reason) {
      setStep({ kind: 'idle' });
      showError(reason);
    }
  };
  return { step, start };
}

function Overview({
  installation,
  config,
  status,
  name,
  reload,
}: {
  installation: ManagedInstallation;
  config: ConfigState;
  status: string;
  name: string;
  reload: () => void;
}) {
  const { step, start } = useReconnect(installation, name, reload);
  const granted = installation.grantedScopes ?? [];
  const newScopes = installation.newScopes ?? [];
  const forAccount = installation.level === 'account';
  const busy = step.kind === 'starting' || step.kind === 'waiting';
  const missing = config.missing ?? [];
  const labelOf = (key: string) => config.fields?.find((f) => f.key === key)?.label ?? key;

  let summary: string;
  if (config.kind === 'none' || !config.kind) summary = s.nothingToConfigure;
  else if (missing.length > 0) summary = s.missing(missing.map(labelOf).join(', '));
  else if (config.configuredAt) summary = s.configuredAt(formatDate(config.configuredAt));
  else if (config.kind === 'external') summary = s.configuredElsewhere;
  else if (status !== 'needs_configuration') summary = s.configured;
  else summary = s.notConfigured;

  return (
    <section className="manage-section" aria-labelledby="overview-title" data-testid="manage-overview">
      <h2 id="overview-title" className="section-title visually-hidden">
        {s.overviewTitle}
      </h2>
      {status === 'reconnect_needed' && (
        <div className="banner banner-warn" data-testid="reconnect-needed">
          <Icon name="warning" />
          <p>{s.reconnectNeeded(name)}</p>
          <button type="button" className="button button-primary" onClick={start} disabled={busy} aria-busy={busy}>
            {s.reconnect}
          </button>
        </div>
      )}
      <dl className="facts manage-facts">
        <div className="facts-row">
          <dt>{s.status}</dt>
          <dd>
            <StatusBadge status={status} />
          </dd>
        </div>
        <div className="facts-row">
          <dt>{s.installedBy}</dt>
          <dd data-testid="installed-by">{s.installedOn(installation.installedByName, formatDate(installation.createdAt))}</dd>
        </div>
        <div className="facts-row">
          <dt>{s.installedFor}</dt>
          <dd>{forAccount ? s.forAccount : s.forYou}</dd>
        </div>
        <div className="facts-row">
          <dt>{s.granted}</dt>
          <dd>
            {granted.length > 0 ? (
              <div data-testid="manage-granted">
                <ScopeList scopes={installation.grantedScopeWords ?? granted.map(asWords)} compact />
              </div>
            ) : (
              <span className="muted">{s.noneGranted}</span>
            )}
          </dd>
        </div>
        {newScopes.length > 0 && (
          <div className="facts-row" data-testid="manage-new-scopes">
            <dt>{s.newScopes}</dt>
            <dd className="manage-new-scopes">
              <ScopeList scopes={installation.newScopeWords ?? newScopes.map(asWords)} compact />
              <p className="field-help">{s.newScopesHelp(name)}</p>
              <div>
                <button type="button" className="button" onClick={start} disabled={busy} aria-busy={busy}>
                  {s.reviewGrant}
                </button>
              </div>
            </dd>
          </div>
        )}
        <div className="facts-row">
          <dt>{s.lastRefresh}</dt>
          <dd>{installation.lastRefreshAt ? formatDateTime(installation.lastRefreshAt) : s.never}</dd>
        </div>
        <div className="facts-row">
          <dt>{s.configSummary}</dt>
          <dd data-testid="config-summary">{summary}</dd>
        </div>
      </dl>
      {step.kind === 'waiting' && (
        <p className="banner banner-info" role="status">
          {s.reconnectWaiting}
        </p>
      )}
      {step.kind === 'ended' && (
        <p className="field-error" role="alert">
          {step.message}
        </p>
      )}
    </section>
  );
}

function ConfigureSection({ config, name, reload }: { config: ConfigState; name: string; reload: () => void }) {
  const showError = useShowError();
  const [busy, setBusy] = useState<'open' | 'finish' | null>(null);
  const dropped = config.dropped ?? [];

  const run = async (which: 'open' | 'finish') => {
    setBusy(which);
    try {
      if (which === 'open') await openConfigurationPage(config.installationId);
      else {
        await finishExternal(config.installationId);
        reload();
      }
    } catch (reason) {
      showError(reason);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="manage-section panel-card" aria-labelledby="configure-title" data-testid="manage-configure" data-kind={config.kind}>
      <div>
        <h2 id="configure-title" className="section-title">
          {s.configureTitle}
        </h2>
        {config.kind === 'form' && !config.readOnly && <p className="section-intro">{s.configureIntro(name)}</p>}
      </div>
      {dropped.length > 0 && <p className="muted">{s.dropped(dropped.join(', '))}</p>}
      {config.kind === 'form' && config.readOnly && <ReadOnlyConfig state={config} />}
      {config.kind === 'form' && !config.readOnly && <ConfigForm key={config.installationId} state={config} onSaved={reload} />}
      {config.kind === 'external' && (
        <div className="manage-external" data-testid="config-external">
          <p>{s.external(name)}</p>
          {config.readOnly ? (
            <p className="muted">{s.readOnly}</p>
          ) : (
            <div className="form-actions">
              <button type="button" className="button" onClick={() => run('open')} disabled={busy !== null}>
                <Icon name="external" size={14} />
                {s.openPage}
              </button>
              <button type="button" className="button button-primary" onClick={() => run('finish')} disabled={busy !== null} aria-busy={busy === 'finish'}>
                {busy === 'finish' ? s.finishing : s.finished}
              </button>
            </div>
          )}
        </div>
      )}
      {(config.kind === 'none' || !config.kind) && (
        <p className="muted" data-testid="config-none">
          {s.none}
        </p>
      )}
    </section>
  );
}

function RemoveSection({
  installation,
  listing,
  config,
  name,
}: {
  installation: ManagedInstallation;
  listing: AppListing | null;
  config: ConfigState;
  name: string;
}) {
  const { account } = useSession();
  const navigate = useNavigate();
  const showSuccess = useShowSuccess();
  const [confirming, setConfirming] = useState(false);
  const forAccount = installation.level === 'account';
  // Go refuses anyway; the button is hidden from those who may not remove it.
  const mayRemove = !config.readOnly;

  return (
    <section className="manage-section panel-card manage-remove" aria-labelledby="remove-section-title" data-testid="manage-remove">
      <h2 id="remove-section-title" className="section-title">
        {s.removeTitle}
      </h2>
      <p className="section-intro">
        {s.removeIntro(name)} {forAccount && s.removeIntroAccount(name)}
      </p>
      {mayRemove ? (
        <div>
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)} aria-haspopup="dialog">
            {s.remove}
          </button>
        </div>
      ) : (
        <p className="muted">{s.removeNotAllowed}</p>
      )}
      {confirming && (
        <RemoveDialog
          installationId={installation.id}
          appName={name}
          developerName={listing?.developer?.name ?? ''}
          forAccount={forAccount}
          accountName={account?.name ?? ''}
          onClose={() => setConfirming(false)}
          onRemoved={() => {
            showSuccess(s.removed(name));
            navigate('/installed');
          }}
        />
      )}
    </section>
  );
}

function History({ listingId }: { listingId: string }) {
  const { version } = useSession();
  const [changes, setChanges] = useState(0);
  const loader = useCallback(() => getHistory(listingId), [listingId]);
  const { resource, retry } = useResource<HistoryEntry[]>(loader, `${listingId}:${version}:${changes}`);
  useEffect(() => onInstallationsChanged(() => setChanges((n) => n + 1)), []);

  return (
    <section className="manage-section" aria-labelledby="history-title" data-testid="manage-history">
      <h2 id="history-title" className="section-title">
        {s.historyTitle}
      </h2>
      {resource.status === 'loading' && <p className="loading">{s.historyLoading}</p>}
      {resource.status === 'error' && <LoadError title={s.historyFailed} error={resource.error} retry={retry} retryLabel={s.retry} />}
      {resource.status === 'ready' && resource.data.length === 0 && <p className="muted">{s.historyEmpty}</p>}
      {resource.status === 'ready' && resource.data.length > 0 && (
        <div className="table-card">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{s.when}</th>
                <th scope="col">{s.who}</th>
                <th scope="col">{s.action}</th>
                <th scope="col">{s.details}</th>
              </tr>
            </thead>
            <tbody>
              {resource.data.map((entry) => (
                <tr key={entry.id} data-testid="history-row">
                  <td className="cell-date">{formatDateTime(entry.at)}</td>
                  <td>{entry.actorName || entry.actorEmail || s.system}</td>
                  <td>
                    <code className="audit-action">{entry.action}</code>
                  </td>
                  <td className="cell-text cell-details">{summarizeDetails(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
