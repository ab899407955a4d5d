import { useCallback, useEffect } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { getPendingCount } from '../api/approval';
import { strings } from '../i18n';
import { useOrg } from '../state/org';
import { useSession } from '../state/session';
import { useSidebarCollapsed } from '../state/sidebar';
import { useResource } from '../state/useResource';
import { Icon, type IconName } from './Icon';
import { SyncStatus } from './SyncStatus';
import { UserMenu } from './UserMenu';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  badge?: number;
  /** Words for screen readers, and the badge's test id (default: pending requests). */
  badgeLabel?: (n: number) => string;
  badgeTestId?: string;
}

function NavItems({ items }: { items: NavItem[] }) {
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} className="nav-link">
            <Icon name={item.icon} />
            <span className="nav-label">{item.label}</span>
            {Boolean(item.badge) && (
              <>
                <span className="nav-badge" data-testid={item.badgeTestId ?? 'pending-badge'} aria-hidden="true">
                  {item.badge}
                </span>
                <span className="visually-hidden">, {(item.badgeLabel ?? strings.nav.pendingBadge)(item.badge ?? 0)}</span>
              </>
            )}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

/** Alt+1, Alt+2, … open the sidebar's pages in their order (as GNOME apps' tabs). */
function usePageShortcuts(items: NavItem[]) {
  const navigate = useNavigate();
  const paths = items.map((item) => item.to).join(' ');
  useEffect(() => {
    const targets = paths.split(' ');
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const n = Number(event.key);
      if (!Number.isInteger(n) || n < 1 || n > targets.length) return;
      event.preventDefault();
      navigate(targets[n - 1]);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, paths]);
}

/** Pending requests for the managers' badge; 0 for everyone else. */
function usePendingCount(manager: boolean, key: string): number {
  const load = useCallback(() => (manager ? getPendingCount() : Promise.resolve(0)), [manager]);
  const { resource } = useResource(load, key);
  return manager && resource.status === 'ready' ? resource.data : 0;
}

export function Sidebar() {
  const { me, version } = useSession();
  const manager = Boolean(me?.manager);
  const pending = usePendingCount(manager, `${me?.id}:${manager}:${version}`);
  const { unseenDecisions } = useOrg();
  const { collapsed, toggle } = useSidebarCollapsed();

  const primary: NavItem[] = [
    { to: '/discover', label: strings.nav.discover, icon: 'discover' },
    { to: '/installed', label: strings.nav.installed, icon: 'installed' },
    {
      to: '/requests',
      label: strings.nav.myRequests,
      icon: 'inbox',
      badge: unseenDecisions,
      badgeLabel: strings.org.newDecisions,
      badgeTestId: 'decisions-badge',
    },
    ...(manager ? [{ to: '/admin', label: strings.nav.admin, icon: 'admin' as const, badge: pending }] : []),
    { to: '/settings', label: strings.nav.settings, icon: 'settings' },
  ];
  const secondary: NavItem[] = [{ to: '/about', label: strings.nav.about, icon: 'about' }];
  usePageShortcuts([...primary, ...secondary]);

  return (
    <aside className={collapsed ? 'sidebar collapsed' : 'sidebar'} data-testid="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{strings.app.name}</span>
        <button
          type="button"
          className="sidebar-toggle"
          aria-expanded={!collapsed}
          aria-controls="sidebar-nav"
          title={collapsed ? strings.nav.expand : strings.nav.collapse}
          onClick={toggle}
        >
          <Icon name="menu" />
          <span className="visually-hidden">{strings.nav.sidebar}</span>
        </button>
      </div>
      <nav aria-label={strings.nav.label} className="nav" id="sidebar-nav">
        <NavItems items={primary} />
        <div className="nav-spacer" />
        <NavItems items={secondary} />
      </nav>
      <SyncStatus />
      <UserMenu />
    </aside>
  );
}
