import { useCallback, type MouseEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { getListing, type AppListing, type Scope } from '../api/catalog';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { AppIcon } from '../components/catalog/AppIcon';
import { Installs, Rating, TypeBadge } from '../components/catalog/AppMeta';
import { Description } from '../components/catalog/Description';
import { ExternalLink } from '../components/catalog/ExternalLink';
import { ScopeList } from '../components/catalog/ScopeList';
import { Screenshots } from '../components/catalog/Screenshots';
import { ActionArea } from '../components/approval/ActionArea';
import { ApprovalPanel } from '../components/approval/ApprovalPanel';
import { strings } from '../i18n';
import { discoverPath } from '../state/discoverQuery';
import { formatDate } from '../state/format';
import { useSession } from '../state/session';
import { useAppAction } from '../state/useAppAction';
import { useInstallation } from '../state/useInstallation';
import { DeveloperLink, WhatsNew } from '../components/catalog/DeveloperLink';
import { useCatalogVersion } from '../state/useCatalogVersion';
import { useResource } from '../state/useResource';

const s = strings.detail;

/** Back to where the person came from (Discover with its filters), or to Discover. */
function BackLink() {
  const location = useLocation();
  const navigate = useNavigate();
  // The first entry of this window's history has the key "default": nothing in-app to go back to.
  const canGoBack = location.key !== 'default';
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!canGoBack) return;
    event.preventDefault();
    navigate(-1);
  };
  return (
    <Link to="/discover" className="back-link" onClick={onClick}>
      <Icon name="back" size={16} />
      {s.back}
    </Link>
  );
}

export function AppDetailPage() {
  const { id = '' } = useParams();
  const version = useCatalogVersion();
  const load = useCallback(() => getListing(id), [id]);
  const { resource, retry } = useResource(load, `${id}\n${version}`);

  return (
    <div className="detail-page">
      <BackLink />
      {resource.status === 'loading' && (
        <p className="loading" aria-live="polite">
          {s.loading}
        </p>
      )}
      {resource.status === 'error' && resource.error.code === 'not_found' && (
        <div data-testid="not-found">
          <EmptyState icon="search" title={s.notFoundTitle} body={s.notFoundBody} />
          <p className="empty-action">
            <Link to="/discover" className="button">
              {s.backToDiscover}
            </Link>
          </p>
        </div>
      )}
      {resource.status === 'error' && resource.error.code !== 'not_found' && (
        <div className="inline-error" role="alert">
          <div>
            <p className="inline-error-title">{s.loadFailed}</p>
            <p className="detail">{resource.error.message}</p>
          </div>
          <button type="button" className="button" onClick={retry}>
            {s.retry}
          </button>
        </div>
      )}
      {resource.status === 'ready' && resource.data.id === id && <AppDetail app={resource.data} />}
    </div>
  );
}

function AppDetail({ app }: { app: AppListing }) {
  const { me } = useSession();
  const { resource: action, retry, reload } = useAppAction(app.id);
  const { resource: installation, retry: retryInstallation } = useInstallation(app.id);
  const approval = me?.manager && action.status === 'ready' ? action.data.approval : null;
  return (
    <article className="app-detail" aria-labelledby="app-name">
      {app.noLongerListed && (
        <div className="banner banner-warn" data-testid="no-longer-listed">
          <Icon name="warning" />
          <div>
            <p className="banner-title">{s.noLongerListedTitle}</p>
            <p>{s.noLongerListedBody}</p>
          </div>
        </div>
      )}
      <header className="detail-header">
        <AppIcon src={app.iconUrl} name={app.name} size={72} />
        <div className="detail-heading">
          <h1 id="app-name" tabIndex={-1}>{app.name}</h1>
          <p className="detail-developer">
            <DeveloperLink name={app.developer?.name ?? ''} />
            {app.developer?.verified && (
              <span className="badge badge-ok" data-testid="verified">
                <Icon name="verified" size={13} />
                {strings.listing.verified}
              </span>
            )}
            {app.developer?.website && <ExternalLink href={app.developer.website}>{s.website}</ExternalLink>}
          </p>
          <p className="detail-summary">{app.summary}</p>
          <div className="detail-badges">
            <TypeBadge type={app.type} long />
            <Rating stats={app.stats} />
            <Installs stats={app.stats} />
          </div>
        </div>
        <div className="detail-actions">
          <ActionArea
            app={app}
            resource={action}
            installation={installation}
            retry={() => {
              retry();
              retryInstallation();
            }}
            onChanged={reload}
          />
          {installation.status === 'ready' && installation.data && (
            <Link
              to={`/installed/${installation.data.id}`}
              className="button detail-manage"
              aria-label={strings.manage.manageLinkLabel(app.name)}
              data-testid="manage-link"
            >
              {strings.manage.manageLink}
            </Link>
          )}
        </div>
      </header>

      <div className="detail-body">
        <div className="detail-main">
          <section aria-labelledby="about-app">
            <h2 id="about-app" className="section-title">
              {s.description}
            </h2>
            <Description html={app.descriptionHtml} />
          </section>
          <WhatsNew app={app} />
          {app.screenshots?.length > 0 && <Screenshots shots={app.screenshots} />}
          <Permissions scopes={app.consentScopes ?? app.scopes ?? []} />
        </div>
        <aside className="detail-aside">
          {approval && <ApprovalPanel listingId={app.id} approval={approval} onChanged={reload} />}
          <Information app={app} />
          <Links app={app} />
        </aside>
      </div>
    </article>
  );
}

function Permissions({ scopes }: { scopes: Scope[] }) {
  return (
    <section aria-labelledby="permissions">
      <h2 id="permissions" className="section-title">
        {s.permissions}
      </h2>
      <p className="section-intro">{s.permissionsIntro}</p>
      <ScopeList scopes={scopes} />
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Information({ app }: { app: AppListing }) {
  return (
    <section aria-labelledby="information">
      <h2 id="information" className="section-title">
        {s.information}
      </h2>
      <dl className="facts facts-compact">
        <Fact label={s.version}>{app.version}</Fact>
        <Fact label={s.published}>
          <span data-testid="published">{formatDate(app.publishedAt)}</span>
        </Fact>
        <Fact label={s.updated}>
          <span data-testid="updated">{formatDate(app.updatedAt)}</span>
        </Fact>
        <Fact label={s.categories}>
          <span className="chips">
            {(app.categories ?? []).map((c) => (
              <Link key={c} to={discoverPath({ category: c })} className="chip">
                {c}
              </Link>
            ))}
          </span>
        </Fact>
        {app.sourceName && <Fact label={s.source}>{app.sourceName}</Fact>}
      </dl>
    </section>
  );
}

function Links({ app }: { app: AppListing }) {
  const links = [
    { href: app.links?.privacyPolicy, label: s.privacyPolicy },
    { href: app.links?.terms, label: s.terms },
    { href: app.links?.support, label: s.support },
    { href: app.links?.documentation, label: s.documentation },
  ].filter((link): link is { href: string; label: string } => Boolean(link.href));
  if (links.length === 0) return null;
  return (
    <section aria-labelledby="links">
      <h2 id="links" className="section-title">
        {s.links}
      </h2>
      <ul className="link-list">
        {links.map((link) => (
          <li key={link.label}>
            <ExternalLink href={link.href}>{link.label}</ExternalLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
