import { useCallback, type ComponentType } from 'react';
import { Navigate, NavLink, useParams } from 'react-router-dom';
import { getPendingCount } from '../api/approval';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { AccountTab } from '../components/admin/AccountTab';
import { AppsTab } from '../components/admin/AppsTab';
import { AuditTab } from '../components/admin/AuditTab';
import { RequestsTab } from '../components/admin/RequestsTab';
import { UsersTab } from '../components/admin/UsersTab';
import { strings } from '../i18n';
import { useSession } from '../state/session';
import { useResource } from '../state/useResource';

const s = strings.admin;

const tabs = ['apps', 'requests', 'users', 'audit', 'settings'] as const;
type Tab = (typeof tabs)[number];

const panels: Record<Tab, ComponentType> = {
  apps: AppsTab,
  requests: RequestsTab,
  users: UsersTab,
  audit: AuditTab,
  settings: AccountTab,
};

/** Admin (managers only): one section per tab, the tab in the URL (#/admin/requests). */
export function AdminPage() {
  const { tab = 'apps' } = useParams();
  const { me, version } = useSession();
  const load = useCallback(() => getPendingCount(), []);
  const { resource: pending } = useResource(load, version);

  if (!(tabs as readonly string[]).includes(tab)) return <Navigate to="/admin/apps" replace />;
  if (!me?.manager) {
    return (
      <>
        <PageHeader title={s.title} subtitle={s.subtitle} />
        <EmptyState icon="admin" title={s.notManagerTitle} body={s.notManagerBody} />
      </>
    );
  }
  const Panel = panels[tab as Tab];
  const pendingCount = pending.status === 'ready' ? pending.data : 0;
  return (
    <>
      <PageHeader title={s.title} subtitle={s.subtitle} />
      <nav className="tabs" aria-label={s.tabsLabel} data-focus-stays>
        {tabs.map((t) => (
          <NavLink key={t} to={`/admin/${t}`} className="tab">
            {s.tabs[t]}
            {t === 'requests' && pendingCount > 0 && (
              <>
                <span className="nav-badge" aria-hidden="true">
                  {pendingCount}
                </span>
                <span className="visually-hidden">, {strings.nav.pendingBadge(pendingCount)}</span>
              </>
            )}
          </NavLink>
        ))}
      </nav>
      <div className="tab-panel">
        <Panel />
      </div>
    </>
  );
}
