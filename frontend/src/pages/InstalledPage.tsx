import { useCallback, useEffect, useState } from 'react';
import { ScopeList, asWords } from '../components/catalog/ScopeList';
import { Link } from 'react-router-dom';
import { getAction } from '../api/approval';
import { listInstalled, type Installation } from '../api/install';
import { onInstallProgress } from '../api/runtime';
import { EmptyState } from '../components/EmptyState';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { AppIcon } from '../components/catalog/AppIcon';
import { StatusBadge } from '../components/install/StatusBadge';
import { strings } from '../i18n';
import { formatDate } from '../state/format';
import { useSession } from '../state/session';
import { useResource } from '../state/useResource';

const s = strings.installed;

/** The catalog's icon of an app, served by the Go app (also for apps no longer listed). */
export function iconPath(listingId: string): string {
  return `/catalog-assets/icon/${encodeURIComponent(listingId)}`;
}

/** The signed-in user's apps and the account's, with their status and granted access. */
export function InstalledPage() {
  const { account, me, version } = useSession();
  const [local, setLocal] = useState(0);
  const load = useCallback(() => listInstalled(), []);
  const { resource, retry } = useResource(load, `${me?.id}:${version}:${local}`);

  // An install that finishes anywhere (another page's dialog) shows up here.
  useEffect(
    () =>
      onInstallProgress((progress) => {
        if (progress.phase === 'done') setLocal((n) => n + 1);
      }),
    [],
  );

  const mine = resource.status === 'ready' ? resource.data.filter((i) => i.level !== 'account') : [];
  const accounts = resource.status === 'ready' ? resource.data.filter((i) => i.level === 'account') : [];

  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      {resource.status === 'loading' && <p className="loading">{s.loading}</p>}
      {resource.status === 'error' && <LoadError title={s.loadFailed} error={resource.error} retry={retry} retryLabel={s.retry} />}
      {resource.status === 'ready' && resource.data.length === 0 && (
        <div data-testid="installed-empty">
          <EmptyState icon="installed" title={s.emptyTitle} body={s.emptyBody} />
          <p className="empty-action">
            <Link to="/discover" className="button">
              {s.browse}
            </Link>
          </p>
        </div>
      )}
      {mine.length > 0 && <InstalledSection id="installed-yours" title={s.yours} intro={s.yoursIntro} items={mine} />}
      {accounts.length > 0 && (
        <InstalledSection id="installed-account" title={s.account(account?.name ?? '')} intro={s.accountIntro} items={accounts} />
      )}
    </>
  );
}

function InstalledSection({ id, title, intro, items }: { id: string; title: string; intro: string; items: Installation[] }) {
  return (
    <section className="installed-section" aria-labelledby={id} data-testid={id}>
      <h2 id={id} className="section-title">
        {title}
      </h2>
      <p className="section-intro">{intro}</p>
      <ul className="installed-list">
        {items.map((installation) => (
          <InstalledRow key={installation.id} installation={installation} />
        ))}
      </ul>
    </section>
  );
}

/**
 * A user-level app whose pre-approval was withdrawn (or that was blocked)
 * since it was installed. Account-level apps are the managers' own decision.
 */
function useNoLongerApproved(installation: Installation): boolean {
  const { version } = useSession();
  const userLevel = installation.level !== 'account' && !installation.noLongerListed;
  const load = useCallback(
    () => (userLevel ? getAction(installation.listingId).then((a) => a.state) : Promise.resolve('install')),
    [userLevel, installation.listingId],
  );
  const { resource } = useResource(load, version);
  return resource.status === 'ready' && ['request', 'pending', 'denied', 'blocked'].includes(resource.data);
}

function InstalledRow({ installation }: { installation: Installation }) {
  const { me } = useSession();
  const noLongerApproved = useNoLongerApproved(installation);
  const granted = installation.grantedScopes ?? [];
  const notGranted = (installation.requestedScopes ?? []).filter((scope) => !granted.includes(scope));
  const forAccount = installation.level === 'account';
  const date = formatDate(installation.createdAt);
  const name = installation.listingName || installation.listingId;
  const canConfigure = !forAccount || Boolean(me?.manager);
  const showConfigure = installation.status === 'needs_configuration' && canConfigure;

  return (
    <li className="installed-row" data-testid="installed-row" data-listing={installation.listingId} data-status={installation.status}>
      <AppIcon src={iconPath(installation.listingId)} name={name} size={44} />
      <div className="installed-main">
        <p className="installed-title">
          <Link to={`/apps/${encodeURIComponent(installation.listingId)}`} className="installed-name">
            {name}
          </Link>
          <StatusBadge status={installation.status} />
          {installation.noLongerListed && (
            <span className="badge badge-neutral" data-testid="installed-no-longer-listed">
              {s.noLongerListed}
            </span>
          )}
          {noLongerApproved && (
            <span className="badge badge-warn" data-testid="installed-no-longer-approved" title={s.noLongerApprovedHelp}>
              {s.noLongerApproved}
            </span>
          )}
        </p>
        <p className="installed-meta">{forAccount ? s.installedByOn(installation.installedByName, date) : s.installedOn(date)}</p>
        <div className="installed-scopes">
          <span className="installed-scopes-label">{s.granted}</span>
          {granted.length > 0 ? (
            <div data-testid="granted-scopes">
              <ScopeList scopes={installation.grantedScopeWords ?? granted.map(asWords)} compact />
            </div>
          ) : (
            <span className="muted">{s.noneGranted}</span>
          )}
        </div>
        {notGranted.length > 0 && (
          <p className="installed-note" data-testid="not-granted">
            {s.notGranted(notGranted.join(', '))}
          </p>
        )}
      </div>
      {showConfigure && (
        <div className="installed-actions">
          <Link to={`/installed/${installation.id}`} className="button" aria-label={s.configureLabel(name)}>
            {s.configure}
          </Link>
        </div>
      )}
    </li>
  );
}
